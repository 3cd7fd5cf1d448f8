// What the three customer-base models (BG/NBD, MBG/NBD, Pareto/NBD) share: the input
// checks, the fit data (identical (x, t_x, T) histories merged into one weighted row, time
// scaled so max T = 1, each distinct T and t_x listed once so a likelihood pass takes its
// logarithms per distinct value), maximum likelihood by BFGS on log-parameters, and
// standard errors from the observed information.
import { ConvergenceError, InsufficientDataError, InvalidInputError } from "./errors";
import { bfgs, hessianFromGradient, invertSpd, type ValueAndGradient } from "./optimize";

export interface CustomerSummary {
  frequency: ArrayLike<number>; // x: repeat purchases (integers)
  recency: ArrayLike<number>; // t_x, in the summary's time unit
  T: ArrayLike<number>; // customer age, same unit
  /** How many customers each row stands for (default 1): identical histories are fitted once. */
  weight?: ArrayLike<number>;
}

export type ModelName = "bgnbd" | "mbgnbd" | "paretonbd";

export const MODEL_LABELS: Record<ModelName, string> = {
  bgnbd: "BG/NBD",
  mbgnbd: "MBG/NBD",
  paretonbd: "Pareto/NBD",
};

/** The fewest repeat buyers a fit is attempted with. */
export const MIN_REPEAT_BUYERS = 10;

export interface ModelFit<P> {
  model: ModelName;
  params: P;
  /** Standard errors from the inverse observed information (delta method from log-parameters); null when the information matrix is singular. */
  standardErrors: P | null;
  /**
   * Covariance of the log-parameters (in the order of `params`), for intervals of derived
   * figures; a parameter at a boundary of the likelihood gets zero variance (see boundaryCovariance).
   */
  logCovariance: number[][] | null;
  logLik: number;
  iterations: number;
  converged: boolean;
  /** Customers (weighted rows) the fit used: all of them. */
  customers: number;
}

/** The rows a likelihood pass reads, with time scaled so the oldest customer's T is 1. */
export interface FitData {
  rows: number;
  x: Int32Array;
  w: Float64Array;
  /** Index of each row's T in `tValues` and t_x in `txValues`: logs are taken once per distinct value. */
  tIndex: Int32Array;
  txIndex: Int32Array;
  tValues: Float64Array;
  txValues: Float64Array;
  maxX: number;
  scale: number;
  customers: number;
  /** Sum of weight * x: rescaling time shifts the log-likelihood by -log(scale) per repeat purchase. */
  weightedX: number;
}

export function checkSummary(s: CustomerSummary, model: string): void {
  const n = s.frequency.length;
  if (s.recency.length !== n || s.T.length !== n)
    throw new InvalidInputError("frequency, recency and T must have the same length");
  let repeaters = 0;
  for (let i = 0; i < n; i++) {
    const x = s.frequency[i],
      tx = s.recency[i],
      T = s.T[i];
    if (!Number.isInteger(x) || x < 0)
      throw new InvalidInputError(`customer ${i}: frequency must be a whole number >= 0, got ${x}`);
    if (!(tx >= 0 && T >= tx))
      throw new InvalidInputError(`customer ${i}: need 0 <= recency <= T, got recency ${tx}, T ${T}`);
    if (x === 0 && tx !== 0) throw new InvalidInputError(`customer ${i}: recency must be 0 without repeat purchases`);
    if (x > 0 && (!s.weight || s.weight[i] > 0)) repeaters++;
  }
  if (repeaters < MIN_REPEAT_BUYERS) {
    throw new InsufficientDataError(
      `a ${model} fit needs at least ${MIN_REPEAT_BUYERS} repeat buyers, found ${repeaters}`,
    );
  }
}

function indexOfValues(values: Float64Array): { index: Int32Array; distinct: Float64Array } {
  const at = new Map<number, number>();
  const index = new Int32Array(values.length);
  const distinct: number[] = [];
  for (let i = 0; i < values.length; i++) {
    let k = at.get(values[i]);
    if (k === undefined) {
      k = distinct.length;
      at.set(values[i], k);
      distinct.push(values[i]);
    }
    index[i] = k;
  }
  return { index, distinct: Float64Array.from(distinct) };
}

