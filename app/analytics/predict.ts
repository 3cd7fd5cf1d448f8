// Per-customer predictions from the customer-base model that fits this shop best and the
// Gamma-Gamma spend model: chance the customer is still "alive" (churn risk = 1 - that), the
// chance they buy again within the horizon, expected purchases in the next days, expected
// order value, and predicted CLV over a horizon with a discount rate.
// All customers are fitted (identical histories merged). The model is chosen on evidence:
// each candidate is fitted on the history up to `holdoutDays` before the end and scored on
// what customers did after (model-selection.ts); the winner is refitted on everything.
import { MODEL_LABELS, MIN_REPEAT_BUYERS, type ModelName } from "./customer-base";
import { AnalyticsError } from "./errors";
import { expectedAverageValue, fitGammaGamma, type GammaGammaFit, type GammaGammaParams } from "./gammagamma";
import {
  bindModel,
  calibrationHoldout,
  distinctHistories,
  fitCustomerModel,
  selectModel,
  type FittedCustomerModel,
  type ModelScore,
} from "./model-selection";
import type { PurchaseHistory, RfmSummary } from "./summary";

export interface PredictionOptions {
  horizonDays?: number; // expected purchases window, default 90
  clvMonths?: number; // predicted CLV horizon, default 12
  monthlyDiscountRate?: number; // default 0.01 (about 12.7% a year)
  /** Days held out to choose the model (default 91, a quarter); 0 skips the selection. */
  holdoutDays?: number;
  /** Use this model without a selection. */
  model?: ModelName;
}

/** The holdout evidence the model was chosen on: "last quarter we predicted N purchases, they made M". */
export interface SelectionEvidence {
  chosen: ModelName;
  holdoutDays: number;
  calibrationCustomers: number;
  scores: Omit<ModelScore, "bins">[];
  /** The chosen model's per-frequency-bin holdout means (the CDNOW holdout chart). */
  bins: ModelScore["bins"];
  failed: { model: ModelName; reason: string }[];
}

export interface Predictions {
  status: "ok";
  model: ModelName;
  customerModel: FittedCustomerModel["fit"];
  gammaGamma: GammaGammaFit;
  fittedOn: number; // customers in the fit: all of them
  /** Why this model: the holdout scores, or null when the history is too short to hold a period out. */
  selection: SelectionEvidence | null;
  selectionSkipped: string | null;
  pAlive: Float64Array;
  /** P(at least one purchase in the next horizonDays | history). */
  pBuyAgain: Float64Array;
  expectedPurchases: Float64Array; // in the next horizonDays
  expectedOrderValueMinor: Float64Array;
  predictedClvMinor: Float64Array;
  /** 95% interval of the average predicted CLV from the parameters' uncertainty (delta method); null without standard errors. */
  averageClvInterval: { lowMinor: number; highMinor: number } | null;
  horizonDays: number;
  clvMonths: number;
}

export type PredictionOutcome = Predictions | { status: "unavailable"; code: string; reason: string };

const MONTH_DAYS = 365.25 / 12;

/** History the model selection splits; PreparedOrders has this shape. */
export type SelectionHistory = PurchaseHistory & { observationEndDay: number };

/** Month ends of the CLV horizon, then the expected-purchases horizon: one forecast per history. */
const horizonsOf = (clvMonths: number, horizonDays: number) => [
  ...Array.from({ length: clvMonths }, (_, i) => (i + 1) * MONTH_DAYS),
  horizonDays,
];

function discountedOf(cumulative: readonly number[], discount: number[]): number {
  let discounted = 0,
    previous = 0;
  for (let i = 0; i < discount.length; i++) {
    discounted += (cumulative[i] - previous) * discount[i];
    previous = cumulative[i];
  }
  return discounted;
}

function discountedPurchases(model: FittedCustomerModel, x: number, tx: number, T: number, discount: number[]): number {
  const f = model.forecast(x, tx, T, horizonsOf(discount.length, 0).slice(0, discount.length));
  return discountedOf(f.cumulative, discount);
}

