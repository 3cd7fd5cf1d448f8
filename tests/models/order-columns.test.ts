// The refresh reads orders as columns (loadOrderColumns: one streamed query, no object per
// order) instead of OrderFact objects (loadOrderFacts). On a generated demo shop with every
// kind of order the analysis treats apart, both reads must give the same analysis to the
// last digit, and the dashboard's exclusion counts must be the object path's.
import { describe, expect, it } from "vitest";
import { analyzeShop, type AnalyzeOptions } from "~/analytics";
import type { NormalizedOrder } from "~/core/records";
import { DEFAULT_OBSERVATION_END, generateDemoShop } from "~/demo/generator";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { loadOrderColumns, loadOrderFacts, refreshAnalyticsSnapshot } from "~/models/analytics-snapshot.server";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();
const NOW = DEFAULT_OBSERVATION_END;
const DAY = 86_400_000;

/** The demo shop plus the strays: orders in USD, orders stamped after now, a guest spelling an account's address differently, an order nobody can be matched to. */
async function seedShop() {
  const shop = await db.shop.create({
    data: {
      platform: "shopify",
      domain: "columns.myshopify.com",
      name: "Columns",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
    },
  });
  let usd = 0,
    future = 0,
    n = 0;
  let accountEmail: string | null = null;
  for (const chunk of generateDemoShop({ customers: 1200, seed: 7, chunkSize: 400 })) {
    const orders: NormalizedOrder[] = chunk.orders.map((o) => {
      n++;
      if (!accountEmail && o.customerId && o.email) accountEmail = o.email;
      if (n % 97 === 0) {
        usd++;
        return { ...o, currency: "USD" };
      }
      if (n % 89 === 0) {
        future++;
        return { ...o, processedAt: new Date(NOW.getTime() + (n % 5) * DAY + 60_000) };
      }
      return o;
    });
    await upsertCustomers(db, shop.id, chunk.customers);
    const r = await upsertOrders(db, shop.id, orders);
    expect(r.rejected).toEqual([]);
  }
  const at = new Date(NOW.getTime() - 20 * DAY);
  const stray = (id: string, customerId: string | null, email: string | null): NormalizedOrder => ({
    id,
    name: null,
    customerId,
    email,
    currency: "EUR",
    totalMinor: 4200n,
    refundedMinor: 0n,
    financialStatus: "paid",
    cancelledAt: null,
    processedAt: at,
    createdAt: at,
    updatedAt: at,
    sourceName: "web",
    refunds: [],
  });
  await upsertOrders(db, shop.id, [
    stray("stray-guest-of-account", null, `  ${accountEmail!.toUpperCase()} `),
    stray("stray-nobody", null, null),
  ]);
  return { shopId: shop.id, usd, future };
}

describe(`orders read as columns (${testDatabaseKind()})`, () => {
  it("give the same analysis as the orders read as objects, with the same orders left out and why", async () => {
    // GIVEN a generated shop with guests, cancelled and refunded orders, orders in USD and orders dated after now
    const { shopId, usd, future } = await seedShop();
    const opts: AnalyzeOptions = {
      timeZone: "Europe/Amsterdam",
      currency: "EUR",
      observationEnd: NOW,
      period: { kind: "quarter", complete: true },
    };
    // WHEN both reads are analysed
    const facts = await loadOrderFacts(db, shopId);
    const columns = await loadOrderColumns(db, shopId);
    const fromObjects = analyzeShop(facts, opts);
    const fromColumns = analyzeShop(columns, opts);
    // THEN the columns hold every order, and every figure is the same
    expect(columns.length).toBe(facts.length);
    expect(fromColumns).toEqual(fromObjects);
    // AND the shop has every kind of order the analysis treats apart
    expect(fromObjects.excluded.otherCurrency).toBe(usd);
    expect(fromObjects.excluded.afterObservationEnd).toBe(future);
    expect(fromObjects.excluded.unattributed).toBe(1);
    expect(fromObjects.excluded.cancelled).toBeGreaterThan(0);
    expect(fromObjects.excluded.fullyRefunded).toBeGreaterThan(0);
    expect(fromObjects.perCustomer.keys.some((k) => k.startsWith("e:"))).toBe(true);
    expect(facts.some((f) => f.refundedMinor > 0 && f.refundedMinor < f.totalMinor)).toBe(true);
    expect(fromObjects.prediction.status).toBe("ok");

    // AND the refresh (which reads columns) stores the object path's figures and exclusion counts
    const snapshot = await refreshAnalyticsSnapshot(db, shopId, NOW);
    const { perCustomer: _perCustomer, ...expected } = analyzeShop(facts, {
      ...opts,
      activeWindowDays: snapshot.activeWindowDays,
    });
    expect(snapshot.excluded).toEqual(expected.excluded);
    expect(snapshot.customers).toBe(expected.customers);
    expect(snapshot.period).toEqual(expected.period);
  });
});
