// Which customer-base model describes this shop: fit BG/NBD, MBG/NBD and Pareto/NBD on a
// calibration period, predict each customer's repeat purchases in the holdout period that
// follows, compare with what they did (per customer, and per calibration-frequency bin as
// in Fader, Hardie & Lee's CDNOW holdout chart), and use the model with the smallest
// per-customer error. The evidence is kept for the merchant: "we predicted N, they made M".
import {
  conditionalProbabilityOfPurchases,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  probabilityAlive,
  probabilityOfPurchases,
  type BgNbdParams,
} from "./bgnbd";
import { type CustomerSummary, type FitOptions, type ModelFit, type ModelName } from "./customer-base";
import { AnalyticsError } from "./errors";
import {
  fitMbgNbd,
  mbgConditionalProbabilityOfPurchases,
  mbgExpectedPurchases,
  mbgProbabilityAlive,
  mbgProbabilityOfPurchases,
} from "./mbgnbd";
import {
  fitParetoNbd,
  paretoConditionalProbabilityOfPurchases,
  paretoExpectedPurchases,
  paretoExpectedPurchasesIfAlive,
  paretoLogFMemo,
  paretoProbabilityAlive,
  paretoProbabilityOfPurchases,
  type ParetoNbdParams,
} from "./paretonbd";
import type { PurchaseHistory } from "./summary";

export type CustomerModelParams = BgNbdParams | ParetoNbdParams;

/** A fitted model with its predictions bound to the fitted parameters. */
export interface FittedCustomerModel {
  fit: ModelFit<CustomerModelParams>;
  probabilityAlive(x: number, tx: number, T: number): number;
  expectedPurchases(t: number, x: number, tx: number, T: number): number;
  /** P(X(t) = n) for a new customer. */
  probabilityOfPurchases(n: number, t: number): number;
  /** P(n purchases in the next t | x, t_x, T). */
  conditionalProbabilityOfPurchases(n: number, t: number, x: number, tx: number, T: number): number;
  /**
   * Everything the predictions need for one history with P(alive) computed once: expected
   * cumulative purchases at each horizon, and P(no purchase within `noneWithin`) (NaN when not
   * asked for: for Pareto/NBD it costs two hypergeometric series per history).
   */
  forecast(x: number, tx: number, T: number, horizons: readonly number[], noneWithin?: number): Forecast;
}

export interface Forecast {
  alive: number;
  cumulative: number[];
  pNone: number;
}

export const CUSTOMER_MODELS: readonly ModelName[] = ["bgnbd", "mbgnbd", "paretonbd"];

/** An alive customer's future: expected purchases at each horizon, and P(none within `noneWithin`). */
interface FutureIfAlive {
  cumulative: number[];
  none: number;
}

/**
 * Alive at T, a customer's future depends on x and T only, not on t_x: kept per (x, T) for the
 * horizons last asked for (distinct (x, T) pairs are several times fewer than histories).
 */
function perXAndT(
  compute: (x: number, T: number, horizons: readonly number[], noneWithin?: number) => FutureIfAlive,
): (x: number, T: number, horizons: readonly number[], noneWithin?: number) => FutureIfAlive {
  let memo = new Map<number, Map<number, FutureIfAlive>>();
  let forHorizons: readonly number[] | null = null,
    forNone: number | undefined;
  return (x, T, horizons, noneWithin) => {
    if (horizons !== forHorizons || noneWithin !== forNone) {
      memo = new Map();
      forHorizons = horizons;
      forNone = noneWithin;
    }
    let byT = memo.get(x);
    if (!byT) memo.set(x, (byT = new Map()));
    let f = byT.get(T);
    if (!f) byT.set(T, (f = compute(x, T, horizons, noneWithin)));
    return f;
  };
}

