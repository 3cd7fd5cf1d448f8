// A WooCommerce store connected through WooCommerce's app-authentication endpoint
// (https://woocommerce.github.io/woocommerce-rest-api-docs/#rest-api-keys):
//   1. startWooConnect stores a pending request (a random nonce, 30 minutes) and returns
//      <store>/wc-auth/v1/authorize?app_name&scope=read_write&user_id=<nonce>&return_url&callback_url;
//   2. the merchant approves; WooCommerce creates REST API keys and POSTs them as JSON
//      { key_id, user_id (our nonce), consumer_key, consumer_secret, key_permissions } to callback_url;
//   3. completeWooConnect claims the nonce (once), creates or reactivates the Shop and stores the
//      keys sealed (app/core/secret-box.ts) in WooCommerceConnection.
// The nonce is the callback's only proof of origin, so it is single-use and short-lived, and the
// keys are only ever used against the site URL the merchant named when starting (never one the
// callback names).
import crypto from "node:crypto";
import type { Db } from "~/db/client.server";
import { open, seal, type SecretKey } from "~/core/secret-box";
import { normalizeWooSiteUrl, WooConnectError, type WooShopDetails } from "~/platforms/woocommerce/site";

export const WOO_CONNECT_TTL_MS = 30 * 60_000;

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

/** The app's webhooks are on the store (set after the first sync registered them). */
export async function markWooWebhooksRegistered(db: Db, shopId: string, now = new Date()) {
  await db.wooCommerceConnection.update({ where: { shopId }, data: { webhooksRegisteredAt: now } });
}
