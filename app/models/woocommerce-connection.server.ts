// A WooCommerce store connected through WooCommerce's app-authentication endpoint
// (https://woocommerce.github.io/woocommerce-rest-api-docs/#rest-api-keys):
//   1. startWooConnect stores a pending request (a random nonce, 30 minutes) and returns
//      <store>/wc-auth/v1/authorize?app_name&scope=read_write&user_id=<nonce>&return_url&callback_url;
//   2. the merchant approves; WooCommerce creates REST API keys and POSTs them as JSON
//      { key_id, user_id (our nonce), consumer_key, consumer_secret, key_permissions } to callback_url;
//   3. completeWooConnect claims the nonce (once), creates or reactivates the Shop and stores the
//      keys sealed (app/crypto/secret-box.ts) in WooCommerceConnection.
// The nonce is the callback's only proof of origin, so it is single-use and short-lived, and the
// keys are only ever used against the site URL the merchant named when starting (never one the
// callback names).
import crypto from "node:crypto";
import type { Db } from "~/db/client.server";
import { open, seal, type SecretKey } from "~/core/secret-box";
import type { WooClient } from "~/platforms/woocommerce/rest-client.server";

export const WOO_CONNECT_TTL_MS = 30 * 60_000;

export class WooConnectError extends Error {
  readonly code = "WOOCOMMERCE_CONNECT";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * "Shop.Example.com/" or "https://example.com/shop/?x=1" -> the site URL the REST API lives under
 * (https, lower-case host, a WordPress folder kept, no query) and the Shop domain: the host, plus
 * the folder when WordPress runs in one (two stores in folders of one host stay two shops).
 * http:// only for 127.0.0.1 and localhost (tests and local development).
 */
export function normalizeWooSiteUrl(input: string): { siteUrl: string; domain: string } {
  const text = input.trim();
  if (!text) throw new WooConnectError("enter the store's address, e.g. https://shop.example.com", 400);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new WooConnectError(`"${text}" is not a web address`, 400);
  }
  if (url.username || url.password)
    throw new WooConnectError("the store's address must not contain a user name or password", 400);
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new WooConnectError(
      `the store must be reached over https (WooCommerce sends its API keys only to a secure site): ${url.protocol}//${url.host}`,
      400,
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  const siteUrl = `${url.protocol}//${url.host}${path}`;
  return { siteUrl, domain: `${url.host}${path}` };
}

export interface StartedConnect {
  nonce: string;
  authorizeUrl: string;
  expiresAt: Date;
}

/** Stores a pending connect request and returns where to send the merchant. */
export async function startWooConnect(
  db: Db,
  opts: { storeUrl: string; appUrl: string; appName: string; now?: Date },
): Promise<StartedConnect> {
  const now = opts.now ?? new Date();
  const { siteUrl } = normalizeWooSiteUrl(opts.storeUrl);
  const nonce = crypto.randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + WOO_CONNECT_TTL_MS);
  // Expired requests are of no use to anyone: clear them on the way.
  await db.wooCommerceAuthRequest.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - WOO_CONNECT_TTL_MS) } },
  });
  await db.wooCommerceAuthRequest.create({ data: { nonce, siteUrl, expiresAt, createdAt: now } });
  const app = opts.appUrl.replace(/\/+$/, "");
  const authorize = new URL(`${siteUrl}/wc-auth/v1/authorize`);
  authorize.searchParams.set("app_name", opts.appName);
  authorize.searchParams.set("scope", "read_write");
  authorize.searchParams.set("user_id", nonce);
  authorize.searchParams.set("return_url", `${app}/woocommerce/connected`);
  authorize.searchParams.set("callback_url", `${app}/api/woocommerce/auth-callback`);
  return { nonce, authorizeUrl: authorize.toString(), expiresAt };
}

