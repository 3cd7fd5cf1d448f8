// The Customers list and customer page read the insight rows written by the analytics
// refresh: hand-built shop of four people (one a guest) in Europe/Amsterdam.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { refreshAnalyticsSnapshot, loadOrderFacts } from "~/models/analytics-snapshot.server";
import { customerDetail, listCustomers, parseCustomerListQuery } from "~/models/customers-page.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import type { NormalizedCustomer, NormalizedOrder } from "~/core/records";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();
const NOW = new Date("2026-06-01T10:00:00Z");
let seq = 0;
const order = (
  customerId: string | null,
  email: string,
  date: string,
  euros: number,
  over: Partial<NormalizedOrder> = {},
): NormalizedOrder => ({
  id: String(1000 + ++seq),
  name: `#${1000 + seq}`,
  customerId,
  email,
  currency: "EUR",
  totalMinor: BigInt(euros * 100),
  refundedMinor: 0n,
  financialStatus: "paid",
  cancelledAt: null,
  processedAt: new Date(`${date}T12:00:00Z`),
  createdAt: null,
  updatedAt: null,
  sourceName: "web",
  refunds: [],
  ...over,
});
const customer = (id: string, first: string, last: string): NormalizedCustomer => ({
  id,
  email: `${first.toLowerCase()}@example.nl`,
  firstName: first,
  lastName: last,
  ordersCount: 0,
  totalSpentMinor: 0n,
  currency: "EUR",
  tags: [],
  marketingConsent: id === "1" ? "granted" : "unknown",
  createdAt: null,
  updatedAt: null,
});

let shopA: string;
let shopB: string;
beforeAll(async () => {
  const mk = (domain: string) =>
    db.shop.create({
      data: { platform: "shopify", domain, name: domain, currency: "EUR", timezone: "Europe/Amsterdam" },
    });
  shopA = (await mk("list-a.myshopify.com")).id;
  shopB = (await mk("list-b.myshopify.com")).id;
  await upsertCustomers(db, shopA, [
    customer("1", "Anna", "Jansen"),
    customer("2", "Bram", "Jansen"),
    customer("3", "Cor", "de Vries"),
  ]);
  await upsertOrders(db, shopA, [
    order("1", "anna@example.nl", "2026-05-01", 100),
    order("1", "anna@example.nl", "2026-05-20", 50), // Anna: €150, 2 orders
    order("2", "bram@example.nl", "2025-01-10", 300), // Bram: €300, lapsed
    order("3", "cor@example.nl", "2026-04-01", 80, { refundedMinor: 3000n }), // Cor: €50 net
    order(null, "gast@example.nl", "2026-05-30", 20), // a guest
  ]);
  // Shop B has a customer called Jansen too: never listed for shop A.
  await upsertCustomers(db, shopB, [customer("1", "Dirk", "Jansen")]);
  await upsertOrders(db, shopB, [order("1", "dirk@example.nl", "2026-05-01", 999)]);
  await refreshAnalyticsSnapshot(db, shopA, NOW);
  await refreshAnalyticsSnapshot(db, shopB, NOW);
});

