// The definitions a merchant signs (issue #15), each on a hand-made shop whose answer is
// computed by hand: retention as "of the customers I had at the start, the share I still
// have", readings that cannot contradict each other, and RFM scores that survive ties.
import { describe, expect, it } from "vitest";
import {
  analyzeShop,
  dayOf,
  expectedPurchases,
  predictCustomers,
  isWholeQuarter,
  ONLINE_RETAIL_BENCHMARK,
  prepareOrders,
  rankScores,
  readings,
  retention,
  rfmScores,
  type OrderFact,
  type RetentionResult,
} from "~/analytics";
import { en } from "~/i18n/en";
import { nl } from "~/i18n/nl";

const TZ = "Europe/Amsterdam";
let seq = 0;
const order = (customerId: string, date: string, euros = 20): OrderFact => ({
  orderId: `o${++seq}`,
  customerId,
  email: null,
  processedAt: new Date(`${date}T12:00:00Z`),
  currency: "EUR",
  totalMinor: euros * 100,
  refundedMinor: 0,
  cancelled: false,
});
const YEAR_2025 = { start: dayOf("2025-01-01"), end: dayOf("2025-12-31") };
const prep = (facts: OrderFact[], end = "2026-01-15") =>
  prepareOrders(facts, { timeZone: TZ, observationEnd: new Date(`${end}T12:00:00Z`) });

describe("retention: of the customers at the start, the share still customers at the end", () => {
  // A bought in 2024 and 2025; B and C only in 2024; D in 2023 and 2025; E and F are new in 2025.
  const SIX = [
    order("A", "2024-03-10"),
    order("A", "2025-05-20"),
    order("B", "2024-04-01"),
    order("C", "2024-09-15"),
    order("D", "2023-06-01"),
    order("D", "2025-07-07"),
    order("E", "2025-02-02"),
    order("F", "2025-11-11"),
  ];

  it("the 6-customer shop: 1 of the 3 starting customers (A) came back in 2025 -> 33.3%, churn 66.7%, D reactivated, E and F new", () => {
    const r = retention(prep(SIX), YEAR_2025, 365);
    // S on 2024-12-31 = {A, B, C}; E on 2025-12-31 = {A, D, E, F}; N = {E, F}.
    // The seed formula read literally, (E - N) / S = (4 - 2) / 3 = 66.7%, counted the reactivated D.
    expect(r).toMatchObject({
      customersAtStart: 3,
      customersAtEnd: 4,
      newCustomers: 2,
      retainedCustomers: 1,
      lapsedCustomers: 2,
      reactivatedCustomers: 1,
    });
    expect(r.retentionRate).toBeCloseTo(100 / 3, 10);
    expect(r.churnRate).toBeCloseTo(200 / 3, 10);
  });

  it("1 starting customer who leaves and 3 reactivated ones: 0% retained, 100% churn, 3 reactivated (the old reading said 300%)", () => {
    const facts = [
      order("S", "2024-06-01"), // a customer at the start, never back
      ...["R1", "R2", "R3"].flatMap((c, i) => [order(c, `2023-0${i + 1}-10`), order(c, `2025-0${i + 3}-15`)]),
    ];
    const r = retention(prep(facts), YEAR_2025, 365);
    expect(r).toMatchObject({
      customersAtStart: 1,
      customersAtEnd: 3,
      newCustomers: 0,
      retainedCustomers: 0,
      reactivatedCustomers: 3,
      retentionRate: 0,
      churnRate: 100,
    });
  });

  it("stays in [0, 100] with churn = 100 - retention on random shops, and E = retained + reactivated + new still customers", () => {
    // A small deterministic generator (no Math.random: the failure, if any, is reproducible).
    let x = 12345;
    const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let shop = 0; shop < 40; shop++) {
      const facts: OrderFact[] = [];
      for (let c = 0; c < 30; c++)
        for (let k = 0; k < 1 + Math.floor(rand() * 4); k++)
          facts.push(
            order(`c${c}`, new Date(Date.UTC(2023, 0, 1) + rand() * 1090 * 86_400_000).toISOString().slice(0, 10)),
          );
      const p = prep(facts);
      const r: RetentionResult = retention(p, YEAR_2025, 365);
      if (r.retentionRate === null) continue;
      expect(r.retentionRate).toBeGreaterThanOrEqual(0);
      expect(r.retentionRate).toBeLessThanOrEqual(100);
      expect(r.churnRate).toBeCloseTo(100 - r.retentionRate, 10);
      expect(r.retainedCustomers + r.reactivatedCustomers + r.newCustomers).toBe(r.customersAtEnd); // a year: the new are all still customers
    }
  });
});

