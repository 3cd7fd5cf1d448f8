// The three customer-base models on Fader & Hardie's CDNOW calibration summary
// (tests/fixtures/cdnow, see its README): published parameters and log-likelihoods,
// standard errors against an independent numeric Hessian, and P(X(t) = n) against its
// definition (sums to 1, mean = the expected-purchases formula) and a seeded simulation.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  bgNbdLogLik,
  conditionalProbabilityOfPurchases,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  fitCustomerModel,
  fitGammaGamma,
  fitMbgNbd,
  fitParetoNbd,
  mbgConditionalProbabilityOfPurchases,
  mbgExpectedPurchases,
  mbgExpectedPurchasesNewCustomer,
  mbgNbdLogLik,
  mbgProbabilityAlive,
  mbgProbabilityOfPurchases,
  paretoConditionalProbabilityOfPurchases,
  paretoExpectedPurchases,
  paretoExpectedPurchasesNewCustomer,
  paretoNbdLogLik,
  paretoProbabilityAlive,
  paretoProbabilityOfPurchases,
  probabilityOfPurchases,
  type CustomerSummary,
} from "~/analytics";
import { beta, createRng, exponential, gamma } from "~/demo/random";

const rows = fs
  .readFileSync("tests/fixtures/cdnow/cdnow_customers_summary.csv", "utf8")
  .trim()
  .split(/\r?\n/)
  .slice(1)
  .map((l) => l.split(",").map(Number));
const summary: CustomerSummary = {
  frequency: rows.map((r) => r[1]),
  recency: rows.map((r) => r[2]),
  T: rows.map((r) => r[3]),
};

const near = (actual: Record<string, number>, expected: Record<string, number>, tolerance: number) => {
  for (const [k, v] of Object.entries(expected)) expect(Math.abs(actual[k] - v), k).toBeLessThan(tolerance);
};

/** Standard errors from a Hessian of the log-likelihood in the natural parameters, by central differences of values. */
function numericStandardErrors(logLik: (p: number[]) => number, at: number[]): number[] {
  const n = at.length;
  const h = at.map((v) => v * 1e-3);
  const H: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      const f = (di: number, dj: number) => {
        const p = at.slice();
        p[i] += di * h[i];
        p[j] += dj * h[j];
        return logLik(p);
      };
      H[i][j] = -(f(1, 1) - f(1, -1) - f(-1, 1) + f(-1, -1)) / (4 * h[i] * h[j]);
    }
  // Invert by Gauss-Jordan (4x4).
  const A = H.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    const pivot = A[c][c];
    A[c] = A[c].map((v) => v / pivot);
    for (let r = 0; r < n; r++) if (r !== c) A[r] = A[r].map((v, k) => v - A[r][c] * A[c][k]);
  }
  return A.map((row, i) => Math.sqrt(row[n + i]));
}

describe("CDNOW: Pareto/NBD (Fader, Hardie & Lee 2005, note on implementing the Pareto/NBD)", () => {
  const fit = fitParetoNbd(summary);

  it("fits r, alpha, s, beta within 0.005 of 0.553 / 10.578 / 0.606 / 11.669 on all 2,357 customers", () => {
    near(fit.params as never, { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 }, 0.005);
    expect(fit.converged).toBe(true);
    expect(fit.customers).toBe(2357);
  });

  it("reaches the published log-likelihood -9594.98 within 0.02", () => {
    expect(Math.abs(fit.logLik - -9594.98)).toBeLessThan(0.02);
    expect(paretoNbdLogLik(fit.params, summary)).toBeCloseTo(fit.logLik, 6);
  });

  it("gives standard errors within 1% of those from a numeric Hessian of the log-likelihood", () => {
    const p = fit.params;
    const se = numericStandardErrors(
      ([r, alpha, s, beta]) => paretoNbdLogLik({ r, alpha, s, beta }, summary),
      [p.r, p.alpha, p.s, p.beta],
    );
    const mine = fit.standardErrors!;
    [mine.r, mine.alpha, mine.s, mine.beta].forEach((v, i) => expect(Math.abs(v / se[i] - 1)).toBeLessThan(0.01));
  });

  it("keeps P(alive) in (0, 1], below 1 for one-time buyers seen long ago (unlike the BG/NBD)", () => {
    for (let i = 0; i < rows.length; i++) {
      const a = paretoProbabilityAlive(fit.params, rows[i][1], rows[i][2], rows[i][3]);
      expect(a).toBeGreaterThan(0);
      expect(a).toBeLessThanOrEqual(1);
    }
    expect(paretoProbabilityAlive(fit.params, 0, 0, 38.86)).toBeLessThan(0.9);
  });
});

