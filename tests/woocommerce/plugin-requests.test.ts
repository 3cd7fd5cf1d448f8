// The plugin's signed requests after connect: S (status, settings, disconnect) and P (the
// storefront proxy at /proxy/api/* with shop=<shop id>), signed as the plugin signs them with its
// secret. Each is accepted only with the store's own secret, a fresh timestamp, a matching body
// hash, no repeated parameter, and once.
import { beforeEach, describe, expect, it } from "vitest";
import { useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { newPluginSecret, signedQuery, signedRequest, type SignedOptions } from "./plugin";

const { db } = await useAppEnv();
const routes = {
  status: await import("~/routes/api.woocommerce.plugin.status"),
  settings: await import("~/routes/api.woocommerce.plugin.settings"),
  disconnect: await import("~/routes/api.woocommerce.plugin.disconnect"),
  me: await import("~/routes/proxy.api.me"),
  join: await import("~/routes/proxy.api.join"),
  redeem: await import("~/routes/proxy.api.redeem"),
  referral: await import("~/routes/proxy.api.referral"),
  nps: await import("~/routes/proxy.api.nps"),
  webhook: await import("~/routes/webhooks.woocommerce.$shopId"),
};
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { getJobQueue } = await import("~/jobs/queue.server");

const SITE = "https://plugin-shop.example.com";
const HOST = "plugin-shop.example.com";
let secret: string;
let shopId: string;

beforeEach(async () => {
  await db.shop.deleteMany({});
  secret = newPluginSecret();
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: SITE, pluginSecret: secret, pluginVersion: "1.0.0" },
    { keyId: "3", consumerKey: "ck_plugin", consumerSecret: "cs_plugin", permissions: "read_write" },
    { name: "Plugin Shop", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
});

const status = (opts: Partial<SignedOptions> = {}) =>
  callRoute(
    routes.status.loader,
    signedRequest("/api/woocommerce/plugin/status", {
      secret,
      params: { store: shopId, wp_user_id: "1" },
      ...opts,
    }),
  );
const disconnect = (body = JSON.stringify({ reason: "disconnect" }), opts: Partial<SignedOptions> = {}) =>
  callRoute(
    routes.disconnect.action,
    signedRequest("/api/woocommerce/plugin/disconnect", {
      secret,
      params: { store: shopId, wp_user_id: "1" },
      body,
      ...opts,
    }),
  );
const proxy = (path: "me" | "nps", opts: Partial<SignedOptions> & { customer?: string } = {}) =>
  callRoute(
    (path === "me" ? routes.me.loader : routes.nps.action) as never,
    signedRequest(`/proxy/api/${path}`, {
      secret,
      params: {
        shop: shopId,
        logged_in_customer_id: opts.customer ?? "",
        path_prefix: "/wp-json/retention/v1/proxy",
      },
      ...opts,
    }),
  ) as Promise<Response>;

const joinAs = (customer: string, body = "{}") =>
  callRoute(
    routes.join.action,
    signedRequest("/proxy/api/join", {
      secret,
      params: { shop: shopId, logged_in_customer_id: customer, path_prefix: "/wp-json/retention/v1/proxy" },
      body,
    }),
  ) as Promise<Response>;

describe("S: status", () => {
  it("answers the connection by shop id, and by the store's host before the plugin knows the id", async () => {
    await db.order.create({
      data: {
        shopId,
        id: "woo-1",
        currency: "EUR",
        totalMinor: 100n,
        netPaidMinor: 100n,
        financialStatus: "paid",
        processedAt: new Date(),
      },
    });
    const byId = await status();
    expect(byId.status).toBe(200);
    expect(byId.headers.get("cache-control")).toBe("private, no-store");
    expect(await byId.json()).toEqual({
      connected: true,
      shop_id: shopId,
      store_name: "Plugin Shop",
      last_sync_at: null,
      webhooks: "pending",
      orders: 1,
      customers: 0,
    });
    const byHost = await status({ params: { store: HOST, wp_user_id: "1" } });
    expect(await byHost.json()).toMatchObject({ connected: true, shop_id: shopId });
  });

  it("finds a store on another port (a loopback development store) by the host the plugin names", async () => {
    const portSecret = newPluginSecret();
    const { shopId: portShop } = await completeWooConnect(
      db,
      appSecretKey(),
      { siteUrl: "http://127.0.0.1:8089", pluginSecret: portSecret, pluginVersion: "1.0.0" },
      { keyId: "4", consumerKey: "ck_port", consumerSecret: "cs_port", permissions: "read_write" },
      { name: "Port Shop", currency: "EUR", timezone: "Europe/Amsterdam" },
    );
    const res = await status({ secret: portSecret, params: { store: "127.0.0.1", wp_user_id: "1" } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ connected: true, shop_id: portShop });
  });

  it("answers 404 for a store the app does not know", async () => {
    const res = await status({ params: { store: "unknown.example.com", wp_user_id: "1" } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: "This store is not connected." });
  });

  it.each<[string, Partial<SignedOptions>]>([
    ["signed with another secret", { secret: "f".repeat(64) }],
    ["91 seconds old", { timestamp: Math.floor(Date.now() / 1000) - 91 }],
    ["two minutes ahead", { timestamp: Math.floor(Date.now() / 1000) + 120 }],
    ["changed after signing", { tamper: (q) => q.replace("wp_user_id=1", "wp_user_id=2") }],
    ["with a parameter given twice", { tamper: (q) => `${q}&store=${HOST}` }],
    ["with a signed parameter repeated with the same value", { tamper: (q) => `wp_user_id=1&${q}` }],
    ["without a signature", { tamper: (q) => q.replace(/&?signature=[0-9a-f]+/, "") }],
  ])("refuses a request %s", async (_what, opts) => {
    const res = await status(opts);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "This request could not be verified." });
  });

  it("accepts a signature once: the same request sent again is refused", async () => {
    const query = signedQuery({ secret, params: { store: shopId, wp_user_id: "1" } });
    const send = () =>
      callRoute(routes.status.loader, new Request(`https://retention.test/api/woocommerce/plugin/status?${query}`));
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(401);
    // A new request (new request_id and signature) is fine.
    expect((await status()).status).toBe(200);
  });

  it("does not accept one store's signature for another store", async () => {
    const otherSecret = newPluginSecret();
    const { shopId: other } = await completeWooConnect(
      db,
      appSecretKey(),
      { siteUrl: "https://other-plugin.example.com", pluginSecret: otherSecret, pluginVersion: null },
      { keyId: "4", consumerKey: "ck_other", consumerSecret: "cs_other", permissions: "read_write" },
      { name: "Other", currency: "EUR", timezone: "Europe/Amsterdam" },
    );
    expect((await status({ params: { store: other, wp_user_id: "1" } })).status).toBe(401);
    expect((await status({ secret: otherSecret, params: { store: other, wp_user_id: "1" } })).status).toBe(200);
  });
});