describe("readings that cannot contradict each other", () => {
  const base = {
    purchasingCustomers: 10,
    nps: { responses: 0, promoters: 0, passives: 0, detractors: 0, nps: null },
    historicClv: { aovMinor: 5000, frequencyPerYear: 2, yearlyChurnRate: 50, lifespanYears: 2, clvMinor: 20000 },
    clvCac: { cacMinor: null, ratio: null, healthy: null },
    predicted: false,
  };
  const result = (rate: number | null, start = 100): RetentionResult => ({
    customersAtStart: start,
    customersAtEnd: 0,
    newCustomers: 0,
    retainedCustomers: rate === null ? 0 : (rate * start) / 100,
    lapsedCustomers: rate === null ? 0 : start - (rate * start) / 100,
    reactivatedCustomers: 0,
    retentionRate: rate,
    churnRate: rate === null ? null : 100 - rate,
  });
  const Q3 = { start: dayOf("2026-07-01"), end: dayOf("2026-09-30") };
  const yearly = (rate: number | null, activeWindowDays = 365) => ({
    start: "2025-10-01",
    end: "2026-09-30",
    retention: result(rate),
    activeWindowDays,
  });

  it("gives the quarter's bands only to a whole, ended calendar quarter; the churn reading takes the same tone", () => {
    const q = readings({ ...base, period: Q3, complete: true, retention: result(35.1), yearly: yearly(35.1) });
    expect(q.retention).toEqual({ code: "band", band: "act-now", tone: "critical" });
    expect(q.churn).toEqual({ code: "mirror", tone: "critical" });
    const strong = readings({ ...base, period: Q3, complete: true, retention: result(85), yearly: yearly(30) });
    expect(strong.retention).toMatchObject({ band: "strong", tone: "success" });
    expect(strong.churn.tone).toBe("success");
    // A year, a month or a quarter still running: no band at all, so no "act now" beside a yearly figure.
    const year = { start: dayOf("2025-10-01"), end: dayOf("2026-09-30") };
    expect(
      readings({ ...base, period: year, complete: true, retention: result(35.1), yearly: yearly(35.1) }).retention,
    ).toEqual({ code: "no-band", tone: "info" });
    const toDate = { start: Q3.start, end: dayOf("2026-08-15") };
    expect(
      readings({ ...base, period: toDate, complete: false, retention: result(90), yearly: yearly(30) }).retention.code,
    ).toBe("no-band");
    expect([isWholeQuarter(Q3), isWholeQuarter(year), isWholeQuarter(toDate)]).toEqual([true, false, false]);
  });

  it("puts the yearly ~30% online benchmark, with its source, only beside the 365-day figure with a 365-day window", () => {
    const r = readings({ ...base, period: Q3, complete: true, retention: result(85), yearly: yearly(31) });
    expect(r.yearly.benchmark).toEqual(ONLINE_RETAIL_BENCHMARK);
    expect(r.yearly.benchmark!.rate).toBe(30);
    expect(r.yearly.benchmark!.source).toMatch(/Omniconvert/);
    expect(r.yearly.retention.retentionRate).toBe(31);
    // Measured another way (a 90-day window), or nothing to measure: no benchmark.
    expect(
      readings({ ...base, period: Q3, complete: true, retention: result(85), yearly: yearly(31, 90) }).yearly.benchmark,
    ).toBeNull();
    expect(
      readings({ ...base, period: Q3, complete: true, retention: result(85), yearly: yearly(null) }).yearly.benchmark,
    ).toBeNull();
  });

  it("reads NPS (too few under 30 answers), CLV:CAC against 3, and says when there is nothing to read", () => {
    const with_ = (over: Partial<Parameters<typeof readings>[0]>) =>
      readings({ ...base, period: Q3, complete: true, retention: result(null), yearly: yearly(null), ...over });
    expect(with_({}).retention.code).toBe("none");
    expect(with_({}).churn.code).toBe("none");
    expect(with_({}).nps.code).toBe("none");
    expect(with_({ nps: { responses: 29, promoters: 29, passives: 0, detractors: 0, nps: 100 } }).nps.code).toBe("few");
    expect(with_({ nps: { responses: 30, promoters: 20, passives: 0, detractors: 10, nps: 100 / 3 } }).nps).toEqual({
      code: "positive",
      tone: "success",
    });
    expect(with_({ nps: { responses: 40, promoters: 10, passives: 0, detractors: 30, nps: -50 } }).nps.code).toBe(
      "negative",
    );
    expect(with_({}).clvCac.code).toBe("missing");
    expect(with_({ clvCac: { cacMinor: 10000, ratio: 2, healthy: false } }).clvCac).toEqual({
      code: "low",
      tone: "critical",
    });
    expect(with_({ clvCac: { cacMinor: 5000, ratio: 4, healthy: true } }).clvCac.code).toBe("healthy");
    expect(with_({ historicClv: { ...base.historicClv, clvMinor: null } }).clvCac.code).toBe("no-clv");
    expect(with_({ predicted: true }).predictedClv.code).toBe("spans");
    expect(with_({ purchasingCustomers: 0 }).repeat.code).toBe("none");
  });

  it("has an English and a Dutch text for every reading the dashboard can show", () => {
    const keys = [
      "reading.retention.none",
      "reading.retention.no-band",
      ...["very-loyal", "strong", "ok", "act-now"].map((b) => `reading.retention.band.${b}`),
      "reading.retention.extra",
      ...["none", "mirror"].map((c) => `reading.churn.${c}`),
      ...["benchmark", "plain", "none"].map((c) => `reading.yearly.${c}`),
      ...["none", "share"].map((c) => `reading.repeat.${c}`),
      ...["none", "few", "positive", "zero", "negative"].map((c) => `reading.nps.${c}`),
      ...["none", "formula"].map((c) => `reading.historicClv.${c}`),
      ...["no-clv", "missing", "healthy", "low", "free"].map((c) => `reading.clvCac.${c}`),
      ...["none", "spans"].map((c) => `reading.predictedClv.${c}`),
    ];
    for (const k of keys) {
      expect(en, k).toHaveProperty([k]);
      expect(nl, k).toHaveProperty([k]);
      expect((nl as Record<string, string>)[k]).not.toBe((en as Record<string, string>)[k]);
    }
  });

  it("analyzeShop reports the last complete quarter by default, with its band and the yearly figure beside the benchmark", () => {
    // Observation end 2026-10-05: the last complete quarter is Q3 2026.
    const facts = [
      order("A", "2026-01-10"),
      order("A", "2026-08-01"), // at the start of Q3 and still at its end
      order("B", "2025-08-10"), // a customer on 06-30 (within 365 days), lapsed on 08-10 -> not at the end
      order("C", "2026-09-01"), // new in Q3
    ];
    const a = analyzeShop(facts, {
      timeZone: TZ,
      observationEnd: new Date("2026-10-05T12:00:00Z"),
      prediction: false,
    });
    expect([a.period.start, a.period.end]).toEqual(["2026-07-01", "2026-09-30"]);
    expect([a.previousPeriod.start, a.previousPeriod.end]).toEqual(["2026-04-01", "2026-06-30"]);
    expect(a.period.retention).toMatchObject({
      customersAtStart: 2,
      retainedCustomers: 1,
      newCustomers: 1,
      retentionRate: 50,
    });
    expect(a.readings.retention).toEqual({ code: "band", band: "act-now", tone: "critical" });
    expect(a.readings.churn.tone).toBe("critical");
    // The yearly figure: 2025-10-01 .. 2026-09-30; on 2025-09-30 only B was a customer, and B did not buy again.
    expect([a.readings.yearly.start, a.readings.yearly.end]).toEqual(["2025-10-01", "2026-09-30"]);
    expect(a.readings.yearly.retention).toMatchObject({ customersAtStart: 1, retentionRate: 0 });
    expect(a.readings.yearly.benchmark?.rate).toBe(30);
    // Historic CLV's yearly churn is the yearly figure the benchmark sits beside.
    expect(a.historicClv.yearlyChurnRate).toBe(a.readings.yearly.retention.churnRate);
    expect(a.retentionTrendSpanMonths).toBe(3);
    // The trend's points are rolling quarters ending with each month, up to the reported quarter itself.
    expect(a.retentionTrend.at(-1)).toMatchObject({ month: "2026-09", retentionRate: 50 });
    expect(a.activeWindowDays).toBe(365);
  });
});

