// Connecting a WooCommerce store end to end, through the plugin protocol: the plugin's connect
// request (C1) and WooCommerce's callback (C2) called as Remix does, against the local fake
// WooCommerce running the plugin's connect-proof route; then the queued sync job reading the fake
// with the stored (sealed) keys and registering the app's webhooks. And what must not happen:
// a connect started by anyone else, a store on a non-public address, a nonce used twice, the
// store's answer repeated, a redirect anywhere but the store that asked.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeWooCustomer, fakeWooOrder, startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callAction } from "../helpers/webhooks";
import { connectBody, connectRequest, newPluginSecret } from "./plugin";

const { db } = await useAppEnv({ ANALYTICS_DEBOUNCE_MS: "0" });
const connectRoute = await import("~/routes/api.woocommerce.plugin.connect");
const callback = await import("~/routes/api.woocommerce.auth-callback");
const oldConnect = await import("~/routes/woocommerce.connect");
const { startWooConnect, loadWooConnection } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { getJobQueue } = await import("~/jobs/queue.server");

const PROOF_PATH = "/wp-json/retention/v1/connect-proof";
let fake: FakeWooCommerce;
let secret: string;
beforeEach(async () => {
  secret = newPluginSecret();
  fake = await startFakeWooCommerce({
    consumerKey: "ck_connect0001",
    consumerSecret: "cs_connect0001",
    currency: "USD",
    timezone: "America/New_York",
    siteName: "Fake Outfitters",
    pluginSecret: secret,
  });
  fake.state.orders.push(
    fakeWooOrder({ id: 2001, modifiedAt: new Date("2026-01-02T10:00:00Z"), customerId: 5, total: "40.00" }),
  );
  fake.state.customers.push(fakeWooCustomer(5, new Date("2026-01-01T09:00:00Z")));
  await db.shop.deleteMany({ where: { platform: "woocommerce" } });
  await db.wooCommerceAuthRequest.deleteMany({});
});
afterEach(async () => {
  await (await getJobQueue()).drain();
  await fake.close();
  process.env.WOOCOMMERCE_ALLOW_LOOPBACK_STORES = "1";
});
afterAll(async () => {
  await (await getJobQueue()).close();
});

/** As in production: no store on loopback (the fake) may be connected or reached. */
const productionNetwork = () => void (process.env.WOOCOMMERCE_ALLOW_LOOPBACK_STORES = "0");

