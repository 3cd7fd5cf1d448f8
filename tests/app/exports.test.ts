// The admin's CSV downloads through the route module behind authenticate.admin: each file is
// read back with a CSV parser library (csv-parse) and compared with the database rows; the
// spreadsheet rules (UTF-8 BOM, formula guard, dot decimals, ISO dates), the list's filters,
// keyset paging past one page and shop scoping are each checked.
import { parse } from "csv-parse/sync";
import { beforeAll, describe, expect, it } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv();
await import("~/shopify.server");
const route = await import("~/routes/app.exports.$file");
const { EXPORT_PAGE } = await import("~/models/exports.server");
const { refreshAnalyticsSnapshot, readDashboardSnapshot } = await import("~/models/analytics-snapshot.server");
const { ACCESS_SCOPES } = await import("~/shopify-scopes");

const SHOP = "export-shop.myshopify.com";
const OTHER = "export-other.myshopify.com";
const NOW = new Date("2026-06-30T12:00:00Z");
const DAY = 86_400_000;

async function download(path: string, shop = SHOP) {
  const url = new URL(path, TEST_APP_URL);
  const res = await route.loader({
    request: new Request(url, {
      headers: {
        authorization: `Bearer ${signSessionToken({ shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
      },
    }),
    params: { file: url.pathname.split("/").pop() },
    context: {},
  });
  expect(res.status, path).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  const records = parse(Buffer.from(bytes), { bom: true, columns: true, relax_quotes: false }) as Record<
    string,
    string
  >[];
  return { res, bytes, records };
}

async function makeShop(domain: string) {
  await db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      accessToken: "token",
      scope: ACCESS_SCOPES.join(","),
    },
  });
  return db.shop.create({
    data: { platform: "shopify", domain, name: domain, currency: "EUR", timezone: "Europe/Amsterdam" },
  });
}

let shopId: string;
let otherId: string;

beforeAll(async () => {
  shopId = (await makeShop(SHOP)).id;
  otherId = (await makeShop(OTHER)).id;
  // GIVEN customers whose names and comments a spreadsheet could mistake for formulas
  const customers = [
    { id: "1", email: "anna@example.com", firstName: "Anna", lastName: "Müller", marketingConsent: "granted" },
    {
      id: "2",
      email: "bob@example.com",
      firstName: '=HYPERLINK("http://x")',
      lastName: null,
      marketingConsent: "denied",
    },
    { id: "3", email: "+31@example.com", firstName: "-Carla", lastName: "de Vries, jr.", marketingConsent: "unknown" },
    { id: "4", email: "dirk@example.com", firstName: "@Dirk", lastName: "Line\nbreak", marketingConsent: "unknown" },
  ];
  for (const c of customers) await db.customer.create({ data: { shopId, ...c } });
  await db.customer.create({ data: { shopId: otherId, id: "1", email: "stranger@example.com" } });
  // Orders over the last year: customer 1 buys often, 2 twice, 3 once, 4 long ago; one guest.
  const orders: { id: string; customerId: string | null; email: string; days: number; cents: number }[] = [];
  for (let i = 0; i < 8; i++)
    orders.push({ id: `a${i}`, customerId: "1", email: "anna@example.com", days: 20 + i * 40, cents: 4_995 });
  orders.push({ id: "b1", customerId: "2", email: "bob@example.com", days: 30, cents: 12_000 });
  orders.push({ id: "b2", customerId: "2", email: "bob@example.com", days: 200, cents: 8_050 });
  orders.push({ id: "c1", customerId: "3", email: "+31@example.com", days: 10, cents: 1_999 });
  orders.push({ id: "d1", customerId: "4", email: "dirk@example.com", days: 400, cents: 25_000 });
  orders.push({ id: "g1", customerId: null, email: "guest@example.com", days: 50, cents: 3_333 });
  for (const o of orders)
    await db.order.create({
      data: {
        shopId,
        id: o.id,
        name: `#${o.id}`,
        customerId: o.customerId,
        email: o.email,
        currency: "EUR",
        totalMinor: BigInt(o.cents),
        netPaidMinor: BigInt(o.cents),
        financialStatus: "paid",
        processedAt: new Date(NOW.getTime() - o.days * DAY),
      },
    });
  await db.order.create({
    data: {
      shopId: otherId,
      id: "x1",
      customerId: "1",
      currency: "EUR",
      totalMinor: 100n,
      netPaidMinor: 100n,
      financialStatus: "paid",
      processedAt: new Date(NOW.getTime() - DAY),
    },
  });
  await refreshAnalyticsSnapshot(db, shopId, NOW);
  await refreshAnalyticsSnapshot(db, otherId, NOW);
});

describe("customer export", () => {
  it("holds every insight row of the shop with its figures, consent and the spreadsheet rules, and none of another shop", async () => {
    const { res, bytes, records } = await download("/app/exports/customers.csv");
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM for Excel
    const rows = await db.customerInsight.findMany({ where: { shopId }, orderBy: { customerKey: "asc" } });
    expect(records).toHaveLength(rows.length);
    expect(records.map((r) => r.email)).not.toContain("stranger@example.com");
    const consent = Object.fromEntries(
      (await db.customer.findMany({ where: { shopId } })).map((c) => [c.id, c.marketingConsent]),
    );
    for (const [i, row] of rows.entries()) {
      const rec = records[i];
      expect(rec.customer_id).toBe(row.customerId ?? "");
      expect(rec.orders).toBe(String(row.orders));
      // Money in units with a dot decimal, computed by hand from the cents.
      expect(Number(rec.revenue)).toBe(Number(row.revenueMinor) / 100);
      expect(rec.revenue).toMatch(/^-?\d+(\.\d+)?$/);
      expect(rec.currency).toBe("EUR");
      expect(rec.first_order_date).toBe(row.firstOrderDate);
      expect(rec.last_order_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(rec.group).toBe(row.segment);
      expect(rec.rfm_segment).toBe(row.rfmSegment);
      expect(`${rec.rfm_r}${rec.rfm_f}${rec.rfm_m}`).toBe(`${row.rfmR}${row.rfmF}${row.rfmM}`);
      if (row.pAlive === null) expect(rec.churn_risk).toBe("");
      else expect(Number(rec.churn_risk)).toBeCloseTo(1 - row.pAlive, 4);
      expect(rec.marketing_consent).toBe(row.customerId ? consent[row.customerId] : "unknown");
    }
    // Anna's revenue by hand: 8 x 49.95
    expect(records.find((r) => r.customer_id === "1")!.revenue).toBe("399.6");
    // The guest is exported by e-mail, without a customer id.
    expect(records.find((r) => r.email === "guest@example.com")!.customer_id).toBe("");
    // Formula guard: text starting with = + - @ is prefixed with '; the rest is verbatim.
    const byId = Object.fromEntries(records.map((r) => [r.customer_id, r]));
    expect(byId["1"].name).toBe("Anna Müller");
    expect(byId["2"].name).toBe('\'=HYPERLINK("http://x")');
    expect(byId["3"].name).toBe("'-Carla de Vries, jr.");
    expect(byId["3"].email).toBe("'+31@example.com");
    expect(byId["4"].name).toBe("'@Dirk Line\nbreak");
  });

  it("keeps the list's filters: the group filter exports exactly that group's customers", async () => {
    const inactive = await db.customerInsight.findMany({ where: { shopId, segment: "inactive" } });
    expect(inactive.length).toBeGreaterThan(0);
    const { records } = await download("/app/exports/customers.csv?segment=inactive");
    expect(records.map((r) => r.email).sort()).toEqual(inactive.map((r) => r.email).sort());
    const { records: searched } = await download("/app/exports/customers.csv?q=m%C3%BCller");
    expect(searched.map((r) => r.customer_id)).toEqual(["1"]);
  });

  it("pages through more rows than one keyset page without losing or repeating one", async () => {
    // GIVEN 2.4 pages of extra insight rows on the other shop
    const n = Math.round(EXPORT_PAGE * 2.4);
    const computedAt = (await db.customerInsight.findFirstOrThrow({ where: { shopId: otherId } })).computedAt;
    await db.customerInsight.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        shopId: otherId,
        customerKey: `e:bulk${String(i).padStart(6, "0")}@example.com`,
        email: `bulk${String(i).padStart(6, "0")}@example.com`,
        searchText: `bulk${i}`,
        orders: 1 + (i % 7),
        revenueMinor: BigInt(i * 101),
        firstOrderDate: "2026-01-01",
        lastOrderDate: "2026-02-01",
        segment: "one-time",
        rfmR: 1,
        rfmF: 1,
        rfmM: 1,
        rfmSegment: "Lost",
        computedAt,
      })),
    });
    const { records } = await download("/app/exports/customers.csv", OTHER);
    expect(records).toHaveLength(n + 1);
    const bulk = records.filter((r) => r.email.startsWith("bulk"));
    expect(new Set(bulk.map((r) => r.email)).size).toBe(n);
    expect(bulk.reduce((s, r) => s + Math.round(Number(r.revenue) * 100), 0)).toBe((101 * (n - 1) * n) / 2);
  });
});