/** Merges identical histories and scales time; the input is checked first. */
export function fitData(s: CustomerSummary): FitData {
  const n = s.frequency.length;
  let maxT = 0;
  for (let i = 0; i < n; i++) if (s.T[i] > maxT) maxT = s.T[i];
  const scale = maxT > 0 ? maxT : 1;
  // T and t_x values are few (days or weeks since the first order): index them, then merge
  // rows on the integer triple (x, index of t_x, index of T).
  const tAll = indexOfValues(Float64Array.from(s.T as ArrayLike<number>));
  const txAll = indexOfValues(Float64Array.from(s.recency as ArrayLike<number>));
  const nT = tAll.distinct.length,
    nTx = txAll.distinct.length;
  const row = new Map<number, number>();
  const x: number[] = [],
    w: number[] = [],
    tIndex: number[] = [],
    txIndex: number[] = [];
  let maxX = 0,
    customers = 0,
    weightedX = 0;
  for (let i = 0; i < n; i++) {
    const weight = s.weight ? s.weight[i] : 1;
    if (weight === 0) continue;
    const xi = s.frequency[i];
    const key = (xi * nTx + txAll.index[i]) * nT + tAll.index[i];
    const at = row.get(key);
    if (at !== undefined) w[at] += weight;
    else {
      row.set(key, x.length);
      x.push(xi);
      w.push(weight);
      tIndex.push(tAll.index[i]);
      txIndex.push(txAll.index[i]);
    }
    if (xi > maxX) maxX = xi;
    customers += weight;
    weightedX += weight * xi;
  }
  return {
    rows: x.length,
    x: Int32Array.from(x),
    w: Float64Array.from(w),
    tIndex: Int32Array.from(tIndex),
    txIndex: Int32Array.from(txIndex),
    tValues: tAll.distinct.map((v) => v / scale),
    txValues: txAll.distinct.map((v) => v / scale),
    maxX,
    scale,
    customers,
    weightedX,
  };
}

/** Options of a fit: where to start (e.g. from a related fit) and whether to compute standard errors. */
export interface FitOptions<P> {
  start?: P;
  /** Default true; model selection's calibration fits skip them. */
  standardErrors?: boolean;
  /** Stop when every gradient component is below this times |log-likelihood| (default 1e-8). */
  gradientTolerance?: number;
  /**
   * `start` is near the optimum (the same model fitted on most of the same history): the
   * curvature there is measured (a numeric Hessian, 2 gradients per parameter) and the first
   * step is a Newton step, instead of BFGS learning the curvature over a dozen steps.
   */
  startNearOptimum?: boolean;
}

/** What a model brings to the shared fit: its parameters and its likelihood; the rest is here. */
export interface LikelihoodSpec<P> {
  model: ModelName;
  names: readonly (keyof P & string)[];
  /**
   * The negative log-likelihood and its gradient in log-parameters on these (scaled) data;
   * called once per data set, so a model can index the data first (Pareto/NBD's distinct pairs).
   */
  likelihood: (data: FitData) => ValueAndGradient;
  /** Which parameters carry the time unit (they scale with it: alpha, beta). */
  timeScaled: readonly (keyof P & string)[];
  start?: number[];
  /**
   * Optional change of the optimiser's coordinates (a bounded region): maps its vector to
   * log-parameters, and the log-parameter gradient back. Standard errors are always taken in
   * log-parameters.
   */
  coordinates?: {
    toLog: (v: number[]) => number[];
    fromLog?: (logs: number[]) => number[];
    gradientFromLog: (v: number[], g: number[]) => number[];
  };
}

/** log of each parameter in the fit's time unit (max T = 1), in the order of `names`. */
function logParams<P>(spec: LikelihoodSpec<P>, p: P, scale: number): number[] {
  return spec.names.map((name) =>
    Math.log((p as Record<string, number>)[name] / (spec.timeScaled.includes(name) ? scale : 1)),
  );
}

