// Per-customer predictions from the fitted BG/NBD and Gamma-Gamma models: chance the
// customer is still "alive" (churn risk = 1 - that), expected purchases in the next days,
// expected order value, and predicted CLV over a horizon with a discount rate.
// Large shops fit on a deterministic sample of customers (every k-th), which estimates the
// same parameters at a fraction of the time; predictions are made for every customer.
import { AnalyticsError } from "./errors";
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdFit } from "./bgnbd";
import { expectedAverageValue, fitGammaGamma, type GammaGammaFit } from "./gammagamma";
import type { RfmSummary } from "./summary";

export interface PredictionOptions {
  horizonDays?: number; // expected purchases window, default 90
  clvMonths?: number; // predicted CLV horizon, default 12
  monthlyDiscountRate?: number; // default 0.01 (about 12.7% a year)
  maxFitCustomers?: number; // sample size for the fits, default 30,000
}

export interface Predictions {
  status: "ok";
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  fittedOn: number; // customers in the fit sample
  pAlive: Float64Array;
  expectedPurchases: Float64Array; // in the next horizonDays
  expectedOrderValueMinor: Float64Array;
  predictedClvMinor: Float64Array;
  horizonDays: number;
  clvMonths: number;
}

export type PredictionOutcome = Predictions | { status: "unavailable"; code: string; reason: string };

function sample(s: RfmSummary, max: number): RfmSummary {
  if (s.customers <= max) return s;
  const step = s.customers / max;
  const pick = (a: Float64Array) => Float64Array.from({ length: max }, (_, i) => a[Math.floor(i * step)]);
  return {
    frequency: pick(s.frequency),
    recency: pick(s.recency),
    T: pick(s.T),
    monetary: pick(s.monetary),
    customers: max,
  };
}

const MONTH_DAYS = 365.25 / 12;

export function predictCustomers(s: RfmSummary, opts: PredictionOptions = {}): PredictionOutcome {
  const { horizonDays = 90, clvMonths = 12, monthlyDiscountRate = 0.01, maxFitCustomers = 30_000 } = opts;
  let bgnbd: BgNbdFit, gammaGamma: GammaGammaFit;
  const fitSet = sample(s, maxFitCustomers);
  try {
    bgnbd = fitBgNbd(fitSet);
    gammaGamma = fitGammaGamma(fitSet.frequency, fitSet.monetary);
  } catch (e) {
    if (e instanceof AnalyticsError) return { status: "unavailable", code: e.code, reason: e.message };
    throw e;
  }
  const n = s.customers;
  const pAlive = new Float64Array(n),
    expected = new Float64Array(n),
    value = new Float64Array(n),
    clv = new Float64Array(n);
  const bg = bgnbd.params,
    gg = gammaGamma.params;
  const discount = Array.from({ length: clvMonths }, (_, i) => Math.pow(1 + monthlyDiscountRate, -(i + 1)));
  // Customers with the same (x, t_x, T) share their purchase forecasts: every one-time buyer
  // who first ordered on the same day does, so a cache halves the hypergeometric evaluations.
  const byHistory = new Map<string, { alive: number; expected: number; discounted: number }>();
  for (let c = 0; c < n; c++) {
    const x = s.frequency[c],
      tx = s.recency[c],
      T = s.T[c];
    const key = `${x},${tx},${T}`;
    let f = byHistory.get(key);
    if (!f) {
      let discounted = 0,
        previous = 0;
      for (let i = 0; i < clvMonths; i++) {
        const cumulative = expectedPurchases(bg, (i + 1) * MONTH_DAYS, x, tx, T);
        discounted += (cumulative - previous) * discount[i];
        previous = cumulative;
      }
      f = { alive: probabilityAlive(bg, x, tx, T), expected: expectedPurchases(bg, horizonDays, x, tx, T), discounted };
      byHistory.set(key, f);
    }
    pAlive[c] = f.alive;
    expected[c] = f.expected;
    value[c] = expectedAverageValue(gg, x, s.monetary[c]);
    clv[c] = f.discounted * value[c];
  }
  return {
    status: "ok",
    bgnbd,
    gammaGamma,
    fittedOn: fitSet.customers,
    pAlive,
    expectedPurchases: expected,
    expectedOrderValueMinor: value,
    predictedClvMinor: clv,
    horizonDays,
    clvMonths,
  };
}