describe("NPS, ledger and segment exports", () => {
  it("exports NPS answers newest first with the customer's e-mail and the order, and guards comments", async () => {
    await db.surveyAnswer.createMany({
      data: [
        { shopId, customerId: "1", score: 10, comment: "Great, fast", answeredAt: new Date("2026-06-01T08:00:00Z") },
        { shopId, orderId: "b1", score: 3, comment: "=1+1", answeredAt: new Date("2026-06-02T09:30:00Z") },
        { shopId, score: 7, comment: null, answeredAt: new Date("2026-05-01T00:00:00Z") },
        { shopId: otherId, score: 0, comment: "not mine", answeredAt: new Date("2026-06-03T00:00:00Z") },
      ],
    });
    const { records } = await download("/app/exports/nps.csv");
    expect(records).toEqual([
      {
        answered_at: "2026-06-02T09:30:00.000Z",
        score: "3",
        category: "detractor",
        comment: "'=1+1",
        customer_id: "2",
        email: "bob@example.com",
        order_id: "b1",
        order_name: "#b1",
      },
      {
        answered_at: "2026-06-01T08:00:00.000Z",
        score: "10",
        category: "promoter",
        comment: "Great, fast",
        customer_id: "1",
        email: "anna@example.com",
        order_id: "",
        order_name: "",
      },
      {
        answered_at: "2026-05-01T00:00:00.000Z",
        score: "7",
        category: "passive",
        comment: "",
        customer_id: "",
        email: "",
        order_id: "",
        order_name: "",
      },
    ]);
  });

  it("exports the loyalty ledger per customer in written order; negative points stay numbers", async () => {
    await db.loyaltyAccount.createMany({
      data: [
        { shopId, customerId: "1", email: "anna@example.com", referralCode: "ANNA1" },
        { shopId, customerId: "2", email: "bob@example.com", referralCode: "BOB22" },
      ],
    });
    const at = (d: string) => new Date(`2026-06-${d}T10:00:00Z`);
    await db.loyaltyEntry.createMany({
      data: [
        {
          shopId,
          key: "o:a1",
          customerId: "1",
          kind: "earn_order",
          points: 50,
          createdAt: at("01"),
          availableAt: at("15"),
          orderId: "a1",
        },
        {
          shopId,
          key: "r:1",
          customerId: "1",
          kind: "redeem",
          points: -100,
          createdAt: at("20"),
          availableAt: at("20"),
          rewardId: "five-off",
        },
        {
          shopId,
          key: "s:2",
          customerId: "2",
          kind: "signup",
          points: 100,
          createdAt: at("02"),
          availableAt: at("02"),
        },
        {
          shopId,
          key: "s:1",
          customerId: "1",
          kind: "signup",
          points: 100,
          createdAt: at("01"),
          availableAt: at("01"),
        },
        {
          shopId: otherId,
          key: "s:9",
          customerId: "9",
          kind: "signup",
          points: 5,
          createdAt: at("01"),
          availableAt: at("01"),
        },
      ],
    });
    const { records } = await download("/app/exports/loyalty-ledger.csv");
    expect(records.map((r) => [r.customer_id, r.email, r.created_at, r.kind, r.points, r.entry_key])).toEqual([
      ["1", "anna@example.com", "2026-06-01T10:00:00.000Z", "earn_order", "50", "o:a1"],
      ["1", "anna@example.com", "2026-06-01T10:00:00.000Z", "signup", "100", "s:1"],
      ["1", "anna@example.com", "2026-06-20T10:00:00.000Z", "redeem", "-100", "r:1"],
      ["2", "bob@example.com", "2026-06-02T10:00:00.000Z", "signup", "100", "s:2"],
    ]);
    expect(records[0]).toMatchObject({ available_at: "2026-06-15T10:00:00.000Z", order_id: "a1" });
    expect(records[2].reward_id).toBe("five-off");
  });

  it("exports the segment table as the snapshot holds it", async () => {
    const snapshot = (await readDashboardSnapshot(db, shopId))!.analysis;
    const { records } = await download("/app/exports/segments.csv");
    expect(records).toHaveLength(snapshot.segments.length + snapshot.rfmSegments.length);
    for (const s of snapshot.segments) {
      const rec = records.find((r) => r.kind === "group" && r.segment === s.segment)!;
      expect(Number(rec.customers)).toBe(s.customers);
      expect(Math.round(Number(rec.revenue) * 100)).toBe(Math.round(s.revenueMinor));
      expect(Number(rec.revenue_share_pct)).toBeCloseTo(s.revenueShare, 2);
    }
    expect(records.reduce((n, r) => n + (r.kind === "group" ? Number(r.customers) : 0), 0)).toBe(5);
  });

  it("answers 404 for an export that does not exist", async () => {
    const res = await route.loader({
      request: new Request(`${TEST_APP_URL}/app/exports/orders.csv`, {
        headers: {
          authorization: `Bearer ${signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
        },
      }),
      params: { file: "orders.csv" },
      context: {},
    });
    expect(res.status).toBe(404);
  });
});