/** The log-likelihood of a whole summary at parameters `p` (in the summary's own time unit). */
export function summaryLogLik<P>(spec: LikelihoodSpec<P>, p: P, s: CustomerSummary): number {
  const d = fitData(s);
  return -spec.likelihood(d)(logParams(spec, p, d.scale)).value - d.weightedX * Math.log(d.scale);
}

/** Checks the summary, merges and scales it, and fits the model on every customer. */
export function fitSummary<P>(spec: LikelihoodSpec<P>, s: CustomerSummary, opts: FitOptions<P> = {}): ModelFit<P> {
  checkSummary(s, MODEL_LABELS[spec.model]);
  return fitModel(spec, fitData(s), opts);
}

/** A model's two entry points, bound to its spec: fit a summary, and the log-likelihood of one at given parameters. */
export function modelFunctions<P>(spec: LikelihoodSpec<P>) {
  return {
    fit: (s: CustomerSummary, opts: FitOptions<P> = {}): ModelFit<P> => fitSummary(spec, s, opts),
    logLik: (p: P, s: CustomerSummary): number => summaryLogLik(spec, p, s),
  };
}

/** Maximum likelihood on all rows, then standard errors from the Hessian at the optimum. */
export function fitModel<P>(spec: LikelihoodSpec<P>, data: FitData, opts: FitOptions<P> = {}): ModelFit<P> {
  const fg: ValueAndGradient = spec.likelihood(data);
  const coords = spec.coordinates;
  if (opts.start) {
    // A start outside the parameter space (0, a non-number) begins that parameter at 1 instead.
    const logs = logParams(spec, opts.start, data.scale).map((v) => (Number.isFinite(v) ? v : 0));
    spec = { ...spec, start: coords?.fromLog ? coords.fromLog(logs) : logs };
  }
  const optimiserFg: ValueAndGradient = coords
    ? (v) => {
        const r = fg(coords.toLog(v));
        return { value: r.value, gradient: coords.gradientFromLog(v, r.gradient) };
      }
    : fg;
  const from = spec.start ?? spec.names.map(() => 0);
  const initialInverseHessian =
    opts.start && opts.startNearOptimum ? startingInverseHessian(optimiserFg, from) : undefined;
  const optimised = bfgs(optimiserFg, from, { gradientTolerance: opts.gradientTolerance, initialInverseHessian });
  const result = coords ? { ...optimised, x: coords.toLog(optimised.x) } : optimised;
  const label = MODEL_LABELS[spec.model];
  if (!Number.isFinite(result.value) || !result.x.every((v) => Number.isFinite(v) && Math.abs(v) < 700))
    throw new ConvergenceError(`the ${label} likelihood did not reach a finite maximum`);
  const toParams = (logs: number[]) => {
    const p = {} as Record<string, number>;
    spec.names.forEach((name, i) => {
      p[name] = Math.exp(logs[i]) * (spec.timeScaled.includes(name) ? data.scale : 1);
    });
    return p as P;
  };
  const params = toParams(result.x);
  if (!Object.values(params as Record<string, number>).every((v) => Number.isFinite(v) && v > 0))
    throw new ConvergenceError(`the ${label} likelihood did not reach a finite maximum`);
  // Observed information in log-parameters (invariant to the time scale: it only shifts log alpha).
  let covariance: number[][] | null = null;
  let logCovariance: number[][] | null = null;
  if (opts.standardErrors !== false) {
    const hessian = hessianFromGradient((v) => fg(v).gradient, result.x);
    covariance = invertSpd(hessian);
    logCovariance = covariance ?? boundaryCovariance(hessian);
  }
  let standardErrors: P | null = null;
  if (covariance) {
    const se = {} as Record<string, number>;
    spec.names.forEach((name, i) => {
      se[name] = (params as Record<string, number>)[name] * Math.sqrt(covariance[i][i]);
    });
    standardErrors = se as P;
  }
  return {
    model: spec.model,
    params,
    standardErrors,
    logCovariance,
    logLik: -result.value - data.weightedX * Math.log(data.scale),
    iterations: result.iterations,
    converged: result.converged,
    customers: data.customers,
  };
}

