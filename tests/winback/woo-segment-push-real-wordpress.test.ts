// Win-back on WooCommerce against the real WordPress 7 + WooCommerce 11 store: the segment and
// its fields as customer meta data over REST v3 (only changes, the merchant's own meta untouched,
// guests skipped, a deleted customer recorded and the rest carried on, switched off = removed),
// and the signed "segment changed" webhook to the merchant's URL through the job queue.
import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useAppEnv } from "../helpers/app-env";
import { useWordPress, type WordPress } from "../helpers/wordpress";

const { db } = await useAppEnv();
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { pushWooSegments } = await import("~/workflows/woo-segment-push.server");
const { applyWinbackIntent } = await import("~/workflows/segment-push.server");
const { sendSegmentWebhook } = await import("~/workflows/segment-webhook.server");
const { segmentWebhookSecret } = await import("~/models/winback.server");
const { createWooClient } = await import("~/platforms/woocommerce/rest-client.server");
const { getJobQueue } = await import("~/jobs/queue.server");
const { enqueueSegmentWebhook, JOBS } = await import("~/jobs/enqueue.server");

/** The merchant's endpoint (an e-mail tool): records each POST, answers with the next status queued (200 by default). */
interface Received {
  headers: IncomingHttpHeaders;
  raw: string;
}
const received: Received[] = [];
const answers: number[] = [];
const endpoint = createServer((req, res) => {
  let raw = "";
  req.on("data", (c: Buffer) => (raw += c.toString("utf8")));
  req.on("end", () => {
    received.push({ headers: req.headers, raw });
    res.writeHead(answers.shift() ?? 200).end();
  });
});
await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
const endpointUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/retention-hook`;

let wp: WordPress;
let shopId: string;
let calls: { method: string; resource: string }[];
let client: ReturnType<typeof createWooClient>;
const queue = await getJobQueue();

beforeAll(async () => {
  wp = await useWordPress();
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: wp.url, pluginSecret: "b".repeat(64), pluginVersion: "1.0.0" },
    { keyId: "1", consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret, permissions: "read_write" },
    { name: "Real Woo win-back", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
  const real = createWooClient({ baseUrl: wp.url, consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret });
  // Every REST call the push makes is counted (the store itself answers them).
  client = {
    ...real,
    request: (method, resource, opts) => {
      calls.push({ method, resource });
      return real.request(method, resource, opts);
    },
  };
}, 300_000);
beforeEach(async () => {
  calls = [];
  received.length = 0;
  await db.segmentPush.deleteMany({ where: { shopId } });
  await db.customerInsight.deleteMany({ where: { shopId } });
  await db.syncState.deleteMany({ where: { shopId } });
  await db.shop.update({
    where: { id: shopId },
    data: { settings: JSON.stringify({ winback: { pushEnabled: true, segmentWebhookUrl: endpointUrl } }) },
  });
});
afterAll(async () => {
  await queue.close();
  await new Promise((r) => endpoint.close(r));
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function storeCustomer(meta: { key: string; value: string }[] = []) {
  const made = await wp.fixtures.createCustomer({
    email: `winback-${unique()}@example.test`,
    first_name: "Wim",
    meta_data: meta,
  });
  const id = `woo-${made.id}`;
  await db.customer.create({ data: { shopId, id, email: made.email, firstName: "Wim" } });
  return { number: made.id as number, id, email: made.email as string };
}

interface Spec {
  id: string; // "woo-7", or "e:<email>" for a guest
  segment: string;
  pAlive?: number;
  clvMinor?: bigint;
  last?: string;
}

/** What an analytics refresh writes: one row per customer, stamped with this run's time. */
async function writeInsights(specs: Spec[]) {
  const computedAt = new Date();
  await db.customerInsight.deleteMany({ where: { shopId } });
  await db.customerInsight.createMany({
    data: specs.map((s) => {
      const guest = s.id.startsWith("e:");
      return {
        shopId,
        customerKey: guest ? s.id : `c:${s.id}`,
        customerId: guest ? null : s.id,
        email: guest ? s.id.slice(2) : null,
        searchText: s.id,
        orders: 2,
        revenueMinor: 5000n,
        firstOrderDate: "2025-03-01",
        lastOrderDate: s.last ?? "2026-10-01",
        segment: s.segment,
        rfmR: 3,
        rfmF: 3,
        rfmM: 3,
        rfmSegment: "Loyal",
        pAlive: s.pAlive ?? 0.8,
        expectedPurchases: 1,
        expectedOrderValueMinor: 2500n,
        predictedClvMinor: s.clvMinor ?? 12_345n,
        computedAt,
      };
    }),
  });
}

/** The customer's meta in the store, as key -> value (without WordPress's own default_password_nag, set on every new user). */
async function metaOf(number: number): Promise<Record<string, unknown>> {
  const c = await wp.rest.get(`/customers/${number}`);
  return Object.fromEntries(
    (c.meta_data as { key: string; value: unknown }[])
      .filter((m) => m.key !== "default_password_nag")
      .map((m) => [m.key, m.value]),
  );
}

const push = (opts = {}) => pushWooSegments({ db, client, queue }, shopId, opts);
const puts = () => calls.filter((c) => c.method === "PUT");

async function waitFor<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("win-back on WooCommerce (real WordPress)", () => {
  it("writes the segment and fields as customer meta, only when they change, leaving the merchant's meta and guests alone", async () => {
    // GIVEN two store customers (one with the merchant's own meta) and a guest in the analysis
    const anna = await storeCustomer([{ key: "vip_note", value: "keeps the blue mugs" }]);
    const bram = await storeCustomer();
    await writeInsights([
      { id: anna.id, segment: "repeat", pAlive: 0.8, clvMinor: 12_345n, last: "2026-10-01" },
      { id: bram.id, segment: "one-time", pAlive: 0.333, clvMinor: 4_050n, last: "2026-06-15" },
      { id: "e:guest@example.test", segment: "inactive" },
    ]);

    // WHEN the push runs
    expect(await push()).toMatchObject({ status: "done", mutations: 2, updated: 2, failed: 0 });

    // THEN each account holds the four fields (rounded as on Shopify) next to its own meta
    expect(await metaOf(anna.number)).toEqual({
      vip_note: "keeps the blue mugs",
      retention_segment: "repeat",
      retention_churn_risk: "0.20",
      retention_predicted_clv: "123.00",
      retention_last_order_date: "2026-10-01",
    });
    expect(await metaOf(bram.number)).toMatchObject({
      retention_segment: "one-time",
      retention_churn_risk: "0.67",
      retention_predicted_clv: "41.00",
      retention_last_order_date: "2026-06-15",
    });
    expect(
      puts()
        .map((c) => c.resource)
        .sort(),
    ).toEqual([`wc/v3/customers/${anna.number}`, `wc/v3/customers/${bram.number}`].sort());

    // WHEN the analysis is refreshed without changes, and then with one customer's value changed
    calls = [];
    await writeInsights([
      { id: anna.id, segment: "repeat", pAlive: 0.8, clvMinor: 12_345n, last: "2026-10-01" },
      { id: bram.id, segment: "one-time", pAlive: 0.333, clvMinor: 4_050n, last: "2026-06-15" },
    ]);
    expect(await push()).toMatchObject({ status: "done", mutations: 0 });
    await writeInsights([
      { id: anna.id, segment: "repeat", pAlive: 0.5, clvMinor: 12_345n, last: "2026-10-01" },
      { id: bram.id, segment: "one-time", pAlive: 0.333, clvMinor: 4_050n, last: "2026-06-15" },
    ]);
    expect(await push()).toMatchObject({ status: "done", mutations: 1 });

    // THEN only that customer was written, and no segment webhook went out (nobody changed segment)
    expect(puts().map((c) => c.resource)).toEqual([`wc/v3/customers/${anna.number}`]);
    expect((await metaOf(anna.number)).retention_churn_risk).toBe("0.50");
    expect(received).toHaveLength(0);
  });

  it("a move to another segment sends the signed webhook through the job queue, with the documented payload", async () => {
    // GIVEN a customer pushed as "repeat"
    const cas = await storeCustomer();
    await writeInsights([{ id: cas.id, segment: "repeat" }]);
    await push();

    // WHEN the next analysis puts them in "inactive"
    await writeInsights([{ id: cas.id, segment: "inactive", pAlive: 0.1, clvMinor: 999n, last: "2026-01-31" }]);
    await push();

    // THEN the store holds the new segment, and the merchant's URL receives one signed event
    expect((await metaOf(cas.number)).retention_segment).toBe("inactive");
    const [hook] = await waitFor(
      async () => received,
      (r) => r.length > 0,
      "the segment webhook",
    );
    const expected = createHmac("sha256", segmentWebhookSecret(shopId)).update(hook.raw).digest("base64");
    expect(hook.headers["x-retention-signature"]).toBe(expected);
    expect(hook.headers["x-retention-event"]).toBe("customer.segment_changed");
    const body = JSON.parse(hook.raw);
    expect(hook.headers["x-retention-event-id"]).toBe(body.id);
    expect(body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      event: "customer.segment_changed",
      version: 1,
      occurred_at: expect.any(String),
      shop: { id: shopId, domain: new URL(wp.url).host, currency: "EUR" },
      customer: { id: cas.number, email: cas.email, first_name: "Wim", last_name: null },
      segment: { from: "repeat", to: "inactive" },
      fields: { churn_risk: 0.9, predicted_clv: 10, last_order_date: "2026-01-31" },
    });
  });

  it("a failed delivery throws so the queue retries it, with the same bytes and event id; without a URL it is dropped", async () => {
    const event = {
      eventId: "e".repeat(32),
      body: JSON.stringify({ id: "e".repeat(32), event: "customer.segment_changed" }),
    };
    answers.push(503);
    await expect(sendSegmentWebhook(db, shopId, event)).rejects.toThrow(/answered HTTP 503/);
    expect(await sendSegmentWebhook(db, shopId, event)).toBe("sent");
    expect(received.map((r) => [r.raw, r.headers["x-retention-event-id"]])).toEqual([
      [event.body, event.eventId],
      [event.body, event.eventId],
    ]);
    await db.shop.update({
      where: { id: shopId },
      data: { settings: JSON.stringify({ winback: { pushEnabled: true, segmentWebhookUrl: null } }) },
    });
    expect(await sendSegmentWebhook(db, shopId, event)).toBe("dropped");
    expect(received).toHaveLength(2);
  });

  it("the queued delivery is one job per event id with retries (8 attempts, 30 s doubling), carrying the exact bytes", async () => {
    const enqueued: unknown[] = [];
    const recording = { enqueue: async (...args: unknown[]) => void enqueued.push(args) } as unknown as typeof queue;
    await enqueueSegmentWebhook(recording, shopId, { eventId: "abc", body: '{"id":"abc"}' });
    expect(enqueued).toEqual([
      [
        JOBS.segmentWebhook,
        { eventId: "abc", body: '{"id":"abc"}' },
        { shopId, jobId: `segment-webhook:${shopId}:abc`, attempts: 8, backoffMs: 30_000 },
      ],
    ]);
  });

  it("a customer deleted in WooCommerce is recorded as failed and the others are still written", async () => {
    const gone = await storeCustomer();
    const kept = await storeCustomer();
    await wp.rest.delete(`/customers/${gone.number}`, { force: true });
    await writeInsights([
      { id: gone.id, segment: "repeat" },
      { id: kept.id, segment: "repeat" },
    ]);
    expect(await push()).toMatchObject({ status: "done", updated: 1, failed: 1 });
    const failed = await db.segmentPush.findUniqueOrThrow({
      where: { shopId_customerId: { shopId, customerId: gone.id } },
    });
    expect(failed.error).toMatch(/woocommerce_rest_invalid_id|HTTP 400|HTTP 404/);
    expect((await metaOf(kept.number)).retention_segment).toBe("repeat");
    // Not retried while what we would send is unchanged
    calls = [];
    expect(await push()).toMatchObject({ mutations: 0 });
  });

  it("switching the push off takes the app's meta off the customers and leaves the merchant's", async () => {
    // GIVEN a pushed customer with the merchant's own meta
    const dirk = await storeCustomer([{ key: "vip_note", value: "stays" }]);
    await writeInsights([{ id: dirk.id, segment: "active-loyal" }]);
    await push();
    expect((await metaOf(dirk.number)).retention_segment).toBe("active-loyal");

    // WHEN the merchant switches the push off on the Win-back page
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(await applyWinbackIntent(db, queue, shop, "settings", false)).toEqual({});

    // THEN the removal job (run by the app's job queue) clears the app's keys only
    await waitFor(
      () => db.segmentPush.count({ where: { shopId } }),
      (n) => n === 0,
      "the removal",
    );
    expect(await metaOf(dirk.number)).toEqual({ vip_note: "stays" });
  });
});