/** The pending request for a nonce, or a 4xx WooConnectError saying why it cannot be used. */
export async function usableWooAuthRequest(db: Db, nonce: string, now = new Date()) {
  const request = await db.wooCommerceAuthRequest.findUnique({ where: { nonce } });
  if (!request)
    throw new WooConnectError("unknown connect request: start connecting the store again from the app", 403);
  if (request.usedAt)
    throw new WooConnectError(
      "this connect request was already used: start connecting the store again from the app",
      409,
    );
  if (request.expiresAt <= now)
    throw new WooConnectError("this connect request expired: start connecting the store again from the app", 403);
  return request;
}

export interface WooCallbackKeys {
  nonce: string;
  keyId: string;
  consumerKey: string;
  consumerSecret: string;
  permissions: string;
}

export interface WooShopDetails {
  name: string;
  currency: string;
  timezone: string;
}

/**
 * Claims the nonce and, in the same transaction, creates (or, on a reconnect, reactivates) the
 * shop and stores its keys sealed. A nonce claimed meanwhile by a concurrent callback: 409,
 * nothing written. Returns the shop's id and whether it is new.
 */
export async function completeWooConnect(
  db: Db,
  key: SecretKey,
  keys: WooCallbackKeys,
  details: WooShopDetails,
  now = new Date(),
) {
  const request = await usableWooAuthRequest(db, keys.nonce, now);
  const { domain } = normalizeWooSiteUrl(request.siteUrl);
  return db.$transaction(async (tx) => {
    const claimed = await tx.wooCommerceAuthRequest.updateMany({
      where: { nonce: keys.nonce, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1)
      throw new WooConnectError(
        "this connect request was already used: start connecting the store again from the app",
        409,
      );
    const existing = await tx.shop.findUnique({
      where: { platform_domain: { platform: "woocommerce", domain } },
      include: { wooConnection: true },
    });
    const shopData = {
      name: details.name,
      currency: details.currency,
      timezone: details.timezone,
      installState: "installed",
      uninstalledAt: null,
    };
    const shop = await tx.shop.upsert({
      where: { platform_domain: { platform: "woocommerce", domain } },
      create: { platform: "woocommerce", domain, ...shopData },
      update: shopData,
    });
    // A reconnect keeps the webhook secret: the webhooks already on the store sign with it.
    const webhookSecret = existing?.wooConnection
      ? open(key, existing.wooConnection.webhookSecret, context(shop.id, "webhookSecret"))
      : crypto.randomBytes(32).toString("base64url");
    const data = {
      siteUrl: request.siteUrl,
      keyId: keys.keyId,
      consumerKey: seal(key, keys.consumerKey, context(shop.id, "consumerKey")),
      consumerSecret: seal(key, keys.consumerSecret, context(shop.id, "consumerSecret")),
      webhookSecret: seal(key, webhookSecret, context(shop.id, "webhookSecret")),
      keyPermissions: keys.permissions,
    };
    await tx.wooCommerceConnection.upsert({
      where: { shopId: shop.id },
      create: { shopId: shop.id, ...data },
      update: data,
    });
    return { shopId: shop.id, created: !existing };
  });
}

/** The sealed value's context: it opens only in its own shop's row and column. */
const context = (shopId: string, column: string) => `WooCommerceConnection:${shopId}:${column}`;

export interface WooConnection {
  shopId: string;
  siteUrl: string;
  keyId: string;
  consumerKey: string;
  consumerSecret: string;
  webhookSecret: string;
  webhooksRegisteredAt: Date | null;
}

/** The shop's connection with its secrets opened, or null when the shop has none. */
export async function loadWooConnection(db: Db, key: SecretKey, shopId: string): Promise<WooConnection | null> {
  const row = await db.wooCommerceConnection.findUnique({ where: { shopId } });
  if (!row) return null;
  return {
    shopId,
    siteUrl: row.siteUrl,
    keyId: row.keyId,
    consumerKey: open(key, row.consumerKey, context(shopId, "consumerKey")),
    consumerSecret: open(key, row.consumerSecret, context(shopId, "consumerSecret")),
    webhookSecret: open(key, row.webhookSecret, context(shopId, "webhookSecret")),
    webhooksRegisteredAt: row.webhooksRegisteredAt,
  };
}

/** Only the webhook secret (the webhook path needs nothing else). */
export async function wooWebhookSecret(db: Db, key: SecretKey, shopId: string): Promise<string | null> {
  const row = await db.wooCommerceConnection.findUnique({ where: { shopId }, select: { webhookSecret: true } });
  return row ? open(key, row.webhookSecret, context(shopId, "webhookSecret")) : null;
}

/** Defaults when the store does not say (an old WooCommerce, a security plugin hiding /wp-json/). */
export const WOO_DEFAULT_CURRENCY = "EUR";
export const WOO_DEFAULT_TIMEZONE = "Europe/Amsterdam";

/**
 * Name and time zone from WordPress's index (GET /wp-json/), currency from WooCommerce's general
 * settings. Keys that do not work against the site throw (WooApiError "auth"); anything else the
 * store does not tell falls back to the domain, EUR and Europe/Amsterdam (the merchant can
 * correct them in the settings).
 */
export async function fetchWooShopDetails(client: WooClient, domain: string): Promise<WooShopDetails> {
  const settings = await client.generalSettings();
  const currencyValue = settings.find((s) => s.id === "woocommerce_currency")?.value;
  const currency =
    typeof currencyValue === "string" && /^[A-Z]{3}$/.test(currencyValue) ? currencyValue : WOO_DEFAULT_CURRENCY;
  let name = domain;
  let timezone = WOO_DEFAULT_TIMEZONE;
  try {
    const site = await client.siteInfo();
    if (typeof site.name === "string" && site.name.trim()) name = site.name.trim();
    timezone = ianaTimezone(site.timezone_string, site.gmt_offset) ?? WOO_DEFAULT_TIMEZONE;
  } catch {
    // The index is optional: the defaults stand.
  }
  return { name, currency, timezone };
}

/** WordPress's timezone_string, or a whole-hour gmt_offset as Etc/GMT∓N (POSIX signs are inverted). */
export function ianaTimezone(timezoneString: unknown, gmtOffset: unknown): string | null {
  if (typeof timezoneString === "string" && timezoneString) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: timezoneString });
      return timezoneString;
    } catch {
      return null;
    }
  }
  const offset = Number(gmtOffset);
  if (
    gmtOffset === undefined ||
    gmtOffset === null ||
    gmtOffset === "" ||
    !Number.isInteger(offset) ||
    Math.abs(offset) > 14
  )
    return null;
  return offset === 0 ? "UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