describe(`customers list and page (${testDatabaseKind()})`, () => {
  it("reads orders for analytics on the raw connection exactly as stored, dates in UTC", async () => {
    const facts = await loadOrderFacts(db, shopA);
    expect(facts).toHaveLength(5);
    const cor = facts.find((f) => f.customerId === "3")!;
    expect(cor).toMatchObject({
      totalMinor: 8000,
      refundedMinor: 3000,
      cancelled: false,
      currency: "EUR",
      email: "cor@example.nl",
    });
    expect(cor.processedAt.toISOString()).toBe("2026-04-01T12:00:00.000Z");
  });

  it("lists the shop's four customers by net revenue, biggest first, guest included", async () => {
    const r = await listCustomers(db, shopA, parseCustomerListQuery(new URLSearchParams()));
    expect(r.total).toBe(4);
    expect(r.rows.map((c) => [c.name ?? c.email, c.revenueMinor, c.orders])).toEqual([
      ["Bram Jansen", 30000, 1],
      ["Anna Jansen", 15000, 2],
      ["Cor de Vries", 5000, 1],
      ["gast@example.nl", 2000, 1],
    ]);
  });

  it("searches name and e-mail case-insensitively within the shop only", async () => {
    const r = await listCustomers(db, shopA, parseCustomerListQuery(new URLSearchParams("q=JANSEN")));
    expect(r.rows.map((c) => c.name)).toEqual(["Bram Jansen", "Anna Jansen"]);
    const byEmail = await listCustomers(db, shopA, parseCustomerListQuery(new URLSearchParams("q=gast@")));
    expect(byEmail.rows.map((c) => c.customerKey)).toEqual(["e:gast@example.nl"]);
    // A "%" typed in the search is dropped, not used as a wildcard that matches everyone.
    expect((await listCustomers(db, shopA, parseCustomerListQuery(new URLSearchParams("q=jan%25sen")))).total).toBe(2);
    expect((await listCustomers(db, shopA, parseCustomerListQuery(new URLSearchParams("q=zz%25")))).total).toBe(0);
  });

  it("filters by group (inactive after 60 days: Bram, and Cor whose last order was 61 days ago) and sorts by last order", async () => {
    const inactive = await listCustomers(db, shopA, parseCustomerListQuery(new URLSearchParams("segment=inactive")));
    expect(inactive.rows.map((c) => c.name)).toEqual(["Bram Jansen", "Cor de Vries"]);
    const recent = await listCustomers(db, shopA, parseCustomerListQuery(new URLSearchParams("sort=recent")));
    expect(recent.rows.map((c) => c.lastOrderDate)).toEqual(["2026-05-30", "2026-05-20", "2026-04-01", "2025-01-10"]);
  });

  it("ignores unknown filter values and clamps the page instead of failing", () => {
    expect(parseCustomerListQuery(new URLSearchParams("segment=vip&rfm=x&sort=drop&page=-3"))).toEqual({
      q: "",
      segment: null,
      rfm: null,
      sort: "revenue",
      page: 1,
    });
    expect(parseCustomerListQuery(new URLSearchParams("page=999999")).page).toBe(200);
  });

  it("opens a customer's page with their orders newest first, consent and dates; another shop's key finds nothing", async () => {
    const anna = await customerDetail(db, shopA, "c:1", NOW);
    expect(anna!.insight).toMatchObject({
      orders: 2,
      revenueMinor: 15000,
      firstOrderDate: "2026-05-01",
      lastOrderDate: "2026-05-20",
      segment: "repeat",
    });
    expect(anna!.orders.map((o) => o.processedAt.slice(0, 10))).toEqual(["2026-05-20", "2026-05-01"]);
    expect(anna!.marketingConsent).toBe("granted");
    expect(anna!.loyalty).toMatchObject({ enrolled: false, available: 0, pending: 0 });
    const guest = await customerDetail(db, shopA, "e:gast@example.nl", NOW);
    expect(guest!.orders).toHaveLength(1);
    expect(await customerDetail(db, shopB, "c:3", NOW)).toBeNull();
  });
});

describe(`insight rows across refreshes (${testDatabaseKind()})`, () => {
  it("a refresh after a customer's data is erased drops their row and keeps the others", async () => {
    // The erasure leaves tombstones under the app's key, which the ingest then reads from the environment.
    vi.stubEnv("SHOPIFY_API_KEY", "test-api-key");
    vi.stubEnv("SHOPIFY_API_SECRET", "test-api-secret");
    vi.stubEnv("SHOPIFY_APP_URL", "https://retention.test");
    const { redactCustomer } = await import("~/models/compliance.server");
    await redactCustomer(db, shopB, { customerId: "1", email: "dirk@example.nl" });
    await upsertOrders(db, shopB, [order("9", "eva@example.nl", "2026-05-02", 10)]);
    await refreshAnalyticsSnapshot(db, shopB, NOW);
    const rows = await db.customerInsight.findMany({ where: { shopId: shopB }, select: { customerKey: true } });
    expect(rows).toEqual([{ customerKey: "c:9" }]);
    expect(await db.customerInsight.count({ where: { shopId: shopA } })).toBe(4);
  });
});
