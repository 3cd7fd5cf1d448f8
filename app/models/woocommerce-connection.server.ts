// A WooCommerce store connected through the Retention plugin and WooCommerce's
// app-authentication endpoint (https://woocommerce.github.io/woocommerce-rest-api-docs/#rest-api-keys),
// protocol v1 of the plugin (C1-C4):
//   1. startWooConnect stores a pending request (a random nonce, 30 minutes, the plugin's secret
//      sealed) and returns <store>/wc-auth/v1/authorize?app_name&scope=read_write&user_id=<nonce>
//      &return_url=<the plugin's page>&callback_url=<app>/api/woocommerce/auth-callback;
//   2. the merchant approves; WooCommerce POSTs the keys with user_id = our nonce to the callback;
//   3. claimWooAuthRequest takes the nonce (once, before anything reaches the store), the workflow
//      checks the store's proof of the plugin secret and the keys, and completeWooConnect creates
//      or reactivates the Shop and stores keys and plugin secret sealed (app/core/secret-box.ts).
// Afterwards the plugin signs its requests with that secret (seen signatures: claimPluginSignature).
import crypto from "node:crypto";
import type { Db } from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";
import { open, seal, type SecretKey } from "~/core/secret-box";
import { WooConnectError, wooDomain, type WooShopDetails } from "~/platforms/woocommerce/site";

export const WOO_CONNECT_TTL_MS = 30 * 60_000;
/** Pending connects one store may have at a time (each is a row anyone could ask for). */
export const MAX_PENDING_CONNECTS_PER_STORE = 5;

export interface StartedConnect {
  nonce: string;
  authorizeUrl: string;
  expiresAt: Date;
}

export interface ConnectStart {
  /** Normalised (normalizeWooSiteUrl) by the caller. */
  siteUrl: string;
  /** Where WooCommerce sends the merchant back: the plugin's page on the same store. */
  returnUrl: string;
  pluginSecret: string;
  pluginVersion: string | null;
  wpUserId: number | null;
  appUrl: string;
  appName: string;
  now?: Date;
}

const pendingContext = (nonce: string) => `WooCommerceAuthRequest:${nonce}:pluginSecret`;

/** Stores a pending connect and returns where the plugin sends the merchant. */
export async function startWooConnect(db: Db, key: SecretKey, opts: ConnectStart): Promise<StartedConnect> {
  const now = opts.now ?? new Date();
  const nonce = crypto.randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + WOO_CONNECT_TTL_MS);
  // Long-expired requests are of no use to anyone: clear them on the way (recent ones stay a
  // while, so a late callback hears "expired" rather than "unknown").
  await db.wooCommerceAuthRequest.deleteMany({
    where: { expiresAt: { lt: new Date(now.getTime() - WOO_CONNECT_TTL_MS) } },
  });
  const pending = await db.wooCommerceAuthRequest.count({
    where: { siteUrl: opts.siteUrl, usedAt: null, expiresAt: { gt: now } },
  });
  if (pending >= MAX_PENDING_CONNECTS_PER_STORE)
    throw new WooConnectError("too many connect requests for this store: try again in half an hour", 429);
  await db.wooCommerceAuthRequest.create({
    data: {
      nonce,
      siteUrl: opts.siteUrl,
      returnUrl: opts.returnUrl,
      pluginSecret: seal(key, opts.pluginSecret, pendingContext(nonce)),
      pluginVersion: opts.pluginVersion,
      wpUserId: opts.wpUserId,
      expiresAt,
      createdAt: now,
    },
  });
  const app = opts.appUrl.replace(/\/+$/, "");
  const authorize = new URL(`${opts.siteUrl}/wc-auth/v1/authorize`);
  authorize.searchParams.set("app_name", opts.appName);
  authorize.searchParams.set("scope", "read_write");
  authorize.searchParams.set("user_id", nonce);
  authorize.searchParams.set("return_url", opts.returnUrl);
  authorize.searchParams.set("callback_url", `${app}/api/woocommerce/auth-callback`);
  return { nonce, authorizeUrl: authorize.toString(), expiresAt };
}

export interface ClaimedConnect {
  siteUrl: string;
  pluginSecret: string;
  pluginVersion: string | null;
}

const RESTART = "start connecting the store again from the Retention page in WordPress";

/**
 * Takes the nonce for this callback, once: an unknown nonce is 403, a used one 409, an expired
 * one 403. Claimed before anything reaches the store, so one nonce never makes the app contact a
 * store twice; a callback that then fails leaves the nonce used (the merchant starts again).
 */