/** Binds a model's formulas to parameters (fitted, or perturbed for an uncertainty interval). */
export function bindModel(fit: ModelFit<CustomerModelParams>): FittedCustomerModel {
  if (fit.model === "paretonbd") {
    const p = fit.params as ParetoNbdParams;
    const logF = paretoLogFMemo(p);
    const futureOf = perXAndT((x, T, horizons, noneWithin) => {
      const future = { r: p.r + x, alpha: p.alpha + T, s: p.s, beta: p.beta + T };
      return {
        cumulative: horizons.map((t) => paretoExpectedPurchasesIfAlive(p, t, x, T)),
        none: noneWithin === undefined ? NaN : paretoProbabilityOfPurchases(future, 0, noneWithin),
      };
    });
    return {
      fit,
      forecast: (x, tx, T, horizons, noneWithin) => {
        const alive = paretoProbabilityAlive(p, x, tx, T, logF);
        const future = futureOf(x, T, horizons, noneWithin);
        return {
          alive,
          cumulative: future.cumulative.map((v) => alive * v),
          pNone: noneWithin === undefined ? NaN : alive * future.none + 1 - alive,
        };
      },
      probabilityAlive: (x, tx, T) => paretoProbabilityAlive(p, x, tx, T, logF),
      expectedPurchases: (t, x, tx, T) => paretoExpectedPurchases(p, t, x, tx, T),
      probabilityOfPurchases: (n, t) => paretoProbabilityOfPurchases(p, n, t),
      conditionalProbabilityOfPurchases: (n, t, x, tx, T) => paretoConditionalProbabilityOfPurchases(p, n, t, x, tx, T),
    };
  }
  const p = fit.params as BgNbdParams;
  // Alive at T, a BG/NBD or MBG/NBD customer's future is a BG/NBD with updated parameters.
  const betaForecast = (alive: (x: number, tx: number, T: number) => number, extra: number) => {
    const futureOf = perXAndT((x, T, horizons, noneWithin) => {
      const future = { r: p.r + x, alpha: p.alpha + T, a: p.a, b: p.b + x + extra };
      return {
        cumulative: horizons.map((t) => (t > 0 ? expectedPurchasesNewCustomer(future, t) : 0)),
        none:
          noneWithin === undefined
            ? NaN
            : Math.exp(future.r * (Math.log(future.alpha) - Math.log(future.alpha + noneWithin))),
      };
    });
    return (x: number, tx: number, T: number, horizons: readonly number[], noneWithin?: number): Forecast => {
      const a = alive(x, tx, T);
      const future = futureOf(x, T, horizons, noneWithin);
      return {
        alive: a,
        cumulative: future.cumulative.map((v, i) => (horizons[i] > 0 ? a * v : 0)),
        pNone: a * future.none + 1 - a,
      };
    };
  };
  if (fit.model === "mbgnbd")
    return {
      fit,
      forecast: betaForecast((x, tx, T) => mbgProbabilityAlive(p, x, tx, T), 1),
      probabilityAlive: (x, tx, T) => mbgProbabilityAlive(p, x, tx, T),
      expectedPurchases: (t, x, tx, T) => mbgExpectedPurchases(p, t, x, tx, T),
      probabilityOfPurchases: (n, t) => mbgProbabilityOfPurchases(p, n, t),
      conditionalProbabilityOfPurchases: (n, t, x, tx, T) => mbgConditionalProbabilityOfPurchases(p, n, t, x, tx, T),
    };
  return {
    fit,
    forecast: betaForecast((x, tx, T) => probabilityAlive(p, x, tx, T), 0),
    probabilityAlive: (x, tx, T) => probabilityAlive(p, x, tx, T),
    expectedPurchases: (t, x, tx, T) => expectedPurchases(p, t, x, tx, T),
    probabilityOfPurchases: (n, t) => probabilityOfPurchases(p, n, t),
    conditionalProbabilityOfPurchases: (n, t, x, tx, T) => conditionalProbabilityOfPurchases(p, n, t, x, tx, T),
  };
}

export function fitCustomerModel(
  model: ModelName,
  s: CustomerSummary,
  opts: FitOptions<CustomerModelParams> = {},
): FittedCustomerModel {
  const fit =
    model === "paretonbd"
      ? fitParetoNbd(s, opts as FitOptions<ParetoNbdParams>)
      : model === "mbgnbd"
        ? fitMbgNbd(s, opts as FitOptions<BgNbdParams>)
        : fitBgNbd(s, opts as FitOptions<BgNbdParams>);
  return bindModel(fit as ModelFit<CustomerModelParams>);
}

/** Calibration summary (customers who had bought by the calibration end) and each one's holdout repeat purchases. */
export interface CalibrationHoldout {
  calibration: { frequency: Float64Array; recency: Float64Array; T: Float64Array };
  /** Purchase days in the holdout period, per calibration customer. */
  holdoutPurchases: Float64Array;
  holdoutLength: number;
}

