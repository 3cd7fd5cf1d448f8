// The NPS follow-up (answers tied to customers by account or order, the month-by-month trend,
// the score per customer group, detractors linked to their customer page) and the customer
// page's address (an opaque id; old addresses redirect; anything else is a clean 404), through
// the route modules behind authenticate.admin. Expected figures are worked out by hand below.
import { beforeAll, describe, expect, it } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv();
await import("~/shopify.server");
const npsRoute = await import("~/routes/app.nps");
const customerRoute = await import("~/routes/app.customers.$key");
const listRoute = await import("~/routes/app.customers._index");
const { recordSurveyAnswer } = await import("~/models/nps.server");
const { refreshAnalyticsSnapshot } = await import("~/models/analytics-snapshot.server");
const { ACCESS_SCOPES } = await import("~/shopify-scopes");
const { deriveOpaqueIdKeys, fromOpaqueId, toOpaqueId } = await import("~/core/opaque-id");

const SHOP = "nps-pages.myshopify.com";
const NOW = new Date();
const DAY = 86_400_000;
const auth = {
  authorization: `Bearer ${signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
};

async function call<T>(fn: (args: never) => Promise<T>, path: string, params: Record<string, string> = {}) {
  try {
    return await fn({
      request: new Request(`${TEST_APP_URL}${path}`, { headers: auth }),
      params,
      context: {},
    } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
/** A loader's `data(body, { status })`, as Remix gets it. */
type DataResult<T> = { data: T; init: { status: number } };

let shopId: string;
beforeAll(async () => {
  await db.session.create({
    data: {
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      isOnline: false,
      accessToken: "t",
      scope: ACCESS_SCOPES.join(","),
    },
  });
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: SHOP, name: "NPS", currency: "EUR", timezone: "Europe/Amsterdam" },
    })
  ).id;
  // GIVEN a loyal customer (6 orders), a one-time customer, and a guest who ordered once
  await db.customer.createMany({
    data: [
      { shopId, id: "10", email: "loyal@example.com", firstName: "Lotte", lastName: "Loyaal" },
      { shopId, id: "20", email: "once@example.com", firstName: "Olaf", lastName: "Eenmalig" },
    ],
  });
  const order = (id: string, customerId: string | null, email: string, daysAgo: number) =>
    db.order.create({
      data: {
        shopId,
        id,
        name: `#${id}`,
        customerId,
        email,
        currency: "EUR",
        totalMinor: 5000n,
        netPaidMinor: 5000n,
        financialStatus: "paid",
        processedAt: new Date(NOW.getTime() - daysAgo * DAY),
      },
    });
  for (let i = 0; i < 6; i++) await order(`L${i}`, "10", "loyal@example.com", 5 + i * 20);
  await order("O1", "20", "once@example.com", 15);
  await order("G1", null, "guest@example.com", 25);
  await refreshAnalyticsSnapshot(db, shopId, NOW);
});

