// The Shopify sync against the local fake Admin API (every document validated against
// Shopify's real schema), through the app's real code path: session storage, the
// shopify-api GraphQL client, the job queue, the bulk JSONL reader and the ingest model.
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoShop } from "~/demo/generator";
import { adminCustomer, adminOrder } from "~/demo/admin-records";
import { routeShopifyToFake } from "../fakes/route-shopify-to-fake";
import { startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin";
import { useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv({ BACKFILL_POLL_MS: "20" });
const shopify = await import("~/shopify.server");
const { onShopInstalled } = await import("~/workflows/install.server");
const { getJobQueue } = await import("~/jobs/queue.server");
const { continueBackfill, startBackfill } = await import("~/workflows/sync/shopify-backfill.server");
const { reconcile } = await import("~/workflows/sync/shopify-reconcile.server");
const { adminQuery } = await import("~/platforms/shopify/admin-graphql.server");

const SHOP = "sync-shop.myshopify.com";
let fake: FakeShopifyAdmin;

async function storeSession(domain: string) {
  await db.session.upsert({
    where: { id: `offline_${domain}` },
    create: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      accessToken: fake.accessToken,
      scope: "read_orders,read_all_orders,read_customers",
    },
    update: {},
  });
}
const graphqlFor = async (domain: string) => (await shopify.unauthenticated.admin(domain)).admin.graphql;

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
      o.netPaidMinor,
      o.financialStatus,
      o.cancelledAt?.toISOString(),
      o.processedAt.toISOString(),
      o.refunds.map((r) => [r.id, r.amountMinor]),
    ]),
    customers: customers.map((c) => [
      c.id,
      c.email,
      c.firstName,
      c.lastName,
      c.ordersCount,
      c.totalSpentMinor,
      c.tags,
      c.marketingConsent,
    ]),
  };
}

beforeAll(async () => {
  fake = await startFakeShopifyAdmin({
    shop: SHOP,
    currency: "EUR",
    timezone: "Europe/Amsterdam",
    shopName: "Sync Shop",
    bulkPollsToComplete: 2,
  });
  for (const chunk of generateDemoShop({ customers: 400, seed: 99 })) {
    fake.state.customers.push(...chunk.customers.map(adminCustomer));
    fake.state.orders.push(...chunk.orders.map(adminOrder));
  }
  routeShopifyToFake(fake.url);
});
afterAll(async () => {
  await (await getJobQueue()).close();
  await fake.close();
});