/**
 * Splits purchase histories at `calibrationEndDay`: frequency, recency, T as of that day
 * (same-day purchases merged, as rfmSummary does), and the distinct purchase days after it up
 * to `endDay`. Times in `per`-day units (7 for weeks).
 */
export function calibrationHoldout(
  p: PurchaseHistory,
  opts: { calibrationEndDay: number; endDay: number; per?: number },
): CalibrationHoldout {
  const per = opts.per ?? 1;
  const customers = p.start.length - 1;
  const frequency: number[] = [],
    recency: number[] = [],
    T: number[] = [],
    holdout: number[] = [];
  for (let c = 0; c < customers; c++) {
    const from = p.start[c],
      to = p.start[c + 1];
    const first = p.day[from];
    if (first > opts.calibrationEndDay) continue;
    let x = 0,
      last = first,
      later = 0,
      previous = first;
    for (let i = from + 1; i < to; i++) {
      const d = p.day[i];
      if (d === previous || d > opts.endDay) continue;
      previous = d;
      if (d <= opts.calibrationEndDay) {
        x++;
        last = d;
      } else later++;
    }
    frequency.push(x);
    recency.push((last - first) / per);
    T.push((opts.calibrationEndDay - first) / per);
    holdout.push(later);
  }
  return {
    calibration: {
      frequency: Float64Array.from(frequency),
      recency: Float64Array.from(recency),
      T: Float64Array.from(T),
    },
    holdoutPurchases: Float64Array.from(holdout),
    holdoutLength: (opts.endDay - opts.calibrationEndDay) / per,
  };
}

export interface FrequencyBin {
  /** Calibration repeat purchases: 0, 1, ... and the last bin "this many or more". */
  frequency: number;
  orMore: boolean;
  customers: number;
  actualMean: number;
  predictedMean: number;
}

export interface ModelScore {
  model: ModelName;
  /** Root mean squared error of the per-customer holdout purchase predictions. */
  rmse: number;
  /** Mean absolute error per customer. */
  mae: number;
  /** Customer-weighted mean absolute gap between predicted and actual bin means. */
  binError: number;
  predictedTotal: number;
  actualTotal: number;
  bins: FrequencyBin[];
  logLik: number;
}

export interface ModelSelection {
  chosen: ModelName;
  /** Scores of the models that could be fitted, best first. */
  scores: ModelScore[];
  /** Models that could not be fitted on the calibration period, with the reason. */
  failed: { model: ModelName; reason: string }[];
  holdoutLength: number;
  calibrationCustomers: number;
  fits: Partial<Record<ModelName, FittedCustomerModel>>;
}

const LAST_BIN = 7;

/** Each calibration customer's distinct (x, t_x, T) history, so a model forecasts each history once. */
const historiesOf = new WeakMap<CalibrationHoldout, { index: Int32Array; rows: number[] }>();
function histories(split: CalibrationHoldout) {
  let h = historiesOf.get(split);
  if (!h) {
    historiesOf.set(split, (h = distinctHistories(split.calibration)));
  }
  return h;
}

/**
 * Each customer's distinct (x, t_x, T) history: `rows` lists one customer per history, `index`
 * maps every customer to it. Keyed by integers (x and the positions of t_x and T among their
 * distinct values), not strings: a million-customer shop would build a million key strings.
 */
export function distinctHistories(s: {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
}): { index: Int32Array; rows: number[] } {
  const n = s.frequency.length;
  const valueIndex = (values: ArrayLike<number>) => {
    const at = new Map<number, number>();
    const index = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let k = at.get(values[i]);
      if (k === undefined) at.set(values[i], (k = at.size));
      index[i] = k;
    }
    return { index, distinct: at.size };
  };
  const tx = valueIndex(s.recency),
    T = valueIndex(s.T),
    x = valueIndex(s.frequency);
  const at = new Map<number, number>();
  const index = new Int32Array(n);
  const rows: number[] = [];
  for (let i = 0; i < n; i++) {
    const key = (x.index[i] * tx.distinct + tx.index[i]) * T.distinct + T.index[i];
    let k = at.get(key);
    if (k === undefined) {
      at.set(key, (k = rows.length));
      rows.push(i);
    }
    index[i] = k;
  }
  return { index, rows };
}

