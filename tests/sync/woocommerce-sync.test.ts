// The WooCommerce sync against the local fake WooCommerce REST API (tests/fakes/woocommerce.ts),
// through the real client (global fetch), mapper and ingest model, on SQLite or PostgreSQL.
// Only what the real store cannot be made to do stays here: 429 and 500 answers, an HTML page
// instead of JSON, a server that dies mid-sync, an older version served after a newer one,
// hundreds of orders in one second, a malformed order. Paging, statuses, refunds, customers,
// guests, modified_after runs, trash, deletes, HPOS and wrong keys run against the real
// WordPress + WooCommerce in woocommerce-real.test.ts.
import { afterEach, describe, expect, it } from "vitest";
import { createWooClient, WooApiError } from "~/platforms/woocommerce/rest-client.server";
import { syncWooCommerce } from "~/workflows/sync/woocommerce-sync.server";
import {
  fakeWooCustomer,
  fakeWooOrder,
  startFakeWooCommerce,
  wooTime,
  type FakeWooCommerce,
} from "../fakes/woocommerce";
import { useTestDb } from "../helpers/db";

const { db } = await useTestDb();

const T0 = Date.parse("2024-03-01T08:00:00Z");
const minute = (n: number) => new Date(T0 + n * 60_000);

let fakes: FakeWooCommerce[] = [];
afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

let shopSeq = 0;
async function newShop() {
  shopSeq++;
  return db.shop.create({
    data: {
      platform: "woocommerce",
      domain: `woo-${shopSeq}-${Date.now()}.example.com`,
      name: "Woo Shop",
      currency: "USD",
      timezone: "UTC",
    },
  });
}

/** A fake with `n` orders modified a minute apart (order i at minute i); every 5th belongs to customer i/5, with a refund on every 10th. */
async function fakeWith(n: number) {
  const fake = await startFakeWooCommerce();
  fakes.push(fake);
  for (let i = 1; i <= n; i++) {
    fake.state.orders.push(
      fakeWooOrder({
        id: 1000 + i,
        modifiedAt: minute(i),
        total: `${10 + i}.50`,
        customerId: i % 5 === 0 ? i / 5 : 0,
        refunds: i % 10 === 0 ? [{ id: 5000 + i, total: "-1.25" }] : [],
      }),
    );
  }
  for (let c = 1; c <= n / 5; c++) fake.state.customers.push(fakeWooCustomer(c, minute(c)));
  return fake;
}

function clientFor(fake: FakeWooCommerce, overrides: { consumerSecret?: string } = {}) {
  const waits: number[] = [];
  const client = createWooClient({
    baseUrl: fake.url,
    consumerKey: fake.consumerKey,
    consumerSecret: overrides.consumerSecret ?? fake.consumerSecret,
    maxAttempts: 3,
    timeoutMs: 5_000,
    sleep: async (ms) => void waits.push(ms),
  });
  return { client, waits };
}

/** The shop's rows, comparable across shops. */
async function snapshot(shopId: string) {
  const orders = await db.order.findMany({
    where: { shopId },
    orderBy: { id: "asc" },
    include: { refunds: { orderBy: { id: "asc" } } },
  });
  const customers = await db.customer.findMany({ where: { shopId }, orderBy: { id: "asc" } });
  return {
    orders: orders.map((o) => [
      o.id,
      o.customerId,
      o.email,
      o.totalMinor,
      o.refundedMinor,
      o.financialStatus,
      o.processedAt.toISOString(),
      o.platformUpdatedAt?.toISOString(),
      o.refunds.map((r) => [r.id, r.amountMinor, r.processedAt.toISOString()]),
    ]),
    customers: customers.map((c) => [c.id, c.email, c.firstName, c.lastName, c.platformUpdatedAt?.toISOString()]),
  };
}

/** The order walk's requests (not the short walk over the trash). */
const orderRequests = (fake: FakeWooCommerce) =>
  fake.state.requests.filter((r) => r.path === "/wp-json/wc/v3/orders" && r.params.status !== "trash");
const watermarkOf = async (shopId: string) =>
  (await db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: "woocommerce" } } }))?.cursor;