describe("S: settings", () => {
  it("answers the pixel ids and storefront settings", async () => {
    await db.shop.update({
      where: { id: shopId },
      data: {
        locale: "nl",
        settings: JSON.stringify({ pixels: { metaPixelId: "1234567", googleTagId: "G-ABC123XYZ" } }),
      },
    });
    const res = await callRoute(
      routes.settings.loader,
      signedRequest("/api/woocommerce/plugin/settings", { secret, params: { store: shopId, wp_user_id: "0" } }),
    );
    expect(await res.json()).toEqual({
      pixels: { meta: "1234567", google: "G-ABC123XYZ", tiktok: null },
      storefront: { launcher: true, locale_default: "nl" },
      script_url: null,
    });
  });
});

describe("S: disconnect", () => {
  it("stops the store (sync, webhooks, storefront) and keeps its data; asking again changes nothing", async () => {
    expect((await joinAs("7")).status).toBe(200);
    const res = await disconnect();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ disconnected: true });
    expect(await db.shop.findUniqueOrThrow({ where: { id: shopId } })).toMatchObject({ installState: "uninstalled" });
    expect(await db.loyaltyAccount.count({ where: { shopId } })).toBe(1);
    expect(await (await status()).json()).toMatchObject({ connected: false, shop_id: null, webhooks: "disabled" });
    // The storefront proxy no longer serves the store, and webhooks are no longer taken.
    expect((await proxy("me", { customer: "7" })).status).toBe(404);
    const hook = await routes.webhook.action({
      request: new Request(`https://retention.test/webhooks/woocommerce/${shopId}`, {
        method: "POST",
        headers: { "x-wc-webhook-topic": "order.created", "x-wc-webhook-signature": "x" },
        body: "{}",
      }),
      params: { shopId },
      context: {},
    } as never);
    expect(await hook.text()).toMatch(/nothing held/);
    // The sync job does nothing for it.
    const { syncConnectedWooStore } = await import("~/workflows/sync/woocommerce-sync.server");
    expect(
      await syncConnectedWooStore(db, { key: appSecretKey(), appUrl: "https://retention.test", shopId }),
    ).toBeNull();
    expect((await disconnect()).status).toBe(200);
    await (await getJobQueue()).drain();
  });

  it("refuses a body that is not the one signed, and a body without its hash", async () => {
    const signedFor = JSON.stringify({ reason: "deactivate" });
    const other = await callRoute(
      routes.disconnect.action,
      new Request(
        `https://retention.test/api/woocommerce/plugin/disconnect?${signedQuery({ secret, params: { store: shopId, wp_user_id: "1" }, body: signedFor })}`,
        { method: "POST", body: JSON.stringify({ reason: "uninstall" }) },
      ),
    );
    expect(other.status).toBe(401);
    const unsigned = await callRoute(
      routes.disconnect.action,
      new Request(
        `https://retention.test/api/woocommerce/plugin/disconnect?${signedQuery({ secret, params: { store: shopId, wp_user_id: "1" } })}`,
        { method: "POST", body: signedFor },
      ),
    );
    expect(unsigned.status).toBe(401);
    expect((await db.shop.findUniqueOrThrow({ where: { id: shopId } })).installState).toBe("installed");
  });
});