const callbackRequest = (body: unknown) =>
  new Request(`${TEST_APP_URL}/api/woocommerce/auth-callback`, {
    method: "POST",
    headers: { "content-type": "application/json;charset=UTF-8" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const wooBody = (nonce: string, over: Record<string, unknown> = {}) => ({
  key_id: 1,
  user_id: nonce,
  consumer_key: fake.consumerKey,
  consumer_secret: fake.consumerSecret,
  key_permissions: "read_write",
  ...over,
});

/** C1 as the plugin sends it; the nonce from the authorize URL the app answered. */
async function pluginConnect(over: Record<string, unknown> = {}) {
  const res = await callAction(connectRoute, connectRequest(connectBody(fake.url, secret, over)));
  expect(res.status).toBe(200);
  const { authorize_url } = (await res.json()) as { authorize_url: string };
  return { nonce: new URL(authorize_url).searchParams.get("user_id")!, authorizeUrl: authorize_url };
}

async function nothingStored() {
  expect(await db.shop.count({ where: { platform: "woocommerce" } })).toBe(0);
  expect(await db.wooCommerceConnection.count()).toBe(0);
}

const storeRequests = () => fake.state.requests.map((r) => r.path);

describe("C1: the plugin starts a connect", () => {
  it("answers the approval page on the plugin's own store with a stored nonce, and contacts no store", async () => {
    const { nonce, authorizeUrl } = await pluginConnect();
    const target = new URL(authorizeUrl);
    expect(`${target.origin}${target.pathname}`).toBe(`${fake.url}/wc-auth/v1/authorize`);
    expect(Object.fromEntries(target.searchParams)).toEqual({
      app_name: "Retention",
      scope: "read_write",
      user_id: nonce,
      return_url: `${fake.url}/wp-admin/admin.php?page=retention`,
      callback_url: `${TEST_APP_URL}/api/woocommerce/auth-callback`,
    });
    const row = await db.wooCommerceAuthRequest.findUniqueOrThrow({ where: { nonce } });
    expect(row).toMatchObject({ siteUrl: fake.url, usedAt: null, pluginVersion: "1.0.0", wpUserId: 1 });
    expect(row.pluginSecret).not.toContain(secret);
    expect(storeRequests()).toEqual([]);
  });

  it.each([
    ["plain http", "http://shop.example.com"],
    ["a port other than https's", "https://shop.example.com:8443"],
    ["a private address", "https://10.0.0.8"],
    ["the cloud metadata address", "https://169.254.169.254"],
    ["a CGNAT address", "https://100.100.100.200"],
    ["IPv6 loopback", "https://[::1]"],
    ["IPv4-mapped IPv6 loopback", "https://[::ffff:127.0.0.1]"],
    ["localhost", "https://localhost"],
    ["a single-label intranet name", "https://wiki"],
    ["an .internal name", "https://shop.internal"],
  ])("refuses a store on %s with nothing stored", async (_what, storeUrl) => {
    productionNetwork();
    const res = await callAction(connectRoute, connectRequest(connectBody(storeUrl, secret)));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    expect(await db.wooCommerceAuthRequest.count()).toBe(0);
  });

  it("refuses the loopback fake itself unless the test-only setting allows loopback stores", async () => {
    productionNetwork();
    const res = await callAction(connectRoute, connectRequest(connectBody(fake.url, secret)));
    expect(res.status).toBe(400);
    expect(await db.wooCommerceAuthRequest.count()).toBe(0);
  });

  it("refuses a return_url outside the store that asks, so WooCommerce never redirects elsewhere", async () => {
    for (const returnUrl of [
      "https://evil.example/wp-admin/admin.php?page=retention",
      `${fake.url.replace("127.0.0.1", "localhost")}/wp-admin/`,
      `${fake.url}.evil.example/`,
      "javascript:alert(1)",
    ]) {
      const res = await callAction(
        connectRoute,
        connectRequest(connectBody(fake.url, secret, { return_url: returnUrl })),
      );
      expect(res.status, returnUrl).toBe(400);
    }
    expect(await db.wooCommerceAuthRequest.count()).toBe(0);
  });

  it("refuses a malformed body or secret, and a GET", async () => {
    expect((await callAction(connectRoute, connectRequest("{"))).status).toBe(400);
    expect(
      (await callAction(connectRoute, connectRequest(connectBody(fake.url, "not-hex-and-too-short")))).status,
    ).toBe(400);
    expect(
      (await callAction(connectRoute, connectRequest({ ...connectBody(fake.url, secret), store_url: undefined })))
        .status,
    ).toBe(400);
    const get = await callAction(connectRoute, new Request(`${TEST_APP_URL}/api/woocommerce/plugin/connect`));
    expect(get.status).toBe(405);
    expect(await db.wooCommerceAuthRequest.count()).toBe(0);
  });

  it("the old GET /woocommerce/connect?store= starts nothing, contacts nothing and redirects nowhere", async () => {
    const res = (await oldConnect.loader({
      request: new Request(`${TEST_APP_URL}/woocommerce/connect?store=${encodeURIComponent(fake.url)}`),
      params: {},
      context: {},
    })) as Response;
    expect(res.status).toBe(410);
    expect(res.headers.get("location")).toBeNull();
    expect(await db.wooCommerceAuthRequest.count()).toBe(0);
    expect(storeRequests()).toEqual([]);
  });
});

describe("C2: WooCommerce's callback", () => {
  it("checks the store's proof first, then stores the keys sealed, creates the shop from the store's settings and queues the first sync", async () => {
    const { nonce } = await pluginConnect();
    const res = await callAction(callback, callbackRequest(wooBody(nonce)));
    expect(res.status).toBe(200);
    expect(storeRequests()[0]).toBe(PROOF_PATH);
    expect(fake.state.requests[0].params).toEqual({ nonce });
    const shop = await db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } });
    expect(shop).toMatchObject({
      domain: new URL(fake.url).host,
      name: "Fake Outfitters",
      currency: "USD",
      timezone: "America/New_York",
      installState: "installed",
    });
    const row = await db.wooCommerceConnection.findUniqueOrThrow({ where: { shopId: shop.id } });
    expect(row.consumerSecret).not.toContain("cs_connect0001");
    expect(row.pluginSecret).not.toContain(secret);
    expect(await loadWooConnection(db, appSecretKey(), shop.id)).toMatchObject({
      consumerKey: "ck_connect0001",
      consumerSecret: "cs_connect0001",
      keyId: "1",
    });

    // THEN the queued sync runs with the stored keys: the store's order and customer arrive,
    // and the app's webhooks are registered on the store with the connection's secret.
    await (await getJobQueue()).drain();
    const order = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: "woo-2001" } } });
    expect([order.totalMinor, order.customerId]).toEqual([4000n, "woo-5"]);
    expect(
      (await db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId: shop.id, kind: "woocommerce" } } }))
        .status,
    ).toBe("completed");
    const webhookSecret = (await loadWooConnection(db, appSecretKey(), shop.id))!.webhookSecret;
    expect(fake.state.webhooks.map((w) => w.topic).sort()).toEqual([
      "customer.created",
      "customer.updated",
      "order.created",
      "order.deleted",
      "order.restored",
      "order.updated",
    ]);
    expect(
      fake.state.webhooks.every(
        (w) => w.delivery_url === `${TEST_APP_URL}/webhooks/woocommerce/${shop.id}` && w.secret === webhookSecret,
      ),
    ).toBe(true);
    expect(
      (await db.wooCommerceConnection.findUniqueOrThrow({ where: { shopId: shop.id } })).webhooksRegisteredAt,
    ).not.toBeNull();
    expect(await db.analyticsSnapshot.count({ where: { shopId: shop.id } })).toBeGreaterThan(0);
  });

  it("a later sync job reads only what changed and registers no webhook twice", async () => {
    const { nonce } = await pluginConnect();
    await callAction(callback, callbackRequest(wooBody(nonce)));
    const queue = await getJobQueue();
    await queue.drain();
    const shop = await db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } });
    fake.state.orders.push(fakeWooOrder({ id: 2002, modifiedAt: new Date("2026-01-03T10:00:00Z") }));
    await db.wooCommerceConnection.update({ where: { shopId: shop.id }, data: { webhooksRegisteredAt: null } }); // as if registration had failed half-way
    const { JOBS } = await import("~/jobs/enqueue.server");
    await queue.enqueue(JOBS.wooSync, {}, { shopId: shop.id });
    await queue.drain();
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(2);
    expect(fake.state.webhooks).toHaveLength(6);
    const orderRequests = fake.state.requests.filter((r) => r.path === "/wp-json/wc/v3/orders");
    expect(orderRequests.at(-1)!.params.modified_after).toBe("2026-01-02T09:59:59");
  });

  it("every connected store gets its periodic sync back when schedules are restored after a restart", async () => {
    const { nonce } = await pluginConnect();
    await callAction(callback, callbackRequest(wooBody(nonce)));
    await (await getJobQueue()).drain();
    const shop = await db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } });
    const { restoreSchedules } = await import("~/jobs/registry.server");
    const { JOBS } = await import("~/jobs/enqueue.server");
    const scheduled: [string, string, string][] = [];
    const recorder = {
      schedule: async (id: string, name: string, _every: number, _p: unknown, opts: { shopId: string }) =>
        void scheduled.push([id, name, opts.shopId]),
    };
    await restoreSchedules(recorder as never);
    expect(scheduled).toContainEqual([`woo-sync-every:${shop.id}`, JOBS.wooSync, shop.id]);
  });

  it("claims the nonce before contacting the store, once: a replayed callback is refused and the store not contacted again", async () => {
    const { nonce } = await pluginConnect();
    expect((await callAction(callback, callbackRequest(wooBody(nonce)))).status).toBe(200);
    await (await getJobQueue()).drain();
    const seen = fake.state.requests.length;
    const again = await callAction(
      callback,
      callbackRequest(wooBody(nonce, { consumer_key: "ck_attacker", consumer_secret: "cs_attacker" })),
    );
    expect(again.status).toBe(409);
    expect(fake.state.requests.length).toBe(seen);
    const shop = await db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } });
    expect((await loadWooConnection(db, appSecretKey(), shop.id))!.consumerKey).toBe(fake.consumerKey);
  });

  it("a callback that fails has used its nonce: a second one is refused without contacting the store", async () => {
    const { nonce } = await pluginConnect();
    fake.answerProofWith({ status: 500, body: "{}" });
    expect((await callAction(callback, callbackRequest(wooBody(nonce)))).status).toBe(403);
    expect(storeRequests()).toEqual([PROOF_PATH]);
    const second = await callAction(callback, callbackRequest(wooBody(nonce)));
    expect(second.status).toBe(409);
    expect(storeRequests()).toEqual([PROOF_PATH]);
    await nothingStored();
  });

  it("refuses keys from a store whose plugin holds another secret (a connect someone else started), without trying the keys", async () => {
    // GIVEN a connect started with a secret the store's plugin does not hold
    const res = await callAction(connectRoute, connectRequest(connectBody(fake.url, newPluginSecret())));
    const nonce = new URL(((await res.json()) as { authorize_url: string }).authorize_url).searchParams.get("user_id")!;
    // WHEN WooCommerce posts the keys
    const answer = await callAction(callback, callbackRequest(wooBody(nonce)));
    // THEN nothing is connected and the keys were never used
    expect(answer.status).toBe(403);
    expect(await answer.text()).toMatch(/did not prove/);
    expect(storeRequests()).toEqual([PROOF_PATH]);
    await nothingStored();
  });

  it("refuses a store without the plugin", async () => {
    await fake.close();
    fake = await startFakeWooCommerce({ consumerKey: "ck_connect0001", consumerSecret: "cs_connect0001" });
    const { nonce } = await pluginConnect();
    const res = await callAction(callback, callbackRequest(wooBody(nonce)));
    expect(res.status).toBe(403);
    await nothingStored();
  });

  it("never repeats what the store answered", async () => {
    const marker = "root:x:0:0:INTERNAL-ONLY-MARKER";
    for (const answer of [
      { status: 200, body: JSON.stringify({ proof: marker }) },
      { status: 500, body: `<html><body>${marker}</body></html>`, headers: { "content-type": "text/html" } },
      { status: 200, body: marker.repeat(1000) },
    ]) {
      const { nonce } = await pluginConnect();
      fake.answerProofWith(answer);
      const res = await callAction(callback, callbackRequest(wooBody(nonce)));
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(await res.text()).not.toContain("INTERNAL-ONLY");
    }
    // Keys the store refuses: WooCommerce's own error message stays out of the answer too.
    await fake.close();
    fake = await startFakeWooCommerce({
      consumerKey: "ck_connect0001",
      consumerSecret: "cs_connect0001",
      pluginSecret: secret,
    });
    const { nonce } = await pluginConnect();
    const res = await callAction(callback, callbackRequest(wooBody(nonce, { consumer_secret: "cs_wrong" })));
    expect(res.status).toBe(403);
    const text = await res.text();
    expect(text).toMatch(/keys do not work/);
    expect(text).not.toMatch(/Sorry|woocommerce_rest/);
    await nothingStored();
  });

  it("does not follow a redirect from the store", async () => {
    let hits = 0;
    const elsewhere = http.createServer((_req, res) => {
      hits++;
      res.end("{}");
    });
    await new Promise<void>((resolve) => elsewhere.listen(0, "127.0.0.1", resolve));
    const { nonce } = await pluginConnect();
    fake.answerProofWith({
      status: 302,
      body: "",
      headers: { location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/latest/meta-data/` },
    });
    const res = await callAction(callback, callbackRequest(wooBody(nonce)));
    expect(res.status).toBe(502);
    expect(await res.text()).toMatch(/redirect/);
    expect(hits).toBe(0);
    elsewhere.close();
    await nothingStored();
  });

  it("an open and a closed port on a non-public address answer alike, and neither is contacted", async () => {
    // GIVEN pending connects (from before this version, or a store that moved) to a port that
    // listens and one that does not
    let hits = 0;
    const open = http.createServer((_req, res) => {
      hits++;
      res.end("{}");
    });
    await new Promise<void>((resolve) => open.listen(0, "127.0.0.1", resolve));
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const answers: [number, string][] = [];
    productionNetwork();
    for (const port of [(open.address() as AddressInfo).port, closedPort]) {
      const { nonce } = await startWooConnect(db, appSecretKey(), {
        siteUrl: `http://127.0.0.1:${port}`,
        returnUrl: `http://127.0.0.1:${port}/wp-admin/`,
        pluginSecret: secret,
        pluginVersion: null,
        wpUserId: null,
        appUrl: TEST_APP_URL,
        appName: "Retention",
      });
      // WHEN their callbacks arrive
      const res = await callAction(callback, callbackRequest(wooBody(nonce)));
      answers.push([res.status, await res.text()]);
    }
    // THEN both are refused the same way, before any connection
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0][0]).toBe(403);
    expect(hits).toBe(0);
    open.close();
  });

  it("refuses read-only keys with nothing stored, and the nonce stays usable", async () => {
    const { nonce } = await pluginConnect();
    const res = await callAction(callback, callbackRequest(wooBody(nonce, { key_permissions: "read" })));
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/read_write/);
    await nothingStored();
    expect((await db.wooCommerceAuthRequest.findUniqueOrThrow({ where: { nonce } })).usedAt).toBeNull();
    expect(storeRequests()).toEqual([]);
  });

  it("refuses malformed JSON and a body without the keys, with nothing stored", async () => {
    const { nonce } = await pluginConnect();
    const notJson = await callAction(callback, callbackRequest(`{"user_id":"${nonce}",`));
    expect(notJson.status).toBe(400);
    const noSecret = await callAction(
      callback,
      callbackRequest({ key_id: 1, user_id: nonce, consumer_key: fake.consumerKey, key_permissions: "read_write" }),
    );
    expect(noSecret.status).toBe(400);
    expect(await noSecret.text()).toMatch(/consumer_secret/);
    await nothingStored();
  });

  it("refuses an unknown nonce and an expired one with nothing stored and no store contacted", async () => {
    const unknown = await callAction(callback, callbackRequest(wooBody("made-up-nonce-0123456789")));
    expect(unknown.status).toBe(403);
    expect(await unknown.text()).toMatch(/unknown connect request/);
    const { nonce } = await startWooConnect(db, appSecretKey(), {
      siteUrl: fake.url,
      returnUrl: `${fake.url}/wp-admin/`,
      pluginSecret: secret,
      pluginVersion: null,
      wpUserId: null,
      appUrl: TEST_APP_URL,
      appName: "Retention",
      now: new Date(Date.now() - 31 * 60_000),
    });
    const expired = await callAction(callback, callbackRequest(wooBody(nonce)));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/expired/);
    expect(storeRequests()).toEqual([]);
    await nothingStored();
  });
});