function chooseModel(
  s: RfmSummary,
  history: SelectionHistory | undefined,
  holdoutDays: number,
): {
  selection: SelectionEvidence | null;
  skipped: string | null;
  chosen: ModelName;
  start?: FittedCustomerModel["fit"];
} {
  if (!history || holdoutDays <= 0) return { selection: null, skipped: "no holdout requested", chosen: "bgnbd" };
  let firstDay = Infinity;
  for (let c = 0; c < history.start.length - 1; c++) firstDay = Math.min(firstDay, history.day[history.start[c]]);
  const span = history.observationEndDay - firstDay;
  if (span < 2 * holdoutDays)
    return {
      selection: null,
      skipped: `${span} days of history: choosing a model needs at least ${2 * holdoutDays} (twice the ${holdoutDays}-day holdout)`,
      chosen: "bgnbd",
    };
  const split = calibrationHoldout(history, {
    calibrationEndDay: history.observationEndDay - holdoutDays,
    endDay: history.observationEndDay,
  });
  const result = selectModel(split);
  if (result.scores.length === 0)
    return {
      selection: null,
      skipped: `no model could be fitted on the calibration period: ${result.failed.map((f) => f.reason).join("; ")}`,
      chosen: "bgnbd",
    };
  const best = result.scores[0];
  return {
    chosen: result.chosen,
    start: result.fits[result.chosen]?.fit,
    skipped: null,
    selection: {
      chosen: result.chosen,
      holdoutDays,
      calibrationCustomers: result.calibrationCustomers,
      scores: result.scores.map(({ bins: _bins, ...rest }) => rest),
      bins: best.bins,
      failed: result.failed,
    },
  };
}

export function predictCustomers(
  s: RfmSummary,
  opts: PredictionOptions = {},
  history?: SelectionHistory,
): PredictionOutcome {
  const { horizonDays = 90, clvMonths = 12, monthlyDiscountRate = 0.01, holdoutDays = 91 } = opts;
  let model: FittedCustomerModel, gammaGamma: GammaGammaFit;
  let choice: ReturnType<typeof chooseModel>;
  try {
    choice = opts.model
      ? { selection: null, skipped: `${MODEL_LABELS[opts.model]} requested`, chosen: opts.model }
      : chooseModel(s, history, holdoutDays);
    // The calibration fit is close to the full-data one: start there, with the curvature there.
    model = fitCustomerModel(choice.chosen, s, { start: choice.start?.params, startNearOptimum: true });
    gammaGamma = fitGammaGamma(s.frequency, s.monetary);
  } catch (e) {
    if (e instanceof AnalyticsError) {
      const reason =
        e.code === "INSUFFICIENT_DATA"
          ? `${e.message}. Predictions need at least ${MIN_REPEAT_BUYERS} customers who ordered more than once (on different days); they appear as the shop's customers come back.`
          : e.message;
      return { status: "unavailable", code: e.code, reason };
    }
    throw e;
  }
  const n = s.customers;
  const pAlive = new Float64Array(n),
    pBuyAgain = new Float64Array(n),
    expected = new Float64Array(n),
    value = new Float64Array(n),
    clv = new Float64Array(n);
  const gg = gammaGamma.params;
  const discount = Array.from({ length: clvMonths }, (_, i) => Math.pow(1 + monthlyDiscountRate, -(i + 1)));
  const horizons = horizonsOf(clvMonths, horizonDays);
  // Customers with the same (x, t_x, T) share their purchase forecasts: every one-time buyer
  // who first ordered on the same day does, so each distinct history is forecast once.
  const histories = distinctHistories(s);
  const k = histories.rows.length;
  const hAlive = new Float64Array(k),
    hAgain = new Float64Array(k),
    hExpected = new Float64Array(k),
    hDiscounted = new Float64Array(k);
  for (let h = 0; h < k; h++) {
    const c = histories.rows[h];
    const forecast = model.forecast(s.frequency[c], s.recency[c], s.T[c], horizons, horizonDays);
    hAlive[h] = forecast.alive;
    hAgain[h] = 1 - forecast.pNone;
    hExpected[h] = forecast.cumulative[clvMonths];
    hDiscounted[h] = discountedOf(forecast.cumulative, discount);
  }
  for (let c = 0; c < n; c++) {
    const h = histories.index[c];
    pAlive[c] = hAlive[h];
    pBuyAgain[c] = hAgain[h];
    expected[c] = hExpected[h];
    value[c] = expectedAverageValue(gg, s.frequency[c], s.monetary[c]);
    clv[c] = hDiscounted[h] * value[c];
  }
  let total = 0;
  for (let c = 0; c < n; c++) total += clv[c];
  return {
    status: "ok",
    model: choice.chosen,
    customerModel: model.fit,
    gammaGamma,
    fittedOn: model.fit.customers,
    selection: choice.selection,
    selectionSkipped: choice.skipped,
    pAlive,
    pBuyAgain,
    expectedPurchases: expected,
    expectedOrderValueMinor: value,
    predictedClvMinor: clv,
    averageClvInterval: n ? averageClvInterval(s, model, gammaGamma, discount, total / n) : null,
    horizonDays,
    clvMonths,
  };
}

