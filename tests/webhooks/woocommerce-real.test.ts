// WooCommerce webhooks from the real WordPress + WooCommerce store: the app registers its
// webhooks through the REST API (the first run of the sync job that the connect queues),
// WooCommerce delivers them from Action Scheduler (wp.runQueue() runs the queue now) to the
// app's webhook route, served here on loopback, and the app checks the signature. Every
// delivery the store makes is recorded (raw body and headers) so it can be sent again: a
// duplicate, or an older version after a newer one.
import crypto from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { translate } from "~/i18n";
import { useAppEnv } from "../helpers/app-env";
import { useWordPress, type WordPress } from "../helpers/wordpress";

const { db } = await useAppEnv();
const route = await import("~/routes/webhooks.woocommerce.$shopId");
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { syncConnectedWooStore } = await import("~/workflows/sync/woocommerce-sync.server");
const { syncStatus } = await import("~/models/sync-status.server");
const { getJobQueue } = await import("~/jobs/queue.server");

interface Delivery {
  shopId: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  status: number;
}

/** The app's webhook route on loopback; `down` answers 503 as the app does while its database is away. */
async function startApp() {
  const deliveries: Delivery[] = [];
  const state = { down: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const raw = Buffer.concat(chunks);
      let status = 503;
      let text = "service unavailable";
      const shopId = decodeURIComponent(req.url!.split("/").pop()!);
      if (!state.down) {
        const response = await send(shopId, req.headers, raw);
        status = response.status;
        text = await response.text();
      }
      deliveries.push({ shopId, headers: req.headers, raw, status });
      res.writeHead(status, { "content-type": "text/plain" }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, deliveries, state, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** One delivery to the route, as Remix would call it. */
function send(shopId: string, headers: IncomingHttpHeaders, raw: Buffer) {
  const h = new Headers();
  for (const [k, v] of Object.entries(headers)) if (typeof v === "string") h.set(k, v);
  const request = new Request(`http://app.test/webhooks/woocommerce/${shopId}`, {
    method: "POST",
    headers: h,
    body: new Uint8Array(raw),
  });
  return route.action({ request, params: { shopId }, context: {} });
}

let wp: WordPress;
let app: Awaited<ReturnType<typeof startApp>>;
let productId: number;
beforeAll(async () => {
  wp = await useWordPress();
  app = await startApp();
  productId = (await wp.fixtures.createProduct({ regular_price: "10.00" })).id;
}, 120_000);
afterAll(async () => {
  await app?.close();
  await (await getJobQueue()).close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A WooCommerce shop in the app for the real store (as the connect leaves it), its webhooks not registered yet. */
async function connectedShop() {
  const { shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    {
      siteUrl: `${wp.url}/${crypto.randomBytes(4).toString("hex")}`,
      pluginSecret: "p".repeat(64),
      pluginVersion: null,
    },
    { keyId: "1", consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret, permissions: "read_write" },
    { name: "Real Woo", currency: "EUR", timezone: "Europe/Amsterdam" },
  );
  // The domain is made unique per test (a folder on the URL); the store itself is at wp.url.
  await db.wooCommerceConnection.update({ where: { shopId }, data: { siteUrl: wp.url } });
  return shopId;
}

/** The scheduled sync job's work for the shop (registration on its first run). */
const runJob = (shopId: string) =>
  syncConnectedWooStore(db, { key: appSecretKey(), appUrl: app.url, shopId }).then((r) => r!);

const hookUrl = (shopId: string) => `${app.url}/webhooks/woocommerce/${shopId}`;

async function storeWebhooks(shopId: string) {
  const all = await wp.rest.get<{ id: number; topic: string; status: string; delivery_url: string }[]>("/webhooks", {
    per_page: 100,
  });
  return all.filter((w) => w.delivery_url === hookUrl(shopId));
}

/** Runs the store's webhook queue until `done` holds (deliveries are queued as the request ends). */
async function deliverUntil(done: () => Promise<boolean>, what: string) {
  for (let i = 0; i < 40; i++) {
    await wp.runQueue();
    if (await done()) return;
    await sleep(250);
  }
  throw new Error(`not delivered: ${what}`);
}

const orderRow = (shopId: string, id: number) =>
  db.order.findUnique({ where: { shopId_id: { shopId, id: `woo-${id}` } }, include: { refunds: true } });

/** The shop's order deliveries (not the pings), in arrival order. */
const deliveriesFor = (shopId: string) =>
  app.deliveries.filter(
    (d) => d.shopId === shopId && String(d.headers["x-wc-webhook-topic"] ?? "").startsWith("order."),
  );

describe("WooCommerce webhooks from the real store", () => {
  it("are registered through the REST API, delivered by WooCommerce with a valid signature, and duplicates and older versions change nothing (real WordPress)", async () => {
    // GIVEN a connected shop whose first sync job ran
    const shopId = await connectedShop();
    const first = await runJob(shopId);
    expect(first.webhooks.reenabled).toBeNull();
    // THEN its six webhooks are on the store, active, pointing at the app (each pinged on creation)
    const hooks = await storeWebhooks(shopId);
    expect(hooks.map((h) => [h.topic, h.status]).sort()).toEqual(
      [
        ["customer.created", "active"],
        ["customer.updated", "active"],
        ["order.created", "active"],
        ["order.deleted", "active"],
        ["order.restored", "active"],
        ["order.updated", "active"],
      ].sort(),
    );
    // a second run registers nothing again, and leaves the daily check for deleted orders to tomorrow
    const idCheck = () =>
      db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId, kind: "woocommerce-ids" } } });
    const checkedAt = (await idCheck()).finishedAt;
    await runJob(shopId);
    expect(await storeWebhooks(shopId)).toHaveLength(6);
    expect((await idCheck()).finishedAt).toEqual(checkedAt);

    // WHEN a customer places an order on the store
    const email = `hook-${Date.now()}@example.test`;
    const order = await wp.fixtures.createOrder({
      billing: { email, first_name: "Hook", last_name: "Buyer" },
      line_items: [{ product_id: productId, quantity: 3 }],
      status: "processing",
    });
    // THEN WooCommerce delivers it and the app stores it
    await deliverUntil(async () => (await orderRow(shopId, order.id)) !== null, "order.created");
    const stored = (await orderRow(shopId, order.id))!;
    expect([stored.totalMinor, stored.financialStatus, stored.email]).toEqual([3000n, "paid", email]);
    const v1 = deliveriesFor(shopId)[0];
    expect(v1.status).toBe(200); // the signature was checked: a mismatch is 401

    // WHEN the merchant refunds 12.00 a second later
    await sleep(1100);
    await wp.fixtures.createRefund(order.id, { amount: "12.00", reason: "partial" });
    await deliverUntil(
      async () => (await orderRow(shopId, order.id))?.financialStatus === "partially_refunded",
      "order.updated after the refund",
    );
    const refunded = (await orderRow(shopId, order.id))!;
    expect([refunded.refundedMinor, refunded.refunds.length]).toEqual([1200n, 1]);
    const events = await db.webhookEvent.count({ where: { shopId } });

    // WHEN the newest delivery arrives again (a duplicate: same delivery id)
    const latest = deliveriesFor(shopId)
      .filter((d) => d.status === 200)
      .at(-1)!;
    expect((await send(shopId, latest.headers, latest.raw)).status).toBe(200);
    // AND the first version arrives once more as a new delivery (out of order: an older version)
    const late = await send(shopId, { ...v1.headers, "x-wc-webhook-delivery-id": crypto.randomUUID() }, v1.raw);
    expect(late.status).toBe(200);
    // THEN nothing changed: the duplicate was not counted again, the older version did not win
    expect(await db.webhookEvent.count({ where: { shopId } })).toBe(events + 1); // only the re-sent older one
    const after = (await orderRow(shopId, order.id))!;
    expect([after.financialStatus, after.refundedMinor, after.platformUpdatedAt]).toEqual([
      "partially_refunded",
      1200n,
      refunded.platformUpdatedAt,
    ]);
    // AND a delivery whose body was changed after signing is refused
    const forged = Buffer.from(v1.raw.toString("utf8").replace('"total":"30.00"', '"total":"3.00"'));
    expect(forged.equals(v1.raw)).toBe(false);
    expect(
      (await send(shopId, { ...v1.headers, "x-wc-webhook-delivery-id": crypto.randomUUID() }, forged)).status,
    ).toBe(401);

    // WHEN the order is moved to the trash THEN order.deleted takes it out of the app
    await wp.fixtures.trashOrder(order.id);
    await deliverUntil(async () => (await orderRow(shopId, order.id)) === null, "order.deleted");
  }, 180_000);

  it("a webhook WooCommerce disabled after failed deliveries is found, shown, switched back on, and the catch-up fills the gap (real WordPress)", async () => {
    // GIVEN a connected shop with its webhooks registered
    const shopId = await connectedShop();
    await runJob(shopId);
    const hooks = await storeWebhooks(shopId);
    const created = hooks.find((h) => h.topic === "order.created")!;

    // WHEN the app is down (503) while eight orders are placed, and WooCommerce tries to deliver them
    app.state.down = true;
    const placed: number[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const o = await wp.fixtures.createOrder({
          billing: { email: `down-${i}-${Date.now()}@example.test` },
          line_items: [{ product_id: productId, quantity: i + 1 }],
          status: "completed",
        });
        placed.push(o.id);
        await wp.runQueue();
      }
      // THEN WooCommerce itself disables the webhook after more than five failures in a row
      for (let i = 0; i < 20 && (await wp.rest.get(`/webhooks/${created.id}`)).status !== "disabled"; i++) {
        await wp.runQueue();
        await sleep(250);
      }
    } finally {
      app.state.down = false;
    }
    expect((await wp.rest.get(`/webhooks/${created.id}`)).status).toBe("disabled");
    // AND an order placed while it is disabled is not delivered at all
    const whileDisabled = await wp.fixtures.createOrder({
      billing: { email: `disabled-${Date.now()}@example.test` },
      line_items: [{ product_id: productId, quantity: 2 }],
      status: "processing",
    });
    placed.push(whileDisabled.id);
    await wp.runQueue();
    expect(await orderRow(shopId, whileDisabled.id)).toBeNull();
    for (const id of placed) expect(await orderRow(shopId, id)).toBeNull();

    // WHEN the scheduled sync job runs
    const run = await runJob(shopId);
    // THEN it found the disabled webhooks and switched them back on
    expect(run.webhooks.reenabled?.topics).toContain("order.created");
    expect(run.webhooks.reenabled?.statuses).toContain("disabled");
    expect((await wp.rest.get(`/webhooks/${created.id}`)).status).toBe("active");
    // AND the modified_after catch-up landed every order the webhooks missed
    for (const id of placed) expect(await orderRow(shopId, id)).not.toBeNull();
    // AND the Sync page says so, in English and Dutch
    const status = await syncStatus(db, shopId);
    const incident = status.wooWebhooks!.lastIncident!;
    expect(incident.topics).toContain("order.created");
    expect(incident.reenabledAt).not.toBeNull();
    const vars = {
      count: incident.topics.length,
      topics: incident.topics.join(", "),
      detectedAt: incident.detectedAt,
      reenabledAt: incident.reenabledAt!,
    };
    expect(translate("en", "sync.wooWebhooks.incident", vars)).toContain(
      `WooCommerce had switched off ${incident.topics.length} of the app's webhooks (${vars.topics}) after deliveries failed`,
    );
    expect(translate("nl", "sync.wooWebhooks.incident", vars)).toContain(
      `WooCommerce had ${incident.topics.length} webhooks van de app (${vars.topics}) uitgeschakeld na mislukte afleveringen`,
    );

    // WHEN an order is placed after the webhooks are back on THEN it is delivered again
    const back = await wp.fixtures.createOrder({
      billing: { email: `back-${Date.now()}@example.test` },
      line_items: [{ product_id: productId, quantity: 1 }],
      status: "processing",
    });
    await deliverUntil(async () => (await orderRow(shopId, back.id)) !== null, "order after re-enabling");
    // AND a later check finds nothing to switch on
    expect((await runJob(shopId)).webhooks.reenabled).toBeNull();
  }, 240_000);
});
