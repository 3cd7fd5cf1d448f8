// Small shops computed by hand. Shop time zone Europe/Amsterdam; active window 365 days.
import { describe, expect, it } from "vitest";
import {
  analyzeShop,
  clvToCac,
  cohortTable,
  dayOf,
  historicClv,
  InvalidInputError,
  LocalCalendar,
  nps,
  prepareOrders,
  purchaseMetrics,
  retention,
  retentionBand,
  rfmScores,
  rfmSegment,
  segmentCustomers,
  segmentOf,
  type OrderFact,
} from "~/analytics";

const TZ = "Europe/Amsterdam";
const END = new Date("2026-04-01T08:00:00Z"); // local day 2026-04-01
let seq = 0;
const order = (customerId: string | null, date: string, euros: number, over: Partial<OrderFact> = {}): OrderFact => ({
  orderId: String(++seq),
  customerId,
  email: customerId ? `${customerId.toLowerCase()}@example.nl` : null,
  processedAt: new Date(`${date}T12:00:00Z`),
  currency: "EUR",
  totalMinor: euros * 100,
  refundedMinor: 0,
  cancelled: false,
  ...over,
});

// A: a customer on both ends; B: lapses in the period; C: lapsed before, reactivated; D: new;
// E: only a cancelled order; F: only a fully refunded order; a guest order with A's e-mail.
const SHOP: OrderFact[] = [
  order("A", "2025-06-10", 50),
  order("A", "2026-02-15", 40),
  order(null, "2026-03-10", 60, { email: " A@Example.NL ", refundedMinor: 1000 }), // A as a guest, partly refunded
  order("B", "2025-03-01", 30),
  order("C", "2024-01-10", 20),
  order("C", "2026-03-05", 70),
  order("D", "2026-01-20", 25),
  order("D", "2026-01-25", 35),
  order("E", "2026-02-01", 99, { cancelled: true }),
  order("F", "2026-02-02", 45, { refundedMinor: 4500 }),
];
const prepared = prepareOrders(SHOP, { timeZone: TZ, observationEnd: END });
const Q1 = { start: dayOf("2026-01-01"), end: dayOf("2026-03-31") };

describe("retention for Q1 2026 (hand-computed)", () => {
  const r = retention(prepared, Q1, 365);

  it("counts S = 2 (A, B), E = 3 (A, C, D), N = 1 (D); cancelled and fully refunded orders make nobody a customer", () => {
    expect([r.customersAtStart, r.customersAtEnd, r.newCustomers]).toEqual([2, 3, 1]);
    expect(prepared.excluded).toEqual({
      cancelled: 1,
      fullyRefunded: 1,
      unattributed: 0,
      otherCurrency: 0,
      afterObservationEnd: 0,
    });
  });

  it("retains 1 of the 2 starting customers (A; B lapsed) = 50%, churn 50%; the reactivated C is reported apart, not as retained", () => {
    expect(r.retentionRate).toBe(50);
    expect(r.churnRate).toBe(50);
    expect(r.retainedCustomers).toBe(1);
    expect(r.lapsedCustomers).toBe(1);
    expect(r.reactivatedCustomers).toBe(1);
  });

  it("reports null rates, not NaN, when nobody was a customer at the start", () => {
    const empty = retention(prepared, { start: dayOf("2023-01-01"), end: dayOf("2023-03-31") }, 365);
    expect(empty).toMatchObject({
      customersAtStart: 0,
      retentionRate: null,
      churnRate: null,
    });
  });

  it("uses the configured active window: with 90 days, B was not a customer at the start", () => {
    expect(retention(prepared, Q1, 90).customersAtStart).toBe(0);
  });
});

