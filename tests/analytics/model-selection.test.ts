// Holdout model selection on CDNOW (calibration weeks 1-39, holdout weeks 40-78, as in Fader,
// Hardie & Lee 2005) and on the UCI Online Retail shop (last 13 weeks held out).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  calibrationHoldout,
  dayOf,
  analyzePrepared,
  prepareOrders,
  selectModel,
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
