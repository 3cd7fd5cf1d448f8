// The win-back push against the local fake Admin API (every document validated against
// Shopify's 2026-10 schema), through the shopify-api GraphQL client the jobs use: tags,
// metafields and the Flow trigger as Shopify would hold them afterwards, on SQLite and
// PostgreSQL. Insight rows are written directly, as an analytics refresh writes them, so each
// test states exactly which customer is in which group.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { routeShopifyToFake } from "../fakes/route-shopify-to-fake";
import {
  startFakeShopifyAdmin,
  taggedCustomer,
  type FakeCustomer,
  type FakeShopifyAdmin,
} from "../fakes/shopify-admin";
import { useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";

const { db } = await useAppEnv();
const shopify = await import("~/shopify.server");
const { pushSegments, removeSegmentTags } = await import("~/workflows/segment-push.server");
const { setPushEnabled, winbackOverview } = await import("~/models/winback.server");
const { markShopUninstalled, redactCustomer, redactShop } = await import("~/models/compliance.server");
const { getJobQueue } = await import("~/jobs/queue.server");
const { enqueueAnalyticsRefresh } = await import("~/jobs/enqueue.server");
const { requestSegmentPush } = await import("~/workflows/segment-push.server");
const { upsertCustomers, upsertOrders } = await import("~/models/ingest.server");

const SHOP = "winback-shop.myshopify.com";
const NOW = new Date("2026-11-01T12:00:00Z");
let fake: FakeShopifyAdmin;
let shopId: string;

beforeAll(async () => {
  fake = await startFakeShopifyAdmin({ shop: SHOP, bucket: { maximumAvailable: 100_000, restoreRate: 100_000 } });
  routeShopifyToFake(fake.url);
});
afterAll(async () => {
  await (await getJobQueue()).close();
  await fake.close();
});

// ---- the shop: ten customers with accounts (each with tags of the merchant's own) and two guests

interface Spec {
  id: string; // Shopify customer id; "e:<email>" for a guest
  segment: string;
  pAlive?: number | null;
  clvMinor?: bigint | null;
  last?: string;
}
const BASE: Spec[] = [
  { id: "1001", segment: "repeat" },
  { id: "1002", segment: "repeat" },
  { id: "1003", segment: "repeat" },
  { id: "1004", segment: "one-time" },
  { id: "1005", segment: "one-time" },
  { id: "1006", segment: "active-loyal", clvMinor: 98_760n },
  { id: "1007", segment: "active-loyal" },
  { id: "1008", segment: "inactive", last: "2026-06-01", pAlive: 0.1 },
  { id: "1009", segment: "repeat" },
  { id: "1010", segment: "one-time" },
  { id: "e:guest1@example.nl", segment: "one-time" },
  { id: "e:guest2@example.nl", segment: "inactive", last: "2026-05-01" },
];
const OWN_TAGS: Record<string, string[]> = {
  "1001": ["VIP", "retention:manual"],
  "1004": ["newsletter"],
  "1006": ["Wholesale", "NL"],
};
/** Repeat buyers, a one-time buyer and a loyal one cross the threshold; others change group or figures. */
const MOVED: Spec[] = BASE.map((s) => {
  const to: Record<string, Partial<Spec>> = {
    "1001": { segment: "inactive", last: "2026-06-01", pAlive: 0.3 },
    "1002": { segment: "inactive", last: "2026-06-01", pAlive: 0.2 },
    "1003": { segment: "active-loyal" },
    "1004": { segment: "inactive", last: "2026-06-01", pAlive: 0.25 },
    "1005": { segment: "repeat" },
    "1006": { segment: "inactive", last: "2026-06-01", pAlive: 0.4 },
    "1009": { pAlive: 0.55 },
    "1010": { pAlive: null },
  };
  return { ...s, ...to[s.id] };
});
const ENTERED_INACTIVE = ["1001", "1002", "1004", "1006"];

const fakeCustomer = (id: string): FakeCustomer => taggedCustomer(id, OWN_TAGS[id] ?? ["VIP"]);

/** What an analytics refresh writes: one row per customer, all stamped with this run's time. */
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
        name: guest ? null : `Klant ${s.id}`,
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
        pAlive: s.pAlive === undefined ? 0.8 : s.pAlive,
        expectedPurchases: 1,
        expectedOrderValueMinor: 2500n,
        predictedClvMinor: s.clvMinor === undefined ? 12_345n : s.clvMinor,
        computedAt,
      };
    }),
  });
}