describe("purchase metrics and CLV (hand-computed)", () => {
  it("Q1: 5 orders, EUR 220.00 net (the partial refund counts), AOV 44.00, 3 buyers, repeat rate 2/3, frequency 5/3", () => {
    const m = purchaseMetrics(prepared, Q1);
    expect(m).toMatchObject({
      orders: 5,
      revenueMinor: 22000,
      aovMinor: 4400,
      purchasingCustomers: 3,
      repeatCustomers: 2,
    });
    expect(m.repeatPurchaseRate).toBeCloseTo(66.667, 3);
    expect(m.purchaseFrequency).toBeCloseTo(5 / 3, 10);
  });

  it("historic CLV to 2026-03-31 = AOV 45.00 x 2 orders/year x lifespan 1 year (yearly churn 100%) = EUR 90.00", () => {
    const clv = historicClv(prepared, dayOf("2026-03-31"));
    expect(clv).toEqual({
      aovMinor: 4500,
      frequencyPerYear: 2,
      yearlyChurnRate: 100,
      lifespanYears: 1,
      clvMinor: 9000,
    });
  });

  it("CLV:CAC: EUR 30.00 spend for 2 new customers is a CAC of 15.00, ratio 6, healthy; below 3 is flagged", () => {
    expect(clvToCac(9000, { marketingSpendMinor: 3000, newCustomers: 2 })).toEqual({
      cacMinor: 1500,
      ratio: 6,
      healthy: true,
    });
    expect(clvToCac(9000, { marketingSpendMinor: 10_000, newCustomers: 2 })).toMatchObject({
      ratio: 1.8,
      healthy: false,
    });
    expect(clvToCac(9000, null)).toEqual({ cacMinor: null, ratio: null, healthy: null });
  });

  it("an all-refunded shop has no customers and null averages", () => {
    const p = prepareOrders([order("X", "2026-01-05", 10, { refundedMinor: 1000 })], {
      timeZone: TZ,
      observationEnd: END,
    });
    expect(p.customerKeys).toEqual([]);
    expect(purchaseMetrics(p, Q1)).toMatchObject({ orders: 0, aovMinor: null, repeatPurchaseRate: null });
    expect(historicClv(p, Q1.end).clvMinor).toBeNull();
  });

  it("one customer with one order: repeat rate 0%, frequency 1", () => {
    const p = prepareOrders([order("X", "2026-02-05", 10)], { timeZone: TZ, observationEnd: END });
    expect(purchaseMetrics(p, Q1)).toMatchObject({ orders: 1, repeatPurchaseRate: 0, purchaseFrequency: 1 });
  });
});

describe("segments (inactive after 60 days, loyal from 3 orders)", () => {
  it("puts A in active loyal, B and D in inactive, C in repeat", () => {
    const { segment } = segmentCustomers(prepared, { inactiveAfterDays: 60, loyalMinOrders: 3 });
    const byKey = Object.fromEntries(prepared.customerKeys.map((k, i) => [k, segment[i]]));
    expect(byKey).toEqual({ "c:A": "active-loyal", "c:B": "inactive", "c:C": "repeat", "c:D": "inactive" });
  });

  it("treats exactly N days after the last order as inactive, N - 1 days as still active", () => {
    expect(segmentOf(1, 60, { inactiveAfterDays: 60, loyalMinOrders: 3 })).toBe("inactive");
    expect(segmentOf(1, 59, { inactiveAfterDays: 60, loyalMinOrders: 3 })).toBe("one-time");
    expect(segmentOf(2, 29, { inactiveAfterDays: 30, loyalMinOrders: 3 })).toBe("repeat");
    expect(segmentOf(3, 89, { inactiveAfterDays: 90, loyalMinOrders: 3 })).toBe("active-loyal");
  });

  it("puts every customer in exactly one segment and shares revenue to 100%", () => {
    const { summary } = segmentCustomers(prepared);
    expect(summary.reduce((s, x) => s + x.customers, 0)).toBe(prepared.customerKeys.length);
    expect(summary.reduce((s, x) => s + x.revenueShare, 0)).toBeCloseTo(100, 10);
  });
});

describe("RFM", () => {
  it("scores R by rank from the best and F by order count, and maps every R x F pair to one named segment", () => {
    const r = rfmScores(prepared);
    const i = (k: string) => prepared.customerKeys.indexOf(k);
    // Recency (days): A 22, C 27, D 66, B 396 -> 0, 1, 2, 3 customers more recent of 4 -> 5 - floor(5k/4) = 5, 4, 3, 2.
    expect([r.r[i("c:A")], r.r[i("c:C")], r.r[i("c:D")], r.r[i("c:B")]]).toEqual([5, 4, 3, 2]);
    // Orders: B 1, C 2, D 2, A 3.
    expect([r.f[i("c:B")], r.f[i("c:C")], r.f[i("c:D")], r.f[i("c:A")]]).toEqual([1, 2, 2, 3]);
    for (let rr = 1; rr <= 5; rr++) for (let ff = 1; ff <= 5; ff++) expect(typeof rfmSegment(rr, ff)).toBe("string");
    expect(rfmSegment(5, 5)).toBe("Champions");
    expect(rfmSegment(1, 5)).toBe("Can't lose them");
    expect(rfmSegment(1, 1)).toBe("Lost");
  });
});