/** The inverse of the numeric Hessian at `x`, when it is finite and positive definite. */
function startingInverseHessian(fg: ValueAndGradient, x: number[]): number[][] | undefined {
  const hessian = hessianFromGradient((v) => fg(v).gradient, x);
  if (!hessian.every((row) => row.every(Number.isFinite))) return undefined;
  return invertSpd(hessian) ?? undefined;
}

/**
 * When the information matrix is singular, a parameter sits at a boundary of the likelihood
 * (e.g. the drop-out a -> 0 on a shop where nobody is seen to leave) and has no standard
 * error. The others still do: drop the least-informed parameter until the rest inverts, and
 * give the dropped ones zero variance (held at their estimate) for intervals of derived figures.
 */
function boundaryCovariance(hessian: number[][]): number[][] | null {
  const n = hessian.length;
  const kept = Array.from({ length: n }, (_, i) => i);
  while (kept.length > 1) {
    // Least information relative to its scale: the smallest diagonal entry.
    let worst = 0;
    for (let k = 1; k < kept.length; k++) if (hessian[kept[k]][kept[k]] < hessian[kept[worst]][kept[worst]]) worst = k;
    kept.splice(worst, 1);
    const inverse = invertSpd(kept.map((i) => kept.map((j) => hessian[i][j])));
    if (inverse) {
      const full = Array.from({ length: n }, () => new Array<number>(n).fill(0));
      kept.forEach((i, a) => kept.forEach((j, b) => (full[i][j] = inverse[a][b])));
      return full;
    }
  }
  return null;
}

/**
 * P(n purchases in the next t | x, t_x, T) for a model whose alive customer's future is the
 * model again with parameters updated by the history: alive, the future's own P(X(t) = n);
 * dropped out, no purchase.
 */
export function conditionalOnHistory<P, F>(
  probabilityAlive: (p: P, x: number, tx: number, T: number) => number,
  future: (p: P, x: number, T: number) => F,
  probabilityOfPurchases: (f: F, n: number, t: number) => number,
) {
  return (p: P, n: number, t: number, x: number, tx: number, T: number): number => {
    const alive = probabilityAlive(p, x, tx, T);
    return alive * probabilityOfPurchases(future(p, x, T), n, t) + (n === 0 ? 1 - alive : 0);
  };
}

/**
 * Negative-binomial probabilities of j = 0..upTo purchases in t for a gamma(r, alpha)-mixed
 * Poisson rate, and the tail P(N >= j), without cancellation (tails summed from the far end).
 */
export function negativeBinomial(r: number, alpha: number, t: number, upTo: number): { pmf: number[]; tail: number[] } {
  const logP0 = r * (Math.log(alpha) - Math.log(alpha + t));
  const logRatio = Math.log(t) - Math.log(alpha + t);
  const mean = (r * t) / alpha;
  const pmf: number[] = [];
  let logTerm = logP0;
  // Far enough past the mean and upTo that the rest is negligible.
  const limit = Math.max(upTo, Math.ceil(mean + 40 * Math.sqrt(mean * (1 + t / alpha)) + 40));
  for (let j = 0; j <= limit; j++) {
    if (j > 0) logTerm += Math.log((r + j - 1) / j) + logRatio;
    const p = t > 0 ? Math.exp(logTerm) : j === 0 ? 1 : 0;
    pmf.push(p);
    if (j > upTo && j > mean && p < 1e-300) break;
  }
  const tail = new Array<number>(pmf.length + 1).fill(0);
  for (let j = pmf.length - 1; j >= 0; j--) tail[j] = tail[j + 1] + pmf[j];
  return { pmf: pmf.slice(0, upTo + 1), tail: tail.slice(0, upTo + 1) };
}