export async function claimWooAuthRequest(
  db: Db,
  key: SecretKey,
  nonce: string,
  now = new Date(),
): Promise<ClaimedConnect> {
  const claimed = await db.wooCommerceAuthRequest.updateMany({
    where: { nonce, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  const request = await db.wooCommerceAuthRequest.findUnique({ where: { nonce } });
  if (!request) throw new WooConnectError(`unknown connect request: ${RESTART}`, 403);
  if (claimed.count !== 1) {
    if (!request.usedAt && request.expiresAt <= now)
      throw new WooConnectError(`this connect request expired: ${RESTART}`, 403);
    throw new WooConnectError(`this connect request was already used: ${RESTART}`, 409);
  }
  // A request from before the plugin protocol has no secret to prove: it cannot complete.
  if (!request.pluginSecret) throw new WooConnectError(`this connect request is not usable: ${RESTART}`, 403);
  return {
    siteUrl: request.siteUrl,
    pluginSecret: open(key, request.pluginSecret, pendingContext(nonce)),
    pluginVersion: request.pluginVersion,
  };
}

export interface WooCallbackKeys {
  keyId: string;
  consumerKey: string;
  consumerSecret: string;
  permissions: string;
}

/**
 * Creates (or, on a reconnect, reactivates) the shop of a claimed connect and stores its keys and
 * plugin secret sealed, in one transaction. Returns the shop's id and whether it is new.
 */
export async function completeWooConnect(
  db: Db,
  key: SecretKey,
  connect: ClaimedConnect,
  keys: WooCallbackKeys,
  details: WooShopDetails,
) {
  const domain = wooDomain(connect.siteUrl);
  return db.$transaction(async (tx) => {
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
      siteUrl: connect.siteUrl,
      keyId: keys.keyId,
      consumerKey: seal(key, keys.consumerKey, context(shop.id, "consumerKey")),
      consumerSecret: seal(key, keys.consumerSecret, context(shop.id, "consumerSecret")),
      webhookSecret: seal(key, webhookSecret, context(shop.id, "webhookSecret")),
      pluginSecret: seal(key, connect.pluginSecret, context(shop.id, "pluginSecret")),
      pluginVersion: connect.pluginVersion,
      keyPermissions: keys.permissions,
      disconnectedAt: null,
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

/** Only the webhook secret (the webhook path needs nothing else); null once the store was disconnected. */
export async function wooWebhookSecret(db: Db, key: SecretKey, shopId: string): Promise<string | null> {
  const row = await db.wooCommerceConnection.findUnique({
    where: { shopId },
    select: { webhookSecret: true, disconnectedAt: true },
  });
  return row && !row.disconnectedAt ? open(key, row.webhookSecret, context(shopId, "webhookSecret")) : null;
}

/** The app's webhooks are on the store (set after the first sync registered them). */
export async function markWooWebhooksRegistered(db: Db, shopId: string, now = new Date()) {
  await db.wooCommerceConnection.update({ where: { shopId }, data: { webhooksRegisteredAt: now } });
}

export interface PluginStore {
  shop: Shop;
  pluginSecret: string;
  disconnectedAt: Date | null;
}

const MAX_STORES_PER_HOST = 5;

/**
 * The stores a plugin request may come from, with their plugin secrets: the shop named by its id
 * (the plugin's retention_shop_id), or, before the plugin knows that id, the WooCommerce shops
 * on that host (a WordPress in a folder has the folder in its domain, one on another port the port). The caller verifies the
 * signature against each; only a store whose secret verifies is the sender.
 */
export async function pluginStoresFor(db: Db, key: SecretKey, store: string): Promise<PluginStore[]> {
  if (!store || store.length > 255) return [];
  const rows = await db.shop.findMany({
    where: {
      platform: "woocommerce",
      // The plugin names its host without a port; a store on another port (a loopback test or
      // development store) has "host:port" as its domain.
      OR: [
        { id: store },
        { domain: store.toLowerCase() },
        { domain: { startsWith: `${store.toLowerCase()}/` } },
        { domain: { startsWith: `${store.toLowerCase()}:` } },
      ],
      wooConnection: { pluginSecret: { not: null } },
    },
    include: { wooConnection: true },
    take: MAX_STORES_PER_HOST,
    orderBy: { id: "asc" },
  });
  return rows.map(({ wooConnection: connection, ...shop }) => ({
    shop,
    pluginSecret: open(key, connection!.pluginSecret!, context(shop.id, "pluginSecret")),
    disconnectedAt: connection!.disconnectedAt,
  }));
}

/**
 * Remembers an accepted signature until `expiresAt`; false when it was seen before (a replay).
 * Expired ones of the shop are cleared on the way.
 */
export async function claimPluginSignature(
  db: Db,
  shopId: string,
  signature: string,
  expiresAt: Date,
  now = new Date(),
): Promise<boolean> {
  await db.pluginRequestSignature.deleteMany({ where: { shopId, expiresAt: { lt: now } } });
  try {
    await db.pluginRequestSignature.create({ data: { shopId, signature, expiresAt } });
    return true;
  } catch (e) {
    if (typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002") return false;
    throw e;
  }
}

/**
 * C4: the plugin asked to stop. The shop is marked uninstalled (the sync job and the webhook
 * door then do nothing for it) and the data is kept until the merchant asks otherwise; a new
 * connect reactivates it. Whoever is signed in to the app's admin for the store is signed out.
 */
export async function disconnectWooStore(db: Db, shopId: string, now = new Date()) {
  await db.$transaction([
    db.shop.update({ where: { id: shopId }, data: { installState: "uninstalled", uninstalledAt: now } }),
    db.wooCommerceConnection.update({ where: { shopId }, data: { disconnectedAt: now } }),
    db.wooCommerceAdminSession.deleteMany({ where: { shopId } }),
  ]);
}

/** What the plugin's Retention page shows (C3). */
export async function wooConnectionStatus(db: Db, shopId: string) {
  const [connection, sync, orders, customers] = await Promise.all([
    db.wooCommerceConnection.findUnique({
      where: { shopId },
      select: { webhooksRegisteredAt: true, disconnectedAt: true },
    }),
    db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: "woocommerce" } } }),
    db.order.count({ where: { shopId } }),
    db.customer.count({ where: { shopId } }),
  ]);
  return {
    connected: !!connection && !connection.disconnectedAt,
    webhooksRegistered: !!connection?.webhooksRegisteredAt,
    lastSyncAt: sync?.finishedAt ?? null,
    syncStatus: sync?.status ?? null,
    orders,
    customers,
  };
}