/** What Shopify should hold for these groups: the merchant's tags plus ours, and our four fields. */
function expectedShopify(specs: Spec[]) {
  return Object.fromEntries(
    specs
      .filter((s) => !s.id.startsWith("e:"))
      .map((s) => {
        const p = s.pAlive === undefined ? 0.8 : s.pAlive;
        const clv = s.clvMinor === undefined ? 12_345n : s.clvMinor;
        const fields: Record<string, string> = {
          "retention.segment": s.segment,
          "retention.last_order_date": s.last ?? "2026-10-01",
        };
        if (p !== null) fields["retention.churn_risk"] = (1 - p).toFixed(2);
        if (clv !== null) fields["retention.predicted_clv"] = `${Math.round(Number(clv) / 100)}.00`;
        return [s.id, { tags: [...fakeCustomer(s.id).tags, `retention:${s.segment}`].sort(), fields }];
      }),
  );
}

/** What the fake Shopify holds now, per customer. */
function shopifyState() {
  return Object.fromEntries(
    fake.state.customers.map((c) => {
      const id = c.id.split("/").pop()!;
      const fields = Object.fromEntries(
        Object.entries(fake.state.customerMetafields[c.id] ?? {}).map(([k, m]) => [k, m.value]),
      );
      return [id, { tags: [...c.tags].sort(), fields }];
    }),
  );
}

const mutations = () =>
  fake.state.requests.map((r) => /mutation\s+(\w+)/.exec(r.query)?.[1]).filter((n): n is string => !!n);
const triggeredIds = () => fake.state.flowTriggers.map((t) => String(t.payload.customer_id)).sort();
const graphql = async () => (await shopify.unauthenticated.admin(SHOP)).admin.graphql;
const waits: number[] = [];
const deps = async (extra: { chunkSize?: number; maxMutations?: number } = {}) => ({
  db,
  graphql: await graphql(),
  query: { sleep: async (ms: number) => void waits.push(ms) },
  now: () => NOW,
  ...extra,
});

/** A fresh shop (push on) and a fresh Shopify with the ten customers and no app data. */
async function resetShop(settings: Record<string, unknown> = { winback: { pushEnabled: true } }, domain = SHOP) {
  await db.shop.deleteMany({ where: { domain } });
  await db.session.deleteMany({ where: { shop: domain } });
  await db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      accessToken: fake.accessToken,
      scope: "read_customers,write_customers",
    },
  });
  const shop = await db.shop.create({
    data: {
      platform: "shopify",
      domain,
      name: "Winback Shop",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
      settings: JSON.stringify(settings),
    },
  });
  fake.control.restore();
  fake.state.customers = BASE.filter((s) => !s.id.startsWith("e:")).map((s) => fakeCustomer(s.id));
  fake.state.customerMetafields = {};
  fake.state.metafieldDefinitions.length = 0;
  fake.state.flowTriggers.length = 0;
  fake.state.requests.length = 0;
  waits.length = 0;
  return shop.id;
}

beforeEach(async () => {
  shopId = await resetShop();
});

