// Holdout model selection on CDNOW (calibration weeks 1-39, holdout weeks 40-78, as in Fader,
// Hardie & Lee 2005) and on the UCI Online Retail shop (last 13 weeks held out).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  calibrationHoldout,
  dayOf,
  analyzePrepared,
  prepareOrders,
  scoreModel,
  selectModel,
  type FittedCustomerModel,
  type ModelSelection,
  type PurchaseHistory,
} from "~/analytics";
import { loadOnlineRetail, ONLINE_RETAIL_END, ONLINE_RETAIL_PATH } from "../../scripts/datasets/online-retail";

/** cdnowElog.csv (masterid,sampleid,date,cds,sales) as purchase histories grouped by sample id. */
function cdnowHistory(): PurchaseHistory {
  const rows = fs
    .readFileSync("tests/fixtures/cdnow/cdnowElog.csv", "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(",").map(Number));
  rows.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
  const customers = new Set(rows.map((r) => r[1])).size;
  const start = new Int32Array(customers + 1);
  const day = new Int32Array(rows.length);
  const net = new Float64Array(rows.length);
  let c = -1;
  rows.forEach((r, i) => {
    if (i === 0 || r[1] !== rows[i - 1][1]) start[++c] = i;
    const s = String(r[2]);
    day[i] = dayOf(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`);
    net[i] = r[4];
  });
  start[customers] = rows.length;
  return { start, day, net };
}

const summaryLine = (s: ModelSelection) =>
  s.scores.map(
    (x) =>
      `${x.model} rmse ${x.rmse.toFixed(4)} mae ${x.mae.toFixed(4)} bins ${x.binError.toFixed(4)} predicted ${x.predictedTotal.toFixed(0)} actual ${x.actualTotal}`,
  );

describe("holdout split and scores on a hand-made shop (days 0-100 calibration, 101-200 holdout)", () => {
  // Purchase days per customer; same-day purchases count once, days after 200 not at all.
  const days = [
    [10, 10, 50, 150, 150, 250], // C1: x 1, t_x 40, T 90; holdout 1 (150 once; 250 is past the end)
    [20], // C2: x 0, t_x 0, T 80; holdout 0
    [30, 60, 90, 120, 130, 140], // C3: x 2, t_x 60, T 70; holdout 3
    [150], // C4: first order in the holdout: not a calibration customer
    [5, 6, 7, 8, 9, 10, 11, 12, 13, 199], // C5: x 8, t_x 8, T 95; holdout 1 (group "7 or more")
    [40, 70], // C6: x 1, t_x 30, T 60; holdout 0
  ];
  const start = Int32Array.from([0, ...days.map((_, i) => days.slice(0, i + 1).flat().length)]);
  const history: PurchaseHistory = {
    start,
    day: Int32Array.from(days.flat()),
    net: new Float64Array(days.flat().length),
  };
  const split = calibrationHoldout(history, { calibrationEndDay: 100, endDay: 200 });

  it("summarises the 5 calibration customers and counts their distinct holdout purchase days", () => {
    expect(Array.from(split.calibration.frequency)).toEqual([1, 0, 2, 8, 1]);
    expect(Array.from(split.calibration.recency)).toEqual([40, 0, 60, 8, 30]);
    expect(Array.from(split.calibration.T)).toEqual([90, 80, 70, 95, 60]);
    expect(Array.from(split.holdoutPurchases)).toEqual([1, 0, 3, 1, 0]);
    expect(split.holdoutLength).toBe(100);
  });

  it("scores a model predicting 0.5 + 0.25 x purchases: RMSE sqrt(7.125/5), MAE 1, bin error 0.9, 5.5 predicted, 5 made", () => {
    const asked: number[][] = [];
    const model = {
      fit: { model: "bgnbd", logLik: -1 },
      forecast: (x: number, _tx: number, _T: number, horizons: readonly number[]) => {
        asked.push([...horizons]);
        return { alive: 1, cumulative: [0.5 + 0.25 * x], pNone: NaN };
      },
    } as unknown as FittedCustomerModel;
    const s = scoreModel(model, split);
    expect(asked).toEqual(Array(5).fill([100])); // each of the 5 distinct histories once, at the holdout length
    // Predicted 0.75, 0.5, 1, 2.5, 0.75 against 1, 0, 3, 1, 0: errors -0.25, 0.5, -2, 1.5, 0.75.
    expect(s.rmse).toBeCloseTo(Math.sqrt((0.0625 + 0.25 + 4 + 2.25 + 0.5625) / 5), 12);
    expect(s.mae).toBeCloseTo((0.25 + 0.5 + 2 + 1.5 + 0.75) / 5, 12);
    expect(s.predictedTotal).toBeCloseTo(5.5, 12);
    expect(s.actualTotal).toBe(5);
    // Groups by calibration repeat purchases: 0 {C2}, 1 {C1, C6}, 2 {C3}, 7 or more {C5}; the gap of each
    // group's means weighted by its customers: (0.5 + 2 x 0.25 + 2 + 1.5) / 5.
    expect(s.binError).toBeCloseTo(0.9, 12);
    expect(s.bins.map((b) => [b.frequency, b.orMore, b.customers, b.actualMean, b.predictedMean])).toEqual([
      [0, false, 1, 0, 0.5],
      [1, false, 2, 0.5, 0.75],
      [2, false, 1, 3, 1],
      [3, false, 0, 0, 0],
      [4, false, 0, 0, 0],
      [5, false, 0, 0, 0],
      [6, false, 0, 0, 0],
      [7, true, 1, 1, 2.5],
    ]);
  });
});

describe("CDNOW: calibration 39 weeks, holdout 39 weeks", () => {
  const split = calibrationHoldout(cdnowHistory(), {
    calibrationEndDay: dayOf("1997-09-30"),
    endDay: dayOf("1998-06-30"),
    per: 7,
  });
  const selection = selectModel(split);
  console.info(`CDNOW holdout: ${summaryLine(selection).join("; ")}`);

  it("calibrates on the published summary: all 2,357 customers, 39 holdout weeks, BG/NBD 0.243 / 4.414 / 0.793 / 2.426", () => {
    expect(selection.calibrationCustomers).toBe(2357);
    expect(split.holdoutLength).toBe(39);
    const p = selection.fits.bgnbd!.fit.params as { r: number; alpha: number; a: number; b: number };
    expect(
      Math.abs(p.r - 0.243) + Math.abs(p.alpha - 4.414) + Math.abs(p.a - 0.793) + Math.abs(p.b - 2.426),
    ).toBeLessThan(0.01);
  });

  it("counts the holdout purchase days of weeks 40-78 and scores all three models, best per-customer RMSE first", () => {
    // Distinct (customer, day) pairs from 1997-10-01 to 1998-06-30, straight from the CSV.
    const days = new Set(
      fs
        .readFileSync("tests/fixtures/cdnow/cdnowElog.csv", "utf8")
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((l) => l.split(","))
        .filter((f) => f[2] >= "19971001" && f[2] <= "19980630")
        .map((f) => `${f[1]},${f[2]}`),
    );
    expect(days.size).toBe(1882);
    expect(selection.failed).toEqual([]);
    expect(selection.scores.map((s) => s.model).sort()).toEqual(["bgnbd", "mbgnbd", "paretonbd"]);
    for (const s of selection.scores) expect(s.actualTotal).toBe(days.size);
    for (let i = 1; i < selection.scores.length; i++)
      expect(selection.scores[i - 1].rmse).toBeLessThanOrEqual(selection.scores[i].rmse);
    expect(selection.chosen).toBe(selection.scores[0].model);
  });

  it("predicts the holdout total within 20% and each frequency bin's mean within 0.6 purchases for every model", () => {
    for (const s of selection.scores) {
      expect(Math.abs(s.predictedTotal / s.actualTotal - 1)).toBeLessThan(0.2);
      expect(s.bins.reduce((n, b) => n + b.customers, 0)).toBe(2357);
      for (const b of s.bins) expect(Math.abs(b.predictedMean - b.actualMean)).toBeLessThan(0.6);
    }
  });
});

if (fs.existsSync(ONLINE_RETAIL_PATH)) {
  describe("Online Retail: last 13 weeks held out", () => {
    const prepared = prepareOrders(loadOnlineRetail().facts, { timeZone: "UTC", observationEnd: ONLINE_RETAIL_END });
    const split = calibrationHoldout(prepared, {
      calibrationEndDay: prepared.observationEndDay - 91,
      endDay: prepared.observationEndDay,
    });
    const selection = selectModel(split);
    console.info(`Online Retail holdout: ${summaryLine(selection).join("; ")}`);

    it("fits all three models on the calibration months and picks the one with the smallest per-customer error", () => {
      expect(selection.failed).toEqual([]);
      expect(selection.scores).toHaveLength(3);
      expect(selection.chosen).toBe(selection.scores[0].model);
      const best = selection.scores[0];
      expect(best.rmse).toBeLessThanOrEqual(Math.min(...selection.scores.map((s) => s.rmse)) * (1 + 1e-6));
      // Every calibration customer is in exactly one bin, and the holdout purchases add up.
      expect(best.bins.reduce((n, b) => n + b.customers, 0)).toBe(selection.calibrationCustomers);
      expect(best.actualTotal).toBe(Array.from(split.holdoutPurchases).reduce((a, b) => a + b, 0));
    });

    it("finds no sign of drop-out (all models agree), and still tells customers apart by their chance to buy again", () => {
      // Every model's drop-out goes (nearly) to its no-drop-out limit on this year of wholesale buyers:
      // the holdout predictions coincide and P(alive) is ~1 for nine customers in ten. The chance of at least
      // one order in the next 90 days, P(X = 0 | history) from the model, is what varies.
      expect(selection.chosen).toBe("bgnbd"); // equal errors: the simplest model
      const totals = selection.scores.map((s) => s.predictedTotal);
      expect(Math.max(...totals) / Math.min(...totals) - 1).toBeLessThan(0.01);
      const a = analyzePrepared(prepared, { timeZone: "UTC", observationEnd: ONLINE_RETAIL_END });
      expect(a.prediction.status).toBe("ok");
      const again = Array.from(a.perCustomer.pBuyAgain!).sort((x, y) => x - y);
      const alive = Array.from(a.perCustomer.pAlive!).sort((x, y) => x - y);
      expect(alive[Math.floor(0.1 * alive.length)]).toBeGreaterThan(0.99);
      expect(again[Math.floor(0.1 * again.length)]).toBeLessThan(0.25);
      expect(again[Math.floor(0.9 * again.length)]).toBeGreaterThan(0.75);
      if (a.prediction.status === "ok") {
        expect(a.prediction.selection!.scores).toHaveLength(3);
        const interval = a.prediction.averageClvInterval!;
        expect(interval.lowMinor).toBeLessThan(a.prediction.averagePredictedClvMinor);
        expect(interval.highMinor).toBeGreaterThan(a.prediction.averagePredictedClvMinor);
      }
    });
  });
}