describe("RFM scores with ties", () => {
  it("ranks from the best with ties sharing the better score: [10, 10, 10, 5, 1] -> [5, 5, 5, 2, 1]", () => {
    // 10: nobody better -> 5; 5: 3 of 5 better -> 5 - floor(15/5) = 2; 1: 4 of 5 better -> 1.
    expect(Array.from(rankScores(Float64Array.from([10, 10, 10, 5, 1])))).toEqual([5, 5, 5, 2, 1]);
    expect(Array.from(rankScores(Float64Array.from([1, 2, 3, 4, 5])))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(rankScores(Float64Array.from([7])))).toEqual([5]);
    expect(Array.from(rankScores(Float64Array.from([3, 3, 3])))).toEqual([5, 5, 5]);
  });

  it("never scores a better value below a worse one, gives equal values equal scores, and ignores input order", () => {
    let x = 99;
    const rand = () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let k = 0; k < 50; k++) {
      const values = Float64Array.from({ length: 1 + Math.floor(rand() * 40) }, () => Math.floor(rand() * 6));
      const s = rankScores(values);
      for (let i = 0; i < values.length; i++)
        for (let j = 0; j < values.length; j++) {
          if (values[i] > values[j]) expect(s[i]).toBeGreaterThanOrEqual(s[j]);
          if (values[i] === values[j]) expect(s[i]).toBe(s[j]);
        }
      expect(Math.max(...s)).toBe(5);
      const reversed = rankScores(values.slice().reverse());
      expect(Array.from(reversed).reverse()).toEqual(Array.from(s));
    }
  });

  it("a lone customer who ordered today is a New customer, not Lost", () => {
    const p = prep([order("X", "2026-01-15")]);
    const r = rfmScores(p);
    expect([r.r[0], r.f[0], r.m[0]]).toEqual([5, 1, 5]);
    expect(r.segment[0]).toBe("New customers");
  });

  it("3 identical loyal customers (6 orders each, the last 5 days ago) are Champions, not Lost", () => {
    const dates = ["2025-03-01", "2025-05-01", "2025-07-01", "2025-09-01", "2025-11-01", "2026-01-10"];
    const p = prep(["L1", "L2", "L3"].flatMap((c) => dates.map((d) => order(c, d, 50))));
    const r = rfmScores(p);
    expect(Array.from(r.r)).toEqual([5, 5, 5]);
    expect(Array.from(r.f)).toEqual([5, 5, 5]);
    expect(r.segment).toEqual(["Champions", "Champions", "Champions"]);
  });

  it("with 60% one-time buyers, buyers with 2 orders reach F = 2: Potential loyalists and Need attention are not empty", () => {
    // 10 customers, end 2026-01-15. Six one-time buyers (older), two recent 2-order buyers,
    // two 2-order buyers in the middle of the recency ranking.
    const facts = [
      ...["O1", "O2", "O3", "O4", "O5", "O6"].map((c, i) => order(c, `2025-0${i + 1}-05`)),
      order("P1", "2025-10-01"),
      order("P1", "2026-01-14"), // 1 day ago: nobody more recent -> R 5
      order("P2", "2025-10-01"),
      order("P2", "2026-01-13"), // 1 more recent of 10 -> 5 - floor(5/10) = 5
      order("N1", "2025-06-01"),
      order("N1", "2025-12-01"), // 2 more recent -> 4
      order("N2", "2025-06-01"),
      order("N2", "2025-11-20"), // 3 more recent -> 5 - floor(15/10) = 4
    ];
    const p = prep(facts);
    const r = rfmScores(p);
    const by = (k: string) => p.customerKeys.indexOf(`c:${k}`);
    expect([r.f[by("O1")], r.f[by("P1")], r.f[by("N2")]]).toEqual([1, 2, 2]);
    expect([r.r[by("P1")], r.r[by("P2")], r.r[by("N1")], r.r[by("N2")]]).toEqual([5, 5, 4, 4]);
    expect(r.counts["Potential loyalists"]).toBe(4);
    // O6 (2025-06-05): 4 more recent of 10 -> 5 - 2 = 3 -> R 3, F 1 -> About to sleep; with 2 orders it would be Need attention.
    expect(r.r[by("O6")]).toBe(3);
    expect(r.segment[by("O6")]).toBe("About to sleep");
    const withSecond = rfmScores(prep([...facts, order("O6", "2025-06-06")]));
    expect(withSecond.counts["Need attention"]).toBe(1);
  });
});