describe("NPS answers tied to customers", () => {
  it("a guest's answer through an order of a customer account is stored against that customer", async () => {
    // WHEN someone answers the survey for order O1 without being signed in
    const result = await recordSurveyAnswer(
      db,
      shopId,
      { customerId: null, shopperKey: null },
      {
        score: 2,
        comment: "Late delivery",
        orderId: "O1",
      },
    );
    // THEN the answer holds the order's customer
    expect(result).toEqual({ ok: true });
    const stored = await db.surveyAnswer.findFirstOrThrow({ where: { shopId, orderId: "O1" } });
    expect(stored.customerId).toBe("20");
  });

  it("shows the trend by month, the score per group and the detractors with links to their customer pages", async () => {
    // GIVEN more answers: the loyal customer twice (10 this month, 9 last month), the guest via
    // their order (4, this month), one anonymous 7 (this month)
    const month = (back: number) => new Date(NOW.getTime() - back * 31 * DAY);
    await db.surveyAnswer.createMany({
      data: [
        { shopId, customerId: "10", score: 10, answeredAt: new Date(NOW.getTime() - 60_000) },
        { shopId, customerId: "10", score: 9, answeredAt: month(1), respondent: "c:10", period: -1 },
        { shopId, orderId: "G1", score: 4, comment: "Broken", answeredAt: new Date(NOW.getTime() - 120_000) },
        { shopId, score: 7, answeredAt: new Date(NOW.getTime() - 180_000) },
      ],
    });
    const view = (await call(npsRoute.loader, "/app/nps")) as Awaited<ReturnType<typeof npsRoute.loader>>;
    // Overall: 5 answers, promoters 2 (10, 9), detractors 2 (2, 4): NPS = (2 - 2) / 5 = 0
    expect(view.overall).toMatchObject({ responses: 5, promoters: 2, detractors: 2, nps: 0 });
    expect(view.linked).toBe(4); // all but the anonymous answer
    expect(view.trend).toHaveLength(12);
    const last = view.trend[11];
    // This month: 10, 2, 4, 7 -> promoters 1, detractors 2: (1 - 2) / 4 = -25
    expect(last.responses).toBe(4);
    expect(last.nps).toBe(-25);
    expect(view.trend[10]).toMatchObject({ responses: 1, nps: 100 });
    expect(view.trend.slice(0, 10).every((m) => m.responses === 0 && m.nps === null)).toBe(true);
    // Per group: the loyal customer (active-loyal or repeat) 10 and 9 -> 100; the one-timer 2 -> -100;
    // the guest 4 -> -100; the anonymous 7 -> 0 under "unknown".
    const insights = Object.fromEntries(
      (await db.customerInsight.findMany({ where: { shopId } })).map((i) => [i.customerKey, i.segment]),
    );
    const bySegment = Object.fromEntries(view.segments.map((s) => [s.segment, s]));
    expect(bySegment[insights["c:10"]]).toMatchObject({ responses: 2, nps: 100 });
    expect(bySegment.unknown).toMatchObject({ responses: 1, nps: 0 });
    expect(insights["c:20"]).toBe(insights["e:guest@example.com"]); // both one-time buyers
    expect(bySegment[insights["c:20"]]).toMatchObject({ responses: 2, detractors: 2, nps: -100 });
    // Detractors, newest first (the answer recorded through order O1 came last), each with an
    // opaque link that opens the right customer.
    expect(view.detractors.map((d) => [d.score, d.email])).toEqual([
      [2, "once@example.com"],
      [4, "guest@example.com"],
    ]);
    for (const d of view.detractors) {
      expect(d.customerUrlId).toMatch(/^k1[A-Za-z0-9_-]+$/);
      expect(d.customerUrlId).not.toContain("guest");
      const page = (await call(customerRoute.loader, `/app/customers/${d.customerUrlId}`, {
        key: d.customerUrlId!,
      })) as unknown as DataResult<{ detail: { insight: { email: string } } }>;
      expect(page.init.status).toBe(200);
      expect(page.data.detail.insight.email).toBe(d.email);
    }
  });
});

describe("customer page addresses", () => {
  it("the list links by opaque id: no e-mail address in any link", async () => {
    const list = (await call(listRoute.loader, "/app/customers")) as Awaited<ReturnType<typeof listRoute.loader>>;
    expect(list.rows).toHaveLength(3);
    for (const r of list.rows) {
      expect(r.urlId).toMatch(/^k1[A-Za-z0-9_-]+$/);
      expect(decodeURIComponent(r.urlId)).not.toMatch(/@|example/);
      expect(r).not.toHaveProperty("customerKey");
    }
  });

  it("an old address (c:<id> or e:<email>) redirects to the opaque one, keeping the query", async () => {
    for (const key of ["c:10", "e:guest@example.com"]) {
      const res = (await call(customerRoute.loader, `/app/customers/${encodeURIComponent(key)}?locale=nl`, {
        key,
      })) as Response;
      expect(res.status).toBe(302);
      const location = res.headers.get("location")!;
      expect(location).toMatch(/^\/app\/customers\/k1[A-Za-z0-9_-]+\?locale=nl$/);
      expect(location).not.toContain("guest");
    }
  });

  it("an unknown, altered or foreign id is a 404 page, not an error", async () => {
    const keys = deriveOpaqueIdKeys(TEST_API_SECRET, "customer-url");
    const good = toOpaqueId(keys, "c:10");
    const altered = good.slice(0, -2) + (good.endsWith("A") ? "B" : "A") + good.slice(-1);
    const foreign = toOpaqueId(deriveOpaqueIdKeys("another-app-secret", "customer-url"), "c:10");
    for (const id of [altered, foreign, "k1", "nonsense", toOpaqueId(keys, "c:999")]) {
      const res = (await call(customerRoute.loader, `/app/customers/${id}`, { key: id })) as unknown as DataResult<{
        detail: unknown;
      }>;
      expect(res.init.status, id).toBe(404);
      expect(res.data.detail).toBeNull();
    }
    // The same key always gives the same id (a bookmark keeps working), and it opens again.
    expect(toOpaqueId(keys, "c:10")).toBe(good);
    expect(fromOpaqueId(keys, good)).toBe("c:10");
  });
});