// order.deleted also fires when an order is trashed; order.restored brings it back from the trash.
export const WOO_WEBHOOK_TOPICS = [
  "order.created",
  "order.updated",
  "order.deleted",
  "order.restored",
  "customer.created",
  "customer.updated",
] as const;

/**
 * Creates the app's webhooks on the store (POST /wp-json/wc/v3/webhooks), skipping topics that
 * already deliver to the shop's URL (a retried registration creates no duplicates), and marks
 * the connection registered. Returns the topics created.
 */
export async function registerWooWebhooks(
  db: Db,
  client: WooClient,
  shopId: string,
  opts: { deliveryUrl: string; secret: string; now?: Date },
) {
  const existing = new Set<string>();
  for (let page = 1; ; page++) {
    const { items, totalPages } = await client.webhooksPage({ page });
    for (const w of items as { topic?: unknown; delivery_url?: unknown; status?: unknown }[]) {
      if (w.delivery_url === opts.deliveryUrl && w.status !== "disabled") existing.add(String(w.topic));
    }
    if (items.length === 0 || page >= totalPages) break;
  }
  const created: string[] = [];
  for (const topic of WOO_WEBHOOK_TOPICS) {
    if (existing.has(topic)) continue;
    await client.createWebhook({
      name: `Retention analytics: ${topic}`,
      topic,
      delivery_url: opts.deliveryUrl,
      secret: opts.secret,
    });
    created.push(topic);
  }
  await db.wooCommerceConnection.update({ where: { shopId }, data: { webhooksRegisteredAt: opts.now ?? new Date() } });
  return created;
}

/** Where the store delivers the shop's webhooks. */
export const wooWebhookUrl = (appUrl: string, shopId: string) =>
  `${appUrl.replace(/\/+$/, "")}/webhooks/woocommerce/${shopId}`;