/**
 * 95% interval of the average predicted CLV from the uncertainty of the fitted parameters:
 * the delta method (gradient of the average by central differences in the log-parameters,
 * with both fits' covariances) on an evenly spread sample of at most 400 customers, whose
 * relative standard error is applied to the full average. Purchase-to-purchase randomness
 * is not in it: it is about how well the shop's parameters are known.
 */
export function averageClvInterval(
  s: RfmSummary,
  model: FittedCustomerModel,
  gammaGamma: GammaGammaFit,
  discount: number[],
  average: number,
): { lowMinor: number; highMinor: number } | null {
  const covM = model.fit.logCovariance,
    covG = gammaGamma.logCovariance;
  if (!covM || !covG || !(average > 0)) return null;
  const size = Math.min(400, s.customers);
  const step = s.customers / size;
  const sample = Array.from({ length: size }, (_, i) => Math.floor(i * step));
  const names = Object.keys(model.fit.params) as (keyof typeof model.fit.params)[];
  const base = names.map((k) => Math.log(model.fit.params[k]));
  const ggBase = [gammaGamma.params.p, gammaGamma.params.q, gammaGamma.params.gamma].map(Math.log);
  const mean = (logs: number[], ggLogs: number[]) => {
    const params = Object.fromEntries(
      names.map((k, i) => [k, Math.exp(logs[i])]),
    ) as unknown as typeof model.fit.params;
    const bound = bindModel({ ...model.fit, params });
    const [p, q, gamma] = ggLogs.map(Math.exp);
    const gg: GammaGammaParams = { p, q, gamma };
    let sum = 0;
    for (const c of sample)
      sum +=
        discountedPurchases(bound, s.frequency[c], s.recency[c], s.T[c], discount) *
        expectedAverageValue(gg, s.frequency[c], s.monetary[c]);
    return sum / size;
  };
  const center = mean(base, ggBase);
  if (!(center > 0)) return null;
  const h = 1e-4;
  const shifted = (i: number, d: number) =>
    i < base.length
      ? mean(
          base.map((v, k) => (k === i ? v + d : v)),
          ggBase,
        )
      : mean(
          base,
          ggBase.map((v, k) => (k === i - base.length ? v + d : v)),
        );
  const gradient = Array.from({ length: base.length + 3 }, (_, i) => (shifted(i, h) - shifted(i, -h)) / (2 * h));
  let variance = 0;
  for (let i = 0; i < base.length; i++)
    for (let j = 0; j < base.length; j++) variance += gradient[i] * covM[i][j] * gradient[j];
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 3; j++) variance += gradient[base.length + i] * covG[i][j] * gradient[base.length + j];
  const relative = Math.sqrt(variance) / center;
  if (!Number.isFinite(relative)) return null;
  // On the log scale, so the interval stays positive.
  return { lowMinor: average * Math.exp(-1.96 * relative), highMinor: average * Math.exp(1.96 * relative) };
}