describe("P: the storefront proxy for a WooCommerce store", () => {
  it("serves a signed-in shopper by the WordPress user id, namespaced like the synced customers", async () => {
    await joinAs("7");
    const res = await proxy("me", { customer: "7" });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ loggedIn: true, points: { available: 50, pending: 0 } });
    expect(await db.loyaltyAccount.findMany({ where: { shopId }, select: { customerId: true } })).toEqual([
      { customerId: "woo-7" },
    ]);
    const guest = await proxy("me");
    expect(await guest.json()).toMatchObject({ loggedIn: false });
  });

  it("takes a POST body only with its signed hash", async () => {
    const body = JSON.stringify({ score: 9 });
    expect((await proxy("nps", { customer: "7", body })).status).toBe(200);
    const swapped = await callRoute(
      routes.nps.action,
      new Request(
        `https://retention.test/proxy/api/nps?${signedQuery({
          secret,
          params: { shop: shopId, logged_in_customer_id: "7", path_prefix: "/wp-json/retention/v1/proxy" },
          body,
        })}`,
        { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ score: 0 }) },
      ),
    );
    expect(swapped.status).toBe(401);
    expect((await db.surveyAnswer.findMany({ where: { shopId } })).map((a) => a.score)).toEqual([9]);
  });

  it("refuses a shopper's own logged_in_customer_id next to the plugin's, a replay, and the Shopify secret", async () => {
    const twice = await proxy("me", { customer: "", tamper: (q) => `logged_in_customer_id=7&${q}` });
    expect(twice.status).toBe(401);
    const query = signedQuery({
      secret,
      params: { shop: shopId, logged_in_customer_id: "7", path_prefix: "/wp-json/retention/v1/proxy" },
    });
    const send = () => callRoute(routes.me.loader, new Request(`https://retention.test/proxy/api/me?${query}`));
    expect((await send()).status).toBe(200);
    expect((await send()).status).toBe(401);
    const shopifySigned = await proxy("me", { customer: "7", secret: "test-api-secret" });
    expect(shopifySigned.status).toBe(401);
  });

  it("lets a signed-in shopper join through the plugin's proxy: the WooCommerce customer's account, once, with the sign-up bonus", async () => {
    const before = await proxy("me", { customer: "7" });
    expect(await before.json()).toMatchObject({ loggedIn: true, member: false });
    const joined = await joinAs("7");
    expect(joined.status).toBe(200);
    expect(await joined.json()).toMatchObject({
      member: true,
      points: { available: 50, pending: 0 },
      referralUrl: expect.stringMatching(/^https:\/\/plugin-shop\.example\.com\/\?ref=[0-9A-Z]{10}$/),
    });
    expect((await joinAs("7")).status).toBe(200);
    const accounts = await db.loyaltyAccount.findMany({ where: { shopId }, select: { customerId: true } });
    expect(accounts).toEqual([{ customerId: "woo-7" }]);
    expect(await db.loyaltyEntry.count({ where: { shopId, kind: "signup" } })).toBe(1);
    expect((await joinAs("")).status).toBe(401);
  });

  it("refuses a redemption without enough points (409) and an unknown referral code (404) before asking the store, changing nothing", async () => {
    await joinAs("7");
    for (const [route, body] of [
      [routes.redeem.action, JSON.stringify({ rewardId: "five-off" })],
      [routes.referral.action, JSON.stringify({ code: "ABCDEFGHJK" })],
    ] as const) {
      const res = await callRoute(
        route as never,
        signedRequest("/proxy/api/x", {
          secret,
          params: { shop: shopId, logged_in_customer_id: "7", path_prefix: "/wp-json/retention/v1/proxy" },
          body,
        }),
      );
      expect((res as Response).status).toBe(route === routes.redeem.action ? 409 : 404);
    }
    expect(await db.loyaltyEntry.count({ where: { shopId, kind: "redeem" } })).toBe(0);
  });

  it("answers 404 for a shop id that is not a connected WooCommerce store", async () => {
    const res = await proxy("me", { params: { shop: "c-no-such-shop", logged_in_customer_id: "" } });
    expect(res.status).toBe(404);
  });
});
