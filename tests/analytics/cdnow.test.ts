// Fader & Hardie's CDNOW sample (tests/fixtures/cdnow, see its README): the published
// BG/NBD and Gamma-Gamma figures, reproduced from the raw transactions up.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  dayOf,
  expectedPurchases,
  fitBgNbd,
  fitGammaGamma,
  probabilityAlive,
  rfmSummary,
  type PurchaseHistory,
} from "~/analytics";
import { beta, createRng, exponential, gamma } from "~/demo/random";

const dir = "tests/fixtures/cdnow";
const csv = (file: string) =>
  fs
    .readFileSync(`${dir}/${file}`, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(",").map(Number));

/** CDNOW_sample.txt: `master_id sample_id YYYYMMDD cds dollars`, grouped by sample id. */
function sampleHistory(): { history: PurchaseHistory; ids: number[] } {
  const rows = fs
    .readFileSync(`${dir}/CDNOW_sample.txt`, "utf8")
    .trim()
    .split(/\r?\n/)
    .map((l) => l.trim().split(/\s+/).map(Number));
  rows.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
  const ids = [...new Set(rows.map((r) => r[1]))];
  const start = new Int32Array(ids.length + 1);
  const day = new Int32Array(rows.length);
  const net = new Float64Array(rows.length);
  let c = -1;
  rows.forEach((r, i) => {
    if (i === 0 || r[1] !== rows[i - 1][1]) start[++c] = i;
    const s = String(r[2]);
    day[i] = dayOf(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`);
    net[i] = r[4];
  });
  start[ids.length] = rows.length;
  return { history: { start, day, net }, ids };
}

const published = csv("cdnow_customers_summary.csv"); // ID,frequency,recency,T
const summary = {
  frequency: published.map((r) => r[1]),
  recency: published.map((r) => r[2]),
  T: published.map((r) => r[3]),
};

describe("CDNOW: calibration summary from raw transactions", () => {
  it("reproduces cdnow_customers_summary.csv for all 2,357 customers (weeks, 2 decimals)", () => {
    const { history, ids } = sampleHistory();
    const s = rfmSummary(history, { observationEndDay: dayOf("1997-09-30"), unit: "weeks" });
    expect(ids).toEqual(published.map((r) => r[0]));
    const mismatches: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const mine = [s.frequency[i], Number(s.recency[i].toFixed(2)), Number(s.T[i].toFixed(2))];
      const theirs = published[i].slice(1);
      if (mine.some((v, k) => v !== theirs[k])) mismatches.push(`${ids[i]}: ${mine} vs ${theirs}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("reproduces the mean repeat transaction values (zbar) of the 946 repeat buyers to the cent", () => {
    const { history } = sampleHistory();
    const s = rfmSummary(history, { observationEndDay: dayOf("1997-09-30"), unit: "weeks" });
    const withTx = csv("cdnow_customers_summary_with_transactions.csv"); // ID,x,t_x,T,zbar
    let repeaters = 0;
    withTx.forEach((r, i) => {
      if (r[1] > 0) repeaters++;
      expect(Math.abs(s.monetary[i] - r[4])).toBeLessThan(0.006);
    });
    expect(repeaters).toBe(946);
  });
});

describe("CDNOW: BG/NBD (Fader, Hardie & Lee 2005)", () => {
  const fit = fitBgNbd(summary);

  it("fits r, alpha, a, b within 0.005 of 0.243 / 4.414 / 0.793 / 2.426", () => {
    expect(Math.abs(fit.params.r - 0.243)).toBeLessThan(0.005);
    expect(Math.abs(fit.params.alpha - 4.414)).toBeLessThan(0.005);
    expect(Math.abs(fit.params.a - 0.793)).toBeLessThan(0.005);
    expect(Math.abs(fit.params.b - 2.426)).toBeLessThan(0.005);
    expect(fit.converged).toBe(true);
  });

  it("reaches the published log-likelihood -9582.43 within 0.05", () => {
    expect(Math.abs(fit.logLik - -9582.43)).toBeLessThan(0.05);
  });

  it("keeps P(alive) in [0, 1], and 1 for customers without repeat purchases", () => {
    for (let i = 0; i < summary.frequency.length; i++) {
      const p = probabilityAlive(fit.params, summary.frequency[i], summary.recency[i], summary.T[i]);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      if (summary.frequency[i] === 0) expect(p).toBe(1);
    }
  });

  it("gives customer 1 (x=2, t_x=30.43, T=38.86) the hand-computed P(alive) 0.7266", () => {
    // 1 / (1 + a/(b+x-1) * ((alpha+T)/(alpha+t_x))^(r+x)) with the published parameters, by hand:
    // 0.793/3.426 = 0.23147; (43.274/34.844)^2.243 = 1.62577; 1/(1 + 0.37632) = 0.72657.
    expect(probabilityAlive({ r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 2, 30.43, 38.86)).toBeCloseTo(0.7266, 4);
  });

  it("expects as many purchases in 39 weeks from a new customer as a seeded simulation of the BG/NBD story", () => {
    const p = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    // Simulate: lambda ~ Gamma(r, 1/alpha), dropout p ~ Beta(a, b); Poisson purchases, each followed by a chance to drop out.
    const rng = createRng(42);
    const n = 200_000;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const lambda = gamma(rng, p.r, 1 / p.alpha);
      const drop = beta(rng, p.a, p.b);
      let t = 0;
      for (;;) {
        t += exponential(rng, lambda);
        if (t > 39) break;
        total++;
        if (rng.next() < drop) break;
      }
    }
    const simulated = total / n;
    const formula = expectedPurchases(p, 39, 0, 0, 0);
    expect(Math.abs(formula - simulated) / simulated).toBeLessThan(0.02);
  });
});

describe("CDNOW: Gamma-Gamma spend model", () => {
  it("fits p, q, gamma within 0.02 of 6.25 / 3.74 / 15.44 on the 946 repeat buyers", () => {
    const rows = csv("cdnow_customers_summary_with_transactions.csv");
    const fit = fitGammaGamma(
      rows.map((r) => r[1]),
      rows.map((r) => r[4]),
    );
    expect(Math.abs(fit.params.p - 6.25)).toBeLessThan(0.02);
    expect(Math.abs(fit.params.q - 3.74)).toBeLessThan(0.02);
    expect(Math.abs(fit.params.gamma - 15.44)).toBeLessThan(0.02);
  });
});
