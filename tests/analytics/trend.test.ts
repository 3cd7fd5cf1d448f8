// Trends computed by hand on a four-customer shop (Europe/Amsterdam, window 365 days).
import { describe, expect, it } from "vitest";
import {
  dayOf,
  prepareOrders,
  preparedAsOf,
  retentionTrend,
  rfmSegmentSummary,
  segmentsDaysAgo,
  type OrderFact,
} from "~/analytics";

let seq = 0;
const order = (customerId: string, date: string, euros: number): OrderFact => ({
  orderId: String(++seq),
  customerId,
  email: null,
  processedAt: new Date(`${date}T12:00:00Z`),
  currency: "EUR",
  totalMinor: euros * 100,
  refundedMinor: 0,
  cancelled: false,
});
// A buys three times, B once a year ago, C lapsed in 2024 and returns in March, D twice in January.
const SHOP = [
  order("A", "2025-06-10", 50),
  order("A", "2026-02-15", 40),
  order("A", "2026-03-10", 50),
  order("B", "2025-03-01", 30),
  order("C", "2024-01-10", 20),
  order("C", "2026-03-05", 70),
  order("D", "2026-01-20", 25),
  order("D", "2026-01-25", 35),
];
const prepared = prepareOrders(SHOP, {
  timeZone: "Europe/Amsterdam",
  observationEnd: new Date("2026-04-01T08:00:00Z"),
});

describe("retention trend", () => {
  it("covers the last complete months only (April has not ended) with S, E and N per month", () => {
    // Jan: S = {A,B}, both still customers on 01-31 -> 2/2 = 100%.  Feb: S = {A,B,D}, all still -> 100%.
    // Mar: S = {A,B,D} (B's order of 2025-03-01 is inside the window ending 02-28); on 03-31 A and D
    // are still customers, B lapsed -> 2/3. C came back (reactivated) but does not hide B's loss.
    const t = retentionTrend(prepared, 3, 365);
    expect(t.map((p) => p.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(t.map((p) => p.customersAtStart)).toEqual([2, 3, 3]);
    expect(t.map((p) => p.retentionRate)).toEqual([100, 100, (2 / 3) * 100]);
    expect(t.map((p) => p.churnRate)).toEqual([0, 0, (1 / 3) * 100]);
  });

  it("with 12-month periods, ends on the retention of the 12 months to March (the headline figure of analyzeShop)", async () => {
    const { analyzeShop } = await import("~/analytics");
    const t = retentionTrend(prepared, 2, 365, 12);
    // Apr 2025-Mar 2026: S = {B, C?} -> on 2025-03-31 B (03-01) is a customer, C (2024-01-10) is not: S = 1.
    // On 2026-03-31 B is no longer a customer (last order 2025-03-01) -> 0 / 1 = 0%. (The old reading,
    // (E - N) / S with E = {A, C, D} and N = {A, D}, counted the reactivated C and gave 100%.)
    expect(t.map((p) => p.month)).toEqual(["2026-02", "2026-03"]);
    expect(t[1]).toMatchObject({ customersAtStart: 1, retentionRate: 0, churnRate: 100 });
    const a = analyzeShop(SHOP, {
      timeZone: "Europe/Amsterdam",
      observationEnd: new Date("2026-04-01T08:00:00Z"),
      period: { lastMonths: 12 },
      prediction: false,
    });
    expect(a.retentionTrend.at(-1)!.retentionRate).toBe(a.period.retention.retentionRate);
    expect(a.retentionTrend).toHaveLength(12);
  });

  it("gives null, not NaN, for months before the shop had customers", () => {
    const t = retentionTrend(prepared, 30, 365);
    expect(t[0]).toMatchObject({ month: "2023-10", retentionRate: null, churnRate: null, customersAtStart: 0 });
  });
});

describe("the shop as it was on an earlier day", () => {
  it("keeps only purchases up to that day and only people who were customers by then", () => {
    const earlier = preparedAsOf(prepared, dayOf("2025-06-01"));
    expect(new Set(earlier.customerKeys)).toEqual(new Set(["c:B", "c:C"]));
    expect(earlier.day.length).toBe(2);
    expect(Array.from(earlier.net)).toEqual(expect.arrayContaining([3000, 2000]));
  });

  it("compares the four segments with 30 days earlier (2026-03-02), thresholds 60 days and 3 orders", () => {
    // On 03-02: A repeat (2 orders, 15 days), B inactive, C inactive (2024), D repeat (36 days).
    // On 04-01: A loyal (3 orders, 22 days), B inactive, C repeat (27 days), D inactive (66 days).
    const then = segmentsDaysAgo(prepared, { inactiveAfterDays: 60, loyalMinOrders: 3 }, 30);
    const count = Object.fromEntries(then.segments.map((s) => [s.segment, s.customers]));
    expect(then.asOfDay).toBe(dayOf("2026-03-02"));
    expect(count).toEqual({ "one-time": 0, repeat: 2, inactive: 2, "active-loyal": 0 });
  });
});

describe("RFM segment summary", () => {
  it("adds up size and revenue share per named segment, zero rows included", () => {
    const s = rfmSegmentSummary(["Champions", "Lost", "Champions"], Float64Array.from([10000, 5000, 5000]), [
      "Champions",
      "Lost",
      "At risk",
    ]);
    expect(s).toEqual([
      { segment: "Champions", customers: 2, revenueMinor: 15000, revenueShare: 75 },
      { segment: "Lost", customers: 1, revenueMinor: 5000, revenueShare: 25 },
      { segment: "At risk", customers: 0, revenueMinor: 0, revenueShare: 0 },
    ]);
  });
});