describe("CDNOW: Gamma-Gamma standard errors (946 repeat buyers, zbar from the published summary)", () => {
  const withTx = fs
    .readFileSync("tests/fixtures/cdnow/cdnow_customers_summary_with_transactions.csv", "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(",").map(Number)); // ID,x,t_x,T,zbar
  const buyers = withTx.filter((r) => r[1] > 0);
  const fit = fitGammaGamma(
    withTx.map((r) => r[1]),
    withTx.map((r) => r[4]),
  );

  it("match those from a numeric Hessian of the log-likelihood written out here, within 1%", () => {
    // Fader & Hardie's Gamma-Gamma note: log L = Σ log Γ(px+q) - log Γ(px) - log Γ(q) + q log γ
    //   + (px-1) log m + px log x - (px+q) log(γ + m x), with Stirling's log Γ (not the library's).
    const lg = (v: number) => {
      let shift = 0;
      while (v < 20) shift -= Math.log(v++);
      return shift + (v - 0.5) * Math.log(v) - v + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * v) - 1 / (360 * v ** 3);
    };
    const logLik = ([p, q, gamma]: number[]) =>
      buyers.reduce((ll, [, x, , , m]) => {
        const px = p * x;
        return (
          ll +
          lg(px + q) -
          lg(px) -
          lg(q) +
          q * Math.log(gamma) +
          (px - 1) * Math.log(m) +
          px * Math.log(x) -
          (px + q) * Math.log(gamma + m * x)
        );
      }, 0);
    expect(buyers).toHaveLength(946);
    expect(fit.logLik).toBeCloseTo(logLik([fit.params.p, fit.params.q, fit.params.gamma]), 4);
    const se = numericStandardErrors(logLik, [fit.params.p, fit.params.q, fit.params.gamma]);
    const mine = fit.standardErrors!;
    [mine.p, mine.q, mine.gamma].forEach((v, i) => expect(Math.abs(v / se[i] - 1)).toBeLessThan(0.01));
  });
});

describe("CDNOW: MBG/NBD (Batislam, Denizel & Filiztekin 2007; figures as BTYDplus reports)", () => {
  const fit = fitMbgNbd(summary);

  it("fits r, alpha, a, b within 0.005 of 0.525 / 6.183 / 0.891 / 1.614", () => {
    near(fit.params as never, { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 }, 0.005);
    expect(fit.converged).toBe(true);
  });

  it("reports the log-likelihood of the fitted parameters, summed customer by customer from the formula", () => {
    const { r, alpha, a, b } = fit.params;
    const lg = (v: number) => {
      // log Γ by the recurrence and Stirling's series: independent of the library's Lanczos.
      let shift = 0;
      while (v < 20) shift -= Math.log(v++);
      return shift + (v - 0.5) * Math.log(v) - v + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * v) - 1 / (360 * v ** 3);
    };
    let ll = 0;
    for (const [, x, tx, T] of rows) {
      const lbeta = (p: number, q: number) => lg(p) + lg(q) - lg(p + q);
      const common = lg(r + x) - lg(r) + r * Math.log(alpha) - lbeta(a, b);
      ll +=
        common +
        Math.log(
          Math.exp(lbeta(a, b + x + 1) - (r + x) * Math.log(alpha + T)) +
            Math.exp(lbeta(a + 1, b + x) - (r + x) * Math.log(alpha + tx)),
        );
    }
    expect(fit.logLik).toBeCloseTo(ll, 6);
    expect(mbgNbdLogLik(fit.params, summary)).toBeCloseTo(ll, 6);
  });

  it("gives standard errors within 1% of those from a numeric Hessian", () => {
    const p = fit.params;
    const se = numericStandardErrors(
      ([r, alpha, a, b]) => mbgNbdLogLik({ r, alpha, a, b }, summary),
      [p.r, p.alpha, p.a, p.b],
    );
    const mine = fit.standardErrors!;
    [mine.r, mine.alpha, mine.a, mine.b].forEach((v, i) => expect(Math.abs(v / se[i] - 1)).toBeLessThan(0.01));
  });

  it("gives one-time buyers a P(alive) below 1", () => {
    expect(mbgProbabilityAlive(fit.params, 0, 0, 38.86)).toBeLessThan(1);
    expect(mbgProbabilityAlive(fit.params, 0, 0, 38.86)).toBeGreaterThan(0);
  });
});

