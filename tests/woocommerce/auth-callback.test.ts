// Connecting a WooCommerce store end to end: the callback route called as Remix does, against the
// local fake WooCommerce (keys checked, currency and time zone read), then the queued sync job
// reading the fake with the stored (sealed) keys and registering the app's webhooks.
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeWooCustomer, fakeWooOrder, startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callAction } from "../helpers/webhooks";

const { db } = await useAppEnv({ ANALYTICS_DEBOUNCE_MS: "0" });
const callback = await import("~/routes/api.woocommerce.auth-callback");
const { startWooConnect, loadWooConnection } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { getJobQueue } = await import("~/jobs/queue.server");

let fake: FakeWooCommerce;
beforeEach(async () => {
  fake = await startFakeWooCommerce({
    consumerKey: "ck_connect0001",
    consumerSecret: "cs_connect0001",
    currency: "USD",
    timezone: "America/New_York",
    siteName: "Fake Outfitters",
  });
  fake.state.orders.push(
    fakeWooOrder({ id: 2001, modifiedAt: new Date("2026-01-02T10:00:00Z"), customerId: 5, total: "40.00" }),
  );
  fake.state.customers.push(fakeWooCustomer(5, new Date("2026-01-01T09:00:00Z")));
});
afterEach(async () => {
  await (await getJobQueue()).drain();
  await fake.close();
});
afterAll(async () => {
  await (await getJobQueue()).close();
});

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

async function start() {
  return startWooConnect(db, { storeUrl: fake.url, appUrl: TEST_APP_URL, appName: "Retention" });
}

async function nothingStored() {
  expect(await db.shop.count({ where: { platform: "woocommerce" } })).toBe(0);
  expect(await db.wooCommerceConnection.count()).toBe(0);
}

describe("starting a connect", () => {
  it("/woocommerce/connect?store= redirects to the store's authorize page with a stored nonce", async () => {
    const connect = await import("~/routes/woocommerce.connect");
    const res = (await connect.loader({
      request: new Request(`${TEST_APP_URL}/woocommerce/connect?store=${encodeURIComponent(fake.url)}`),
      params: {},
      context: {},
    })) as Response;
    expect(res.status).toBe(302);
    const target = new URL(res.headers.get("location")!);
    expect(`${target.origin}${target.pathname}`).toBe(`${fake.url}/wc-auth/v1/authorize`);
    const nonce = target.searchParams.get("user_id")!;
    expect(await db.wooCommerceAuthRequest.count({ where: { nonce, usedAt: null } })).toBe(1);
  });

  it("refuses a plain-http store that is not local", async () => {
    const connect = await import("~/routes/woocommerce.connect");
    const res = (await connect.loader({
      request: new Request(`${TEST_APP_URL}/woocommerce/connect?store=http://shop.example.com`),
      params: {},
      context: {},
    })) as Response;
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/https/);
  });
});

describe("WooCommerce auth callback", () => {
  beforeEach(async () => {
    await db.shop.deleteMany({ where: { platform: "woocommerce" } });
  });

  it("with a valid nonce stores the keys sealed, creates the shop from the store's settings and queues the first sync", async () => {
    const { nonce } = await start();
    const res = await callAction(callback, callbackRequest(wooBody(nonce)));
    expect(res.status).toBe(200);
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
    const secret = (await loadWooConnection(db, appSecretKey(), shop.id))!.webhookSecret;
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
        (w) => w.delivery_url === `${TEST_APP_URL}/webhooks/woocommerce/${shop.id}` && w.secret === secret,
      ),
    ).toBe(true);
    expect(
      (await db.wooCommerceConnection.findUniqueOrThrow({ where: { shopId: shop.id } })).webhooksRegisteredAt,
    ).not.toBeNull();
    // Something changed: the analytics refresh ran.
    expect(await db.analyticsSnapshot.count({ where: { shopId: shop.id } })).toBeGreaterThan(0);
  });

  it("a later sync job reads only what changed and registers no webhook twice", async () => {
    const { nonce } = await start();
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
    const { nonce } = await start();
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

  it("refuses an unknown nonce with nothing stored", async () => {
    const res = await callAction(callback, callbackRequest(wooBody("made-up-nonce")));
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/unknown connect request/);
    await nothingStored();
  });

  it("refuses an expired nonce with nothing stored", async () => {
    const { nonce } = await startWooConnect(db, {
      storeUrl: fake.url,
      appUrl: TEST_APP_URL,
      appName: "Retention",
      now: new Date(Date.now() - 31 * 60_000),
    });
    const res = await callAction(callback, callbackRequest(wooBody(nonce)));
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/expired/);
    await nothingStored();
  });

  it("refuses read-only keys with nothing stored, and the nonce stays usable", async () => {
    const { nonce } = await start();
    const res = await callAction(callback, callbackRequest(wooBody(nonce, { key_permissions: "read" })));
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/read_write/);
    await nothingStored();
    expect((await db.wooCommerceAuthRequest.findUniqueOrThrow({ where: { nonce } })).usedAt).toBeNull();
  });

  it("refuses malformed JSON and a body without the keys, with nothing stored", async () => {
    const { nonce } = await start();
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

  it("refuses keys that the store does not accept, with nothing stored", async () => {
    const { nonce } = await start();
    const res = await callAction(callback, callbackRequest(wooBody(nonce, { consumer_secret: "cs_wrong" })));
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/do not work against the store/);
    await nothingStored();
  });

  it("accepts a nonce once: a replayed callback is refused", async () => {
    const { nonce } = await start();
    expect((await callAction(callback, callbackRequest(wooBody(nonce)))).status).toBe(200);
    const again = await callAction(
      callback,
      callbackRequest(wooBody(nonce, { consumer_key: "ck_attacker", consumer_secret: "cs_attacker" })),
    );
    expect(again.status).toBe(409);
    const shop = await db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } });
    expect((await loadWooConnection(db, appSecretKey(), shop.id))!.consumerKey).toBe(fake.consumerKey);
  });
});