describe(`win-back push (${testDatabaseKind()})`, () => {
  it("first push tags and sets the four metafields of every customer with a Shopify id, skips guests and starts no Flow trigger", async () => {
    // GIVEN ten customers with accounts and two guests in the analysis
    await writeInsights(BASE);
    // WHEN the push runs
    const outcome = await pushSegments(await deps(), shopId);
    // THEN Shopify holds one retention: tag next to the merchant's own tags, and the four fields
    expect(outcome).toMatchObject({ status: "done", updated: 10, failed: 0 });
    expect(shopifyState()).toEqual(expectedShopify(BASE));
    expect(fake.state.customerMetafields["gid://shopify/Customer/1006"]["retention.predicted_clv"]).toMatchObject({
      type: "number_decimal",
      value: "988.00",
    });
    expect(fake.state.customerMetafields["gid://shopify/Customer/1008"]["retention.churn_risk"]).toMatchObject({
      type: "number_decimal",
      value: "0.90",
    });
    expect(fake.state.customerMetafields["gid://shopify/Customer/1008"]["retention.last_order_date"]).toMatchObject({
      type: "date",
      value: "2026-06-01",
    });
    // One tagsAdd per customer with an account (guests have no customer record), metafields 25 at a time,
    // the four definitions once; customers already inactive start no workflow.
    const sent = mutations();
    expect(sent.filter((m) => m === "RetentionCustomerTagsAdd")).toHaveLength(10);
    expect(sent.filter((m) => m === "RetentionCustomerMetafieldsSet")).toHaveLength(2); // 40 fields
    expect(sent.filter((m) => m === "RetentionCustomerMetafieldDefinitionCreate")).toHaveLength(4);
    expect(fake.state.metafieldDefinitions.map((d) => `${d.namespace}.${d.key}:${d.type}`).sort()).toEqual([
      "retention.churn_risk:number_decimal",
      "retention.last_order_date:date",
      "retention.predicted_clv:number_decimal",
      "retention.segment:single_line_text_field",
    ]);
    expect(fake.state.flowTriggers).toEqual([]);
    expect(fake.state.rejected).toEqual([]);
    expect(await db.segmentPush.count({ where: { shopId } })).toBe(10);
  });

  it("a second push with nothing changed sends nothing to Shopify", async () => {
    await writeInsights(BASE);
    await pushSegments(await deps(), shopId);
    fake.state.requests.length = 0;
    // WHEN a refresh rewrites the same figures and the push runs again
    await writeInsights(BASE);
    const outcome = await pushSegments(await deps(), shopId);
    expect(outcome).toMatchObject({ status: "done", mutations: 0 });
    expect(fake.state.requests).toEqual([]);
  });

  it("a customer moving repeat -> inactive loses retention:repeat, gains retention:inactive and starts exactly one Flow trigger", async () => {
    await writeInsights(BASE);
    await pushSegments(await deps(), shopId);
    // WHEN customer 1002 crosses the inactivity threshold
    const moved = BASE.map((s) =>
      s.id === "1002" ? { ...s, segment: "inactive", last: "2026-06-01", pAlive: 0.2 } : s,
    );
    await writeInsights(moved);
    fake.state.requests.length = 0;
    await pushSegments(await deps(), shopId);
    // THEN its tag is swapped, its fields follow, and Flow gets one "Customer became inactive"
    const c = fake.state.customers.find((x) => x.id === "gid://shopify/Customer/1002")!;
    expect(c.tags.sort()).toEqual(["VIP", "retention:inactive"]);
    expect(mutations()).toEqual([
      "RetentionCustomerTagsRemove",
      "RetentionCustomerTagsAdd",
      "RetentionCustomerMetafieldsSet",
      "RetentionFlowTriggerReceive",
    ]);
    expect(fake.state.flowTriggers).toEqual([
      {
        handle: "retention-customer-inactive",
        payload: { customer_id: 1002, "days inactive": 153, "predicted clv": 123, "churn risk": 0.8 },
      },
    ]);
    expect(shopifyState()).toEqual(expectedShopify(moved));
    // AND pushing again (or after the next refresh) starts no second workflow
    await writeInsights(moved);
    await pushSegments(await deps(), shopId);
    expect(fake.state.flowTriggers).toHaveLength(1);
  });

  it("never touches the merchant's own tags, not even one that starts with retention:", async () => {
    await writeInsights(BASE);
    await pushSegments(await deps(), shopId);
    await writeInsights(MOVED);
    await pushSegments(await deps(), shopId);
    expect(fake.state.customers.find((c) => c.id.endsWith("/1001"))!.tags.sort()).toEqual([
      "VIP",
      "retention:inactive",
      "retention:manual",
    ]);
    expect(fake.state.customers.find((c) => c.id.endsWith("/1006"))!.tags.sort()).toEqual([
      "NL",
      "Wholesale",
      "retention:inactive",
    ]);
    expect(shopifyState()).toEqual(expectedShopify(MOVED));
    // Tags are only ever removed one at a time, and only the app's tag it wrote before.
    const removed = fake.state.requests
      .filter((r) => /mutation RetentionCustomerTagsRemove/.test(r.query))
      .map((r) => r.variables.tags);
    expect(removed.length).toBeGreaterThan(0);
    for (const tags of removed)
      expect(tags).toEqual([expect.stringMatching(/^retention:(one-time|repeat|active-loyal|inactive)$/)]);
  });

  it("waits for the cost bucket when Shopify answers THROTTLED, then completes", async () => {
    await writeInsights(BASE);
    fake.control.throttleNext(2);
    const outcome = await pushSegments(await deps(), shopId);
    expect(outcome.status).toBe("done");
    expect(waits.filter((ms) => ms >= 1000)).toHaveLength(2); // the refill time of each throttled call
    expect(shopifyState()).toEqual(expectedShopify(BASE));
  });

  it("paces itself: a call that leaves less than a tenth of the bucket waits for the refill first", async () => {
    await writeInsights(BASE);
    // Someone else uses the bucket up just before each of our calls: the fake refills 100,000 points a
    // second, so a drain before the push would be refilled by the time a loaded database lets it start.
    const client = await graphql();
    const drainedFirst: typeof client = async (query, options) => {
      fake.control.drainBucket();
      return client(query, options);
    };
    await pushSegments({ ...(await deps()), graphql: drainedFirst }, shopId);
    // The answers report a nearly empty bucket, and the push waits for the refill its next call needs
    // plus a tenth of the bucket (a THROTTLED answer would make adminQuery wait at least 1 s instead).
    expect(waits.some((ms) => ms > 0 && ms < 1000)).toBe(true);
    expect(shopifyState()).toEqual(expectedShopify(BASE));
  });

  it("records a userError for the customers Shopify refuses (deleted there) and pushes the rest", async () => {
    await writeInsights(BASE);
    await pushSegments(await deps(), shopId);
    // GIVEN two customers deleted in Shopify: one changes group (tags fail), one only a figure (metafieldsSet fails)
    fake.state.customers = fake.state.customers.filter((c) => !/\/(1003|1009)$/.test(c.id));
    await writeInsights(MOVED);
    // WHEN the push runs
    const outcome = await pushSegments(await deps(), shopId);
    // THEN the others are up to date and the two are recorded with Shopify's message
    expect(outcome).toMatchObject({ status: "done", failed: 2 });
    const expected = expectedShopify(MOVED);
    delete expected["1003"];
    delete expected["1009"];
    expect(shopifyState()).toEqual(expected);
    const failed = await db.segmentPush.findMany({
      where: { shopId, error: { not: null } },
      orderBy: { customerId: "asc" },
    });
    expect(failed.map((f) => [f.customerId, f.error])).toEqual([
      ["1003", "Customer does not exist"],
      ["1009", "Owner does not exist"],
    ]);
    const overview = await winbackOverview(db, shopId);
    expect(overview.failures.map((f) => [f.customerId, f.name])).toEqual(
      expect.arrayContaining([
        ["1003", "Klant 1003"],
        ["1009", "Klant 1009"],
      ]),
    );
    expect(overview.tags.find((t) => t.segment === "inactive")).toMatchObject({ pushed: 5, wouldTag: 5 });
    // AND they are not asked again until what we would send changes, unless the merchant presses Push now
    fake.state.requests.length = 0;
    expect(await pushSegments(await deps(), shopId)).toMatchObject({ mutations: 0 });
    const retried = await pushSegments(await deps(), shopId, { retryFailed: true });
    expect(retried).toMatchObject({ status: "done", failed: 2 });
    expect(mutations().length).toBeGreaterThanOrEqual(2);
  });

  // A push of MOVED after BASE sends 20 mutations in chunks of 4 customers: per chunk the tag swaps, then
  // metafieldsSet, then the Flow triggers. Shopify goes down after K of them, the (K+1)th having run but
  // its answer lost (a tag swap, a metafieldsSet, a Flow trigger, a metafieldsDelete, depending on K).
  it.each([0, 3, 8, 9, 11, 17, 19])(
    "a crash after %i mutations, then a resumed push, ends with the same Shopify state and no duplicate Flow triggers",
    async (k) => {
      // GIVEN the reference: the same change pushed without a crash
      await writeInsights(BASE);
      await pushSegments(await deps({ chunkSize: 4 }), shopId);
      await writeInsights(MOVED);
      fake.state.requests.length = 0;
      await pushSegments(await deps({ chunkSize: 4 }), shopId);
      const total = mutations().length;
      expect(total).toBe(20);
      const reference = { state: shopifyState(), triggered: triggeredIds() };
      expect(reference.triggered).toEqual(ENTERED_INACTIVE);

      shopId = await resetShop();
      await writeInsights(BASE);
      await pushSegments(await deps({ chunkSize: 4 }), shopId);
      await writeInsights(MOVED);
      // WHEN Shopify goes down after K mutations, the push fails...
      fake.control.failAfterMutations(k);
      await expect(pushSegments(await deps({ chunkSize: 4 }), shopId)).rejects.toThrow(/HTTP 503/);
      expect(
        (await db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId, kind: "segment-push" } } })).status,
      ).toBe("failed");
      // ...and once it is back, the job's retry resumes
      fake.control.restore();
      fake.state.requests.length = 0;
      const resumed = await pushSegments(await deps({ chunkSize: 4 }), shopId);
      // THEN Shopify holds exactly what an uninterrupted push leaves, each customer's workflow started once,
      // and the resumed run sent only what had not landed
      expect(resumed.status).toBe("done");
      expect(shopifyState()).toEqual(reference.state);
      expect(triggeredIds()).toEqual(reference.triggered);
      expect(mutations().length).toBeLessThanOrEqual(total - k);
      expect(fake.state.rejected).toEqual([]);
    },
  );

  it("stops after its budget of calls and the continuation goes on from its position, sending nothing twice", async () => {
    await writeInsights(BASE);
    const runs: string[] = [];
    for (let i = 0; i < 20; i++) {
      const outcome = await pushSegments(await deps({ chunkSize: 3, maxMutations: 5 }), shopId);
      runs.push(outcome.status);
      if (outcome.status === "done") break;
    }
    expect(runs.slice(0, -1).every((s) => s === "more")).toBe(true);
    expect(runs.length).toBeGreaterThan(2);
    expect(runs.at(-1)).toBe("done");
    expect(shopifyState()).toEqual(expectedShopify(BASE));
    // 4 definitions, 10 tagsAdd and one metafieldsSet per chunk of three customers (4 chunks): nothing repeated.
    expect(mutations()).toHaveLength(4 + 10 + 4);
  });

  it("a refresh that rewrites the insights during a push makes it go round again with the new groups", async () => {
    await writeInsights(BASE);
    await pushSegments(await deps(), shopId);
    await writeInsights(
      MOVED.map((s) => (s.id === "1001" ? { ...s, segment: "repeat", last: undefined, pAlive: 0.7 } : s)),
    );
    const client = await graphql();
    let calls = 0;
    const refreshingMidway: typeof client = async (query, options) => {
      if (++calls === 3) await writeInsights(MOVED); // the refresh lands while the push runs
      return client(query, options);
    };
    const first = await pushSegments({ ...(await deps({ chunkSize: 4 })), graphql: refreshingMidway }, shopId);
    expect(first.status).toBe("more");
    expect(await pushSegments(await deps({ chunkSize: 4 }), shopId)).toMatchObject({ status: "done" });
    expect(shopifyState()).toEqual(expectedShopify(MOVED));
  });

  it("runs one push per shop at a time, and takes over from a run that died without a word", async () => {
    await writeInsights(BASE);
    const state = { shopId, kind: "segment-push" };
    // GIVEN another worker's run, alive a minute ago
    const aliveAt = new Date(Date.now() - 60_000);
    await db.syncState.create({ data: { ...state, status: "running", updatedAt: aliveAt } });
    // THEN this run stands back and says when to try again: when that run's lease lapses
    expect(await pushSegments(await deps(), shopId)).toEqual({
      status: "busy",
      lapsesAt: new Date(aliveAt.getTime() + 10 * 60_000),
    });
    expect(fake.state.requests).toEqual([]);
    // WHEN that worker was killed (no progress for over ten minutes), the next run takes over
    await db.syncState.updateMany({ where: state, data: { updatedAt: new Date(Date.now() - 11 * 60_000) } });
    expect(await pushSegments(await deps(), shopId)).toMatchObject({ status: "done" });
    expect(shopifyState()).toEqual(expectedShopify(BASE));
  });

  it("sends nothing while the push is switched off (and queues no job)", async () => {
    shopId = await resetShop({ winback: { pushEnabled: false } });
    await writeInsights(BASE);
    expect(await pushSegments(await deps(), shopId)).toEqual({ status: "stopped", reason: "disabled" });
    expect(await requestSegmentPush(db, await getJobQueue(), shopId)).toBe(false);
    // A shop that never chose has it off too.
    shopId = await resetShop({});
    await writeInsights(BASE);
    expect(await pushSegments(await deps(), shopId)).toEqual({ status: "stopped", reason: "disabled" });
    expect(fake.state.requests).toEqual([]);
  });

  it("switching the push off stops a running push at the next chunk", async () => {
    await writeInsights(BASE);
    const client = await graphql();
    let calls = 0;
    const switchingOff: typeof client = async (query, options) => {
      if (++calls === 6) await setPushEnabled(db, shopId, false); // during the first chunk (4 definitions, then tags)
      return client(query, options);
    };
    const outcome = await pushSegments({ ...(await deps({ chunkSize: 2 })), graphql: switchingOff }, shopId);
    expect(outcome).toEqual({ status: "stopped", reason: "disabled" });
    expect(
      fake.state.customers
        .filter((c) => c.tags.some((t) => /^retention:(one-time|repeat|inactive|active-loyal)$/.test(t)))
        .map((c) => c.id.split("/").pop()),
    ).toEqual(["1001", "1002"]);
    expect(
      (await db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId, kind: "segment-push" } } })).status,
    ).toBe("stopped");
  });

  it("after switching off, removes the app's tags and fields from every customer and leaves the merchant's own", async () => {
    await writeInsights(BASE);
    await pushSegments(await deps(), shopId);
    // Refused while the push is on: the next push would write them again.
    expect(await removeSegmentTags(await deps(), shopId)).toEqual({ status: "stopped", reason: "enabled" });
    await setPushEnabled(db, shopId, false);
    const outcome = await removeSegmentTags(await deps({ chunkSize: 3 }), shopId);
    expect(outcome.status).toBe("done");
    for (const c of fake.state.customers) {
      expect(c.tags.sort()).toEqual(fakeCustomer(c.id.split("/").pop()!).tags.sort());
      expect(fake.state.customerMetafields[c.id] ?? {}).toEqual({});
    }
    expect(fake.state.customers.find((c) => c.id.endsWith("/1001"))!.tags).toContain("retention:manual");
    expect(await db.segmentPush.count({ where: { shopId } })).toBe(0);
  });

  it("stops with the uninstall: nothing is queued or sent for an uninstalled shop", async () => {
    await writeInsights(BASE);
    const before = await deps();
    await markShopUninstalled(db, shopId, SHOP);
    expect(await requestSegmentPush(db, await getJobQueue(), shopId)).toBe(false);
    expect(await pushSegments(before, shopId)).toEqual({ status: "stopped", reason: "uninstalled" });
    expect(fake.state.requests).toEqual([]);
  });

  it("never pushes the demo shop in demo mode", async () => {
    const { DEMO_SHOP_DOMAIN } = await import("~/demo/session.server");
    shopId = await resetShop({ winback: { pushEnabled: true } }, DEMO_SHOP_DOMAIN);
    await writeInsights(BASE);
    const { reloadEnv } = await import("~/env.server");
    const appUrl = process.env.SHOPIFY_APP_URL;
    Object.assign(process.env, { DEMO_MODE: "1", SHOPIFY_APP_URL: "http://localhost:3000" }); // demo mode runs on localhost only
    reloadEnv();
    try {
      expect(await pushSegments(await deps(), shopId)).toEqual({ status: "stopped", reason: "demo" });
      expect(await requestSegmentPush(db, await getJobQueue(), shopId)).toBe(false);
    } finally {
      Object.assign(process.env, { DEMO_MODE: "0", SHOPIFY_APP_URL: appUrl });
      reloadEnv();
    }
    expect(fake.state.requests).toEqual([]);
  });

  it("forgets what it pushed to a customer on customers/redact, and everything on shop/redact", async () => {
    await writeInsights(BASE);
    await pushSegments(await deps(), shopId);
    await redactCustomer(db, shopId, { customerId: "1001", email: null });
    expect(
      await db.segmentPush.findUnique({ where: { shopId_customerId: { shopId, customerId: "1001" } } }),
    ).toBeNull();
    const afterRedact = await deps(); // the offline session goes with the shop
    await redactShop(db, shopId, SHOP);
    expect(await db.segmentPush.count({ where: { shopId } })).toBe(0);
    expect(await pushSegments(afterRedact, shopId)).toEqual({ status: "stopped", reason: "unknown-shop" });
  });

  it("runs by itself after an analytics refresh, through the job queue", async () => {
    // GIVEN orders of two customers with accounts and a guest
    const order = (id: string, customerId: string | null, day: string) => ({
      id,
      name: `#${id}`,
      customerId,
      email: customerId ? `${customerId}@example.nl` : "guest@example.nl",
      currency: "EUR",
      totalMinor: 2500n,
      refundedMinor: 0n,
      financialStatus: "paid",
      cancelledAt: null,
      processedAt: new Date(`${day}T10:00:00Z`),
      createdAt: null,
      updatedAt: new Date(`${day}T10:00:00Z`),
      sourceName: null,
      refunds: [],
    });
    await upsertCustomers(
      db,
      shopId,
      ["1001", "1002"].map((id) => ({
        id,
        email: `${id}@example.nl`,
        firstName: null,
        lastName: null,
        createdAt: null,
        updatedAt: null,
      })),
    );
    await upsertOrders(db, shopId, [
      order("1", "1001", "2020-01-05"),
      order("2", "1002", "2026-10-20"),
      order("3", "1002", "2026-10-25"),
      order("4", null, "2026-10-01"),
    ]);
    // WHEN the refresh job runs
    const queue = await getJobQueue();
    await enqueueAnalyticsRefresh(queue, shopId, 0);
    await queue.drain();
    // THEN the push followed it: each customer carries the group the analysis gave them
    const insights = await db.customerInsight.findMany({ where: { shopId, customerId: { not: null } } });
    expect(insights).toHaveLength(2);
    for (const i of insights)
      expect(fake.state.customers.find((c) => c.id.endsWith(`/${i.customerId}`))!.tags).toContain(
        `retention:${i.segment}`,
      );
    expect(fake.state.customers.find((c) => c.id.endsWith("/1001"))!.tags).toContain("retention:inactive");
    expect(
      (await db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId, kind: "segment-push" } } })).status,
    ).toBe("completed");
    expect(await queue.failedJobs(shopId)).toEqual([]);
  });
});