describe("WooCommerce sync against the fake REST API", () => {
  it("on a second run fetches only orders modified after the watermark; a later version replaces the stored order", async () => {
    // GIVEN a synced store
    const fake = await fakeWith(250);
    const shop = await newShop();
    const { client } = clientFor(fake);
    await syncWooCommerce({ db, client }, shop.id);
    const before = fake.state.requests.length;
    // WHEN order 1010 is refunded in full at minute 300 and two orders are placed at minutes 301, 302
    fake.state.orders[9] = fakeWooOrder({
      id: 1010,
      modifiedAt: minute(300),
      createdAt: minute(10),
      total: "20.50",
      status: "refunded",
      customerId: 2,
    });
    fake.state.orders.push(
      fakeWooOrder({ id: 2001, modifiedAt: minute(301) }),
      fakeWooOrder({ id: 2002, modifiedAt: minute(302) }),
    );
    const result = await syncWooCommerce({ db, client }, shop.id);
    // THEN one order request asked only for changes since the last watermark (minute 250, less a second)
    const second = orderRequests({ ...fake, state: { ...fake.state, requests: fake.state.requests.slice(before) } });
    expect(second.map((r) => r.params.modified_after)).toEqual([wooTime(new Date(minute(250).getTime() - 1000))]);
    // order 1250 shares the watermark's second: read again, and skipped as not newer
    expect(result).toMatchObject({ ordersFetched: 4, ordersWritten: 3, watermark: minute(302).toISOString() });
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(252);
    const o = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: "woo-1010" } } });
    expect([o.financialStatus, o.refundedMinor, o.platformUpdatedAt?.toISOString()]).toEqual([
      "refunded",
      2050n,
      minute(300).toISOString(),
    ]);

    // WHEN the store later serves an OLDER version of order 1010 (minute 200, unrefunded) and a full re-sync runs
    fake.state.orders[9] = fakeWooOrder({
      id: 1010,
      modifiedAt: minute(200),
      createdAt: minute(10),
      total: "99.00",
      customerId: 2,
    });
    await db.syncState.update({
      where: { shopId_kind: { shopId: shop.id, kind: "woocommerce" } },
      data: { cursor: null },
    });
    const rerun = await syncWooCommerce({ db, client }, shop.id);
    // THEN the stored, newer version stays and nothing is written
    expect(rerun.ordersWritten).toBe(0);
    const kept = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: "woo-1010" } } });
    expect([kept.financialStatus, kept.totalMinor, kept.platformUpdatedAt?.toISOString()]).toEqual([
      "refunded",
      2050n,
      minute(300).toISOString(),
    ]);
  });

  it("misses no order that shares its modified second with a page boundary, even a page of one second only", async () => {
    // GIVEN orders 1..94 at minutes 1..94, then 36 orders (1095..1130) in minute 95's very second,
    // so page 1 ends inside that second; and a second store whose 250 orders all share one second
    const fake = await startFakeWooCommerce();
    fakes.push(fake);
    for (let i = 1; i <= 130; i++)
      fake.state.orders.push(fakeWooOrder({ id: 1000 + i, modifiedAt: minute(Math.min(i, 95)) }));
    const sameSecond = await startFakeWooCommerce();
    fakes.push(sameSecond);
    for (let i = 1; i <= 250; i++) sameSecond.state.orders.push(fakeWooOrder({ id: 1000 + i, modifiedAt: minute(1) }));
    const [shop, other] = [await newShop(), await newShop()];
    // WHEN both sync
    await syncWooCommerce({ db, client: clientFor(fake).client }, shop.id);
    await syncWooCommerce({ db, client: clientFor(sameSecond).client }, other.id);
    // THEN every order landed; the one-second store was walked by page number once the watermark could not move
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(130);
    expect(await db.order.count({ where: { shopId: other.id } })).toBe(250);
    expect(orderRequests(sameSecond).map((r) => [r.params.page, r.params.modified_after ?? null])).toEqual([
      ["1", null],
      ["1", wooTime(new Date(minute(1).getTime() - 1000))],
      ["2", wooTime(new Date(minute(1).getTime() - 1000))],
      ["3", wooTime(new Date(minute(1).getTime() - 1000))],
    ]);
  });

  it("retries a 429 after its Retry-After and a 500 with backoff, then lands everything", async () => {
    // GIVEN a store that answers 429 (Retry-After: 1) and then 500 before serving
    const fake = await fakeWith(120);
    const shop = await newShop();
    fake.failNext("429", "500");
    const { client, waits } = clientFor(fake);
    // WHEN the shop syncs
    const result = await syncWooCommerce({ db, client }, shop.id);
    // THEN both failures were retried: 1 s as the 429 asked, 1 s backoff (second attempt) after the 500
    expect(fake.state.requests.slice(0, 3).map((r) => r.status)).toEqual([429, 500, 200]);
    expect(waits).toEqual([1000, 1000]);
    expect(result.ordersWritten).toBe(120);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(120);
  });

  it("refuses an HTML page served instead of JSON with a clear error", async () => {
    const fake = await fakeWith(10);
    const shop = await newShop();
    fake.failNext("html");
    const error = await syncWooCommerce({ db, client: clientFor(fake).client }, shop.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WooApiError);
    expect((error as WooApiError).kind).toBe("not_json");
    expect((error as Error).message).toMatch(
      /answered HTTP 200 with text\/html; charset=UTF-8 instead of JSON .*: Maintenance Briefly unavailable for scheduled maintenance/,
    );
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("after a crash following page 2, a resumed run ends with exactly the rows of an uninterrupted run", async () => {
    // GIVEN a store of 250 orders that dies after serving two pages
    const fake = await fakeWith(250);
    const crashed = await newShop();
    const whole = await newShop();
    const { client, waits } = clientFor(fake);
    fake.dieAfterPages(2);
    // WHEN the sync runs: pages 1 and 2 are committed, page 3 never comes (3 attempts)
    const error = await syncWooCommerce({ db, client }, crashed.id).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/failed after 3 attempts: connection failed/);
    expect(waits).toHaveLength(2);
    // THEN the rows of pages 1 and 2 (orders 1..199: page 2 starts again at order 100's second) are stored,
    // and the watermark is page 2's newest change
    expect(await db.order.count({ where: { shopId: crashed.id } })).toBe(199);
    expect(await watermarkOf(crashed.id)).toBe(minute(199).toISOString());
    // WHEN the store is back and the sync resumes
    fake.heal();
    const resumed = await syncWooCommerce({ db, client }, crashed.id);
    expect(resumed.ordersWritten).toBe(51);
    // THEN the shop holds exactly what an uninterrupted sync of another shop holds
    await syncWooCommerce({ db, client }, whole.id);
    const [a, b] = [await snapshot(crashed.id), await snapshot(whole.id)];
    expect(a.orders).toHaveLength(250);
    expect(a).toEqual(b);
  });

  it("reports a malformed order by id and lands the others", async () => {
    // GIVEN 20 orders of which order 1007 has a total WooCommerce would never send
    const fake = await fakeWith(20);
    fake.state.orders[6] = { ...fake.state.orders[6], total: "12,50" };
    const shop = await newShop();
    // WHEN the shop syncs
    const result = await syncWooCommerce({ db, client: clientFor(fake).client }, shop.id);
    // THEN the bad one is reported with its id and field, 19 land
    expect(result.failed).toEqual([
      { kind: "order", id: "woo-1007", reason: "malformed WooCommerce order 1007: total: not an amount like 29.35" },
    ]);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(19);
    expect(await db.order.count({ where: { shopId: shop.id, id: "woo-1007" } })).toBe(0);
    // the watermark moves past them all, and the sync state says what could not be read
    expect(result.watermark).toBe(minute(20).toISOString());
    const state = await db.syncState.findUniqueOrThrow({
      where: { shopId_kind: { shopId: shop.id, kind: "woocommerce" } },
    });
    expect(state.status).toBe("completed");
    expect(state.error).toBe(
      "1 record(s) could not be read: order woo-1007: malformed WooCommerce order 1007: total: not an amount like 29.35",
    );
  });
});