describe("the month of the predicted CLV, as the dashboard states it", () => {
  it("is 365.25 / 12 days (not lifetimes' 30): the 12 discounted monthly increments rebuild the predicted CLV", () => {
    // 40 made-up customers: frequency x, recency t_x <= T, and a mean repeat value.
    const n = 40;
    const summary = {
      customers: n,
      frequency: Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : (i % 7) + 1)),
      recency: Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : 40 + ((i * 37) % 250))),
      T: Float64Array.from({ length: n }, (_, i) => 300 + ((i * 13) % 60)),
      monetary: Float64Array.from({ length: n }, (_, i) => (i % 5 === 0 ? 0 : 2000 + ((i * 211) % 3000))),
    };
    // BG/NBD named, so the month can be rebuilt with its closed-form expected purchases.
    const out = predictCustomers(summary, { model: "bgnbd" });
    if (out.status !== "ok") throw new Error(`prediction unavailable: ${out.reason}`);
    expect(out.clvMonths).toBe(12);
    const params = out.customerModel.params as Parameters<typeof expectedPurchases>[0];
    const rebuild = (c: number, monthDays: number) => {
      let total = 0;
      for (let i = 0; i < 12; i++) {
        const args = [summary.frequency[c], summary.recency[c], summary.T[c]] as const;
        const step =
          expectedPurchases(params, (i + 1) * monthDays, ...args) - expectedPurchases(params, i * monthDays, ...args);
        total += step * Math.pow(1.01, -(i + 1));
      }
      return total * out.expectedOrderValueMinor[c];
    };
    for (const c of [1, 2, 3, 11, 29]) {
      expect(out.predictedClvMinor[c]).toBeCloseTo(rebuild(c, 365.25 / 12), 6);
      expect(Math.abs(out.predictedClvMinor[c] - rebuild(c, 30))).toBeGreaterThan(1e-3);
    }
  });
});