describe("Shopify sync against the fake Admin API", () => {
  it("on first install creates the shop from the shop's own details and backfills its whole history by itself", async () => {
    // GIVEN an installed app's offline session (what token exchange stores)
    await storeSession(SHOP);
    // WHEN the after-auth hook runs
    const shop = await onShopInstalled(db, SHOP, await graphqlFor(SHOP));
    expect(shop).toMatchObject({
      name: "Sync Shop",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
      installState: "installed",
    });
    // THEN the backfill job runs to completion: customers, then orders, by bulk operation
    await (await getJobQueue()).drain();
    const state = await db.syncState.findUniqueOrThrow({
      where: { shopId_kind: { shopId: shop.id, kind: "backfill" } },
    });
    expect(state.status).toBe("completed");
    expect(state.processed).toBe(fake.state.customers.length + fake.state.orders.length);
    expect(state.total).toBe(state.processed);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(fake.state.orders.length);
    expect(await db.customer.count({ where: { shopId: shop.id } })).toBe(fake.state.customers.length);
    expect(fake.state.bulkOperations.map((b) => b.status)).toEqual(["COMPLETED", "COMPLETED"]);
    // The reconciliation watermark starts where the orders snapshot was taken.
    const reconcileState = await db.syncState.findUniqueOrThrow({
      where: { shopId_kind: { shopId: shop.id, kind: "reconcile" } },
    });
    expect(reconcileState.cursor).toBe(fake.state.bulkOperations[1].createdAt);
  });

  it("sends only documents that validate against Shopify's Admin schema", () => {
    expect(fake.state.rejected).toEqual([]);
    const names = new Set(
      fake.state.requests.map((r) => r.operationName ?? /(query|mutation)\s+(\w+)/.exec(r.query)?.[2]),
    );
    expect([...names]).toEqual(expect.arrayContaining(["ShopDetails", "BulkOperationRunQuery", "BulkOperation"]));
  });

  it("resumes a backfill that crashed mid-file from its checkpoint, ending with data identical to an uninterrupted run", async () => {
    const reference = await db.shop.findFirstOrThrow({ where: { domain: SHOP } });
    const crashDomain = "crash-shop.myshopify.com";
    await storeSession(crashDomain);
    const shop = await db.shop.create({
      data: { platform: "shopify", domain: crashDomain, name: "Crash", currency: "EUR", timezone: "Europe/Amsterdam" },
    });
    const graphql = await graphqlFor(crashDomain);

    // A download that dies after 700 lines of the orders file (a crash or a restart).
    let crashes = 0;
    const crashingFetch = async (url: string) => {
      const res = await fetch(url);
      const text = await res.text();
      const lines = text.split("\n");
      if (lines[0].includes("gid://shopify/Order/") && crashes === 0) {
        crashes++;
        async function* dying() {
          yield lines.slice(0, 700).join("\n") + "\n";
          throw new Error("worker killed");
        }
        return Readable.toWeb(Readable.from(dying())) as ReadableStream<Uint8Array>;
      }
      return new Response(text).body!;
    };
    // Batches of 250 committed in groups of 500: the crash at line 700 loses the open group.
    const deps = { db, graphql, fetchFile: crashingFetch, batchSize: 250, commitEvery: 500 };
    await startBackfill(deps, shop.id);
    let outcome: string | undefined;
    let crashed = false;
    for (let i = 0; i < 20 && outcome !== "completed"; i++) {
      try {
        outcome = await continueBackfill(deps, shop.id);
      } catch (e) {
        expect((e as Error).message).toBe("worker killed");
        crashed = true;
        const state = await db.syncState.findUniqueOrThrow({
          where: { shopId_kind: { shopId: shop.id, kind: "backfill" } },
        });
        expect(JSON.parse(state.cursor!).line).toBe(500); // the last group committed before the crash
      }
    }
    expect(crashed).toBe(true);
    expect(outcome).toBe("completed");
    expect(await snapshot(shop.id)).toEqual(await snapshot(reference.id));
  });

  it("catches up on changes a missed webhook lost, from the watermark on", async () => {
    const shop = await db.shop.findFirstOrThrow({ where: { domain: SHOP } });
    // The order's buyer is a loyalty member whose points for it are on the ledger.
    const changed = fake.state.orders[5];
    const orderId = changed.id.split("/").pop()!;
    const buyer = changed.customer!.id.split("/").pop()!;
    const { ensureAccount, applyOrderToLedger } = await import("~/models/loyalty-ledger.server");
    await ensureAccount(db, shop.id, buyer, { since: new Date("2000-01-01T00:00:00Z") });
    await applyOrderToLedger(db, shop.id, orderId);
    const earned = await db.loyaltyEntry.findFirstOrThrow({ where: { shopId: shop.id, orderId, kind: "earn_order" } });
    // Shopify changes one order (cancelled) and takes a new one; no webhook reaches us.
    const later = new Date(Date.now() + 60_000).toISOString();
    Object.assign(changed, { cancelledAt: later, updatedAt: later, displayFinancialStatus: "VOIDED" });
    fake.state.orders.push({
      ...fake.state.orders[6],
      id: "gid://shopify/Order/9199999999999999999",
      name: "#99999",
      updatedAt: later,
    });
    const result = await reconcile({ db, graphql: await graphqlFor(SHOP) }, shop.id);
    expect(result.orders).toBeGreaterThanOrEqual(2);
    const row = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: changed.id.split("/").pop()! } },
    });
    expect(row.cancelledAt?.toISOString()).toBe(later);
    expect(await db.order.count({ where: { shopId: shop.id, id: "9199999999999999999" } })).toBe(1);
    expect(result.watermark).toBe(later);
    expect(fake.state.rejected).toEqual([]);
    // ...and the cancellation took the member's points for it back.
    const reversal = await db.loyaltyEntry.findFirstOrThrow({
      where: { shopId: shop.id, orderId, kind: "reverse_cancel" },
    });
    expect(reversal.points).toBe(-earned.points);
  });

  it("waits for the cost bucket when THROTTLED and backs off on 429 and 5xx, then succeeds", async () => {
    const graphql = await graphqlFor(SHOP);
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    fake.control.throttleNext(1);
    fake.control.failNext(1, 429, 2);
    fake.control.failNext(1, 503);
    const { data } = await adminQuery<{ shop: { name: string } }>(graphql, "query ShopName { shop { name } }", {
      sleep,
    });
    expect(data.shop.name).toBe("Sync Shop");
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(1000); // refill time for the throttled query
    expect(waits[1]).toBe(2000); // Retry-After: 2
  });

  it("abandons a request that hangs past the timeout and retries it", async () => {
    const graphql = await graphqlFor(SHOP);
    fake.control.delayNext(1500);
    const reasons: string[] = [];
    const { data } = await adminQuery<{ shop: { name: string } }>(graphql, "query ShopName { shop { name } }", {
      sleep: async () => {},
      timeoutMs: 300,
      onRetry: ({ reason }) => void reasons.push(reason),
    });
    expect(data.shop.name).toBe("Sync Shop");
    expect(reasons).toEqual(["timeout"]);
  });

  it("gives up with a clear error when Shopify keeps failing", async () => {
    const graphql = await graphqlFor(SHOP);
    fake.control.failNext(3, 500);
    await expect(
      adminQuery(graphql, "query ShopName { shop { name } }", { sleep: async () => {}, maxAttempts: 3 }),
    ).rejects.toThrow(/still failing after 3 attempts \(HTTP 500\)/);
  });
});