describe("CDNOW: BG/NBD on all customers with exact gradients", () => {
  const fit = fitBgNbd(summary);

  it("still reproduces 0.243 / 4.414 / 0.793 / 2.426 and -9582.43", () => {
    near(fit.params as never, { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 }, 0.005);
    expect(Math.abs(fit.logLik - -9582.43)).toBeLessThan(0.05);
  });

  it("gives standard errors within 1% of those from a numeric Hessian", () => {
    const p = fit.params;
    const se = numericStandardErrors(
      ([r, alpha, a, b]) => bgNbdLogLik({ r, alpha, a, b }, summary),
      [p.r, p.alpha, p.a, p.b],
    );
    const mine = fit.standardErrors!;
    [mine.r, mine.alpha, mine.a, mine.b].forEach((v, i) => expect(Math.abs(v / se[i] - 1)).toBeLessThan(0.01));
  });

  it("fits every row twice and each row once with weight 2 to the same parameters and log-likelihood", () => {
    const column = (k: number) => rows.map((r) => r[k]);
    const doubled = fitBgNbd({
      frequency: [...column(1), ...column(1)],
      recency: [...column(2), ...column(2)],
      T: [...column(3), ...column(3)],
    });
    const weighted = fitBgNbd({ ...summary, weight: rows.map(() => 2) });
    expect(weighted.logLik).toBeCloseTo(doubled.logLik, 6);
    expect(weighted.logLik).toBeCloseTo(2 * fit.logLik, 4);
    expect(weighted.params.r).toBeCloseTo(doubled.params.r, 6);
    expect(weighted.customers).toBe(2 * 2357);
  });
});

const published = {
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 },
  mbgnbd: { r: 0.525, alpha: 6.183, a: 0.891, b: 1.614 },
  paretonbd: { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 },
};

const models = [
  {
    name: "BG/NBD",
    pmf: (n: number, t: number) => probabilityOfPurchases(published.bgnbd, n, t),
    mean: (t: number) => expectedPurchasesNewCustomer(published.bgnbd, t),
    conditional: (n: number, t: number, x: number, tx: number, T: number) =>
      conditionalProbabilityOfPurchases(published.bgnbd, n, t, x, tx, T),
    conditionalMean: (t: number, x: number, tx: number, T: number) => expectedPurchases(published.bgnbd, t, x, tx, T),
    // lambda ~ gamma(r, 1/alpha), p ~ beta(a, b); a drop-out chance after each repeat purchase
    simulate: (rng: ReturnType<typeof createRng>, t: number) => {
      const p = published.bgnbd;
      const lambda = gamma(rng, p.r, 1 / p.alpha),
        drop = beta(rng, p.a, p.b);
      let n = 0;
      for (let time = exponential(rng, lambda); time <= t; time += exponential(rng, lambda)) {
        n++;
        if (rng.next() < drop) break;
      }
      return n;
    },
  },
  {
    name: "MBG/NBD",
    pmf: (n: number, t: number) => mbgProbabilityOfPurchases(published.mbgnbd, n, t),
    mean: (t: number) => mbgExpectedPurchasesNewCustomer(published.mbgnbd, t),
    conditional: (n: number, t: number, x: number, tx: number, T: number) =>
      mbgConditionalProbabilityOfPurchases(published.mbgnbd, n, t, x, tx, T),
    conditionalMean: (t: number, x: number, tx: number, T: number) =>
      mbgExpectedPurchases(published.mbgnbd, t, x, tx, T),
    // as BG/NBD, plus a drop-out chance at the first purchase (time 0)
    simulate: (rng: ReturnType<typeof createRng>, t: number) => {
      const p = published.mbgnbd;
      const lambda = gamma(rng, p.r, 1 / p.alpha),
        drop = beta(rng, p.a, p.b);
      if (rng.next() < drop) return 0;
      let n = 0;
      for (let time = exponential(rng, lambda); time <= t; time += exponential(rng, lambda)) {
        n++;
        if (rng.next() < drop) break;
      }
      return n;
    },
  },
  {
    name: "Pareto/NBD",
    pmf: (n: number, t: number) => paretoProbabilityOfPurchases(published.paretonbd, n, t),
    mean: (t: number) => paretoExpectedPurchasesNewCustomer(published.paretonbd, t),
    conditional: (n: number, t: number, x: number, tx: number, T: number) =>
      paretoConditionalProbabilityOfPurchases(published.paretonbd, n, t, x, tx, T),
    conditionalMean: (t: number, x: number, tx: number, T: number) =>
      paretoExpectedPurchases(published.paretonbd, t, x, tx, T),
    // lambda ~ gamma(r, 1/alpha), mu ~ gamma(s, 1/beta), lifetime ~ exponential(mu)
    simulate: (rng: ReturnType<typeof createRng>, t: number) => {
      const p = published.paretonbd;
      const lambda = gamma(rng, p.r, 1 / p.alpha),
        mu = gamma(rng, p.s, 1 / p.beta);
      const end = Math.min(t, exponential(rng, mu));
      let n = 0;
      for (let time = exponential(rng, lambda); time <= end; time += exponential(rng, lambda)) n++;
      return n;
    },
  },
];