describe("NPS, cohorts, interpretation", () => {
  it("NPS of [10, 9, 9, 8, 7, 6, 0] = (3 promoters - 2 detractors) / 7 = 14.29", () => {
    const r = nps([10, 9, 9, 8, 7, 6, 0].map((score) => ({ score })));
    expect(r).toMatchObject({ responses: 7, promoters: 3, passives: 2, detractors: 2 });
    expect(r.nps).toBeCloseTo(14.2857, 4);
    expect(nps([]).nps).toBeNull();
    expect(() => nps([{ score: 11 }])).toThrow(InvalidInputError);
  });

  it("groups customers by first-order month and counts distinct buyers per later month", () => {
    const rows = cohortTable(prepared);
    const june = rows.find((r) => r.cohort === "2025-06")!;
    expect(june.size).toBe(1); // A
    expect(june.counts[0]).toBe(1);
    expect(june.counts[8]).toBe(1); // Feb 2026
    expect(june.counts[9]).toBe(1); // Mar 2026 (the guest order)
    expect(june.counts.slice(1, 8).every((c) => c === 0)).toBe(true);
    const jan = rows.find((r) => r.cohort === "2026-01")!; // D, two orders in one month count once
    expect(jan.counts[0]).toBe(1);
    expect(jan.percents[0]).toBe(100);
  });

  it("reads retention in bands with inclusive lower bounds", () => {
    expect([
      retentionBand(95),
      retentionBand(94.99),
      retentionBand(80),
      retentionBand(60),
      retentionBand(59.9),
    ]).toEqual(["very-loyal", "strong", "strong", "ok", "act-now"]);
  });
});

describe("calendar and bad input", () => {
  it("puts orders on the shop's local day across both DST changes in Amsterdam", () => {
    const cal = new LocalCalendar(TZ);
    expect(cal.day(Date.parse("2026-03-28T22:59:00Z"))).toBe(dayOf("2026-03-28")); // 23:59 CET
    expect(cal.day(Date.parse("2026-03-28T23:30:00Z"))).toBe(dayOf("2026-03-29")); // 00:30 CET
    expect(cal.day(Date.parse("2026-03-29T21:59:00Z"))).toBe(dayOf("2026-03-29")); // 23:59 CEST
    expect(cal.day(Date.parse("2026-03-29T22:00:00Z"))).toBe(dayOf("2026-03-30")); // 00:00 CEST
    expect(cal.day(Date.parse("2026-10-24T22:30:00Z"))).toBe(dayOf("2026-10-25")); // 00:30 CEST
    expect(cal.day(Date.parse("2026-10-25T22:30:00Z"))).toBe(dayOf("2026-10-25")); // 23:30 CET
  });

  it("refuses negative amounts, unknown currencies and unknown time zones with typed errors (a second currency or a date after the observation end is left out: tests/analytics/exclusions.test.ts)", () => {
    const prep =
      (facts: OrderFact[], tz = TZ) =>
      () =>
        prepareOrders(facts, { timeZone: tz, observationEnd: END });
    expect(prep([order("X", "2026-01-01", -5)])).toThrow(/total must be a whole number/);
    expect(prep([order("X", "2026-01-01", 5, { refundedMinor: -1 })])).toThrow(InvalidInputError);
    expect(prep([order("X", "2026-01-01", 5, { currency: "EURO" })])).toThrow(/unknown currency "EURO"/);
    expect(prep([order("X", "2026-01-01", 5)], "Mars/Olympus")).toThrow(/unknown time zone/);
  });

  it("analyzeShop reports everything in one call and says plainly when predictions cannot be fitted", () => {
    const a = analyzeShop(SHOP, {
      timeZone: TZ,
      observationEnd: END,
      period: { kind: "quarter" },
      surveyAnswers: [{ score: 10, answeredAt: END }],
    });
    expect(a.period).toMatchObject({ start: "2026-04-01", end: "2026-04-01" }); // the quarter containing the end, so far
    expect(a.previousPeriod.start).toBe("2026-01-01");
    expect(a.previousPeriod.retention.retentionRate).toBe(50);
    expect(a.nps.nps).toBe(100);
    expect(a.prediction).toMatchObject({ status: "unavailable", code: "INSUFFICIENT_DATA" });
    expect(a.perCustomer.pAlive).toBeNull();
  });
});

describe("model fits on data that cannot support them", () => {
  it("refuses a BG/NBD fit with fewer than 10 repeat buyers with a typed error, never NaN", async () => {
    const { fitBgNbd, fitGammaGamma, InsufficientDataError } = await import("~/analytics");
    const few = { frequency: [0, 0, 1, 2, 0], recency: [0, 0, 3, 5, 0], T: [10, 8, 9, 7, 6] };
    expect(() => fitBgNbd(few)).toThrow(InsufficientDataError);
    expect(() => fitBgNbd(few)).toThrow(/at least 10 repeat buyers, found 2/);
    expect(() => fitGammaGamma([1, 2], [10, 20])).toThrow(InsufficientDataError);
    expect(() => fitBgNbd({ frequency: [1.5], recency: [1], T: [2] })).toThrow(/whole number/);
    expect(() => fitBgNbd({ frequency: [1], recency: [3], T: [2] })).toThrow(/recency <= T/);
  });
});