/** Holdout predictions of one fitted model, scored against what the customers did. */
export function scoreModel(model: FittedCustomerModel, split: CalibrationHoldout): ModelScore {
  const { frequency: xs, recency, T } = split.calibration;
  const n = xs.length;
  const h = histories(split);
  const horizon = [split.holdoutLength];
  const forecasts = Float64Array.from(h.rows, (i) => model.forecast(xs[i], recency[i], T[i], horizon).cumulative[0]);
  const sums = Array.from({ length: LAST_BIN + 1 }, () => ({ customers: 0, actual: 0, predicted: 0 }));
  let se = 0,
    ae = 0,
    predictedTotal = 0,
    actualTotal = 0;
  for (let i = 0; i < n; i++) {
    const predicted = forecasts[h.index[i]];
    const actual = split.holdoutPurchases[i];
    se += (predicted - actual) ** 2;
    ae += Math.abs(predicted - actual);
    predictedTotal += predicted;
    actualTotal += actual;
    const bin = sums[Math.min(xs[i], LAST_BIN)];
    bin.customers++;
    bin.actual += actual;
    bin.predicted += predicted;
  }
  const bins = sums.map((b, frequency) => ({
    frequency,
    orMore: frequency === LAST_BIN,
    customers: b.customers,
    actualMean: b.customers ? b.actual / b.customers : 0,
    predictedMean: b.customers ? b.predicted / b.customers : 0,
  }));
  const binError =
    bins.reduce((s, b) => s + b.customers * Math.abs(b.predictedMean - b.actualMean), 0) / Math.max(n, 1);
  return {
    model: model.fit.model,
    rmse: Math.sqrt(se / Math.max(n, 1)),
    mae: ae / Math.max(n, 1),
    binError,
    predictedTotal,
    actualTotal,
    bins,
    logLik: model.fit.logLik,
  };
}

/** Fits every model on the calibration period and ranks them by per-customer holdout RMSE. */
export function selectModel(split: CalibrationHoldout, models: readonly ModelName[] = CUSTOMER_MODELS): ModelSelection {
  const scores: ModelScore[] = [];
  const failed: ModelSelection["failed"] = [];
  const fits: ModelSelection["fits"] = {};
  // BG/NBD first: its r and alpha (the purchase-rate part) start the MBG/NBD and the Pareto/NBD,
  // whose drop-out rate starts at BG/NBD's (drop-out chance per purchase times purchase rate).
  let rate: { r: number; alpha: number; dropRate: number } | null = null;
  for (const name of models) {
    try {
      const start: CustomerModelParams | undefined = !rate
        ? undefined
        : name === "mbgnbd"
          ? { r: rate.r, alpha: rate.alpha, a: 1, b: 1 }
          : name === "paretonbd"
            ? { r: rate.r, alpha: rate.alpha, s: 1, beta: 1 / rate.dropRate }
            : undefined;
      // Holdout predictions need a few digits, not the last ones: a looser stop saves iterations.
      const fitted = fitCustomerModel(name, split.calibration, {
        start,
        standardErrors: false,
        gradientTolerance: 1e-6,
      });
      if (name === "bgnbd") {
        const { r, alpha, a, b } = fitted.fit.params as BgNbdParams;
        rate = { r, alpha, dropRate: (a / (a + b)) * (r / alpha) };
      }
      fits[name] = fitted;
      scores.push(scoreModel(fitted, split));
    } catch (e) {
      if (!(e instanceof AnalyticsError)) throw e;
      failed.push({ model: name, reason: e.message });
    }
  }
  // Equal errors (to 1e-6, as when every model reaches its no-drop-out limit): the simpler model, in CUSTOMER_MODELS order.
  const order = (m: ModelName) => CUSTOMER_MODELS.indexOf(m);
  scores.sort((a, b) =>
    Math.abs(a.rmse - b.rmse) <= 1e-6 * Math.max(a.rmse, b.rmse) ? order(a.model) - order(b.model) : a.rmse - b.rmse,
  );
  return {
    chosen: scores[0]?.model ?? "bgnbd",
    scores,
    failed,
    holdoutLength: split.holdoutLength,
    calibrationCustomers: split.calibration.frequency.length,
    fits,
  };
}