describe.each(models)("P(X(t) = n) under the $name model (CDNOW parameters)", (m) => {
  it("sums to 1 over n and has the expected-purchases formula as its mean, for t = 39 and 78 weeks", () => {
    for (const t of [39, 78]) {
      let total = 0,
        mean = 0;
      for (let n = 0; n <= 300; n++) {
        const p = m.pmf(n, t);
        expect(p).toBeGreaterThanOrEqual(0);
        total += p;
        mean += n * p;
      }
      expect(total).toBeCloseTo(1, 8);
      expect(Math.abs(mean / m.mean(t) - 1)).toBeLessThan(1e-6);
    }
  });

  it("matches the frequencies of 200,000 simulated customers over 39 weeks within 0.004", () => {
    const rng = createRng(7);
    const counts = new Array<number>(4).fill(0);
    const N = 200_000;
    for (let i = 0; i < N; i++) {
      const n = m.simulate(rng, 39);
      if (n < 4) counts[n]++;
    }
    counts.forEach((c, n) => expect(Math.abs(c / N - m.pmf(n, 39))).toBeLessThan(0.004));
  });

  it("conditioned on customer 1's history (x=2, t_x=30.43, T=38.86), sums to 1 with the conditional expectation as mean", () => {
    let total = 0,
      mean = 0;
    for (let n = 0; n <= 300; n++) {
      const p = m.conditional(n, 39, 2, 30.43, 38.86);
      total += p;
      mean += n * p;
    }
    expect(total).toBeCloseTo(1, 8);
    expect(Math.abs(mean / m.conditionalMean(39, 2, 30.43, 38.86) - 1)).toBeLessThan(1e-6);
  });
});

describe("forecast(): one P(alive) per history, the same figures as the single formulas", () => {
  it.each(["bgnbd", "mbgnbd", "paretonbd"] as const)(
    "%s: cumulative purchases and P(no purchase) for every CDNOW history",
    (name) => {
      const model = fitCustomerModel(name, summary);
      for (const [, x, tx, T] of rows.slice(0, 300)) {
        const f = model.forecast(x, tx, T, [13, 39], 39);
        expect(f.alive).toBeCloseTo(model.probabilityAlive(x, tx, T), 12);
        expect(f.cumulative[0]).toBeCloseTo(model.expectedPurchases(13, x, tx, T), 10);
        expect(f.cumulative[1]).toBeCloseTo(model.expectedPurchases(39, x, tx, T), 10);
        expect(f.pNone).toBeCloseTo(model.conditionalProbabilityOfPurchases(0, 39, x, tx, T), 10);
      }
    },
  );
});
