// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases at a gamma(r, alpha)-mixed
// Poisson rate while alive, and an unobserved lifetime, exponential with a gamma(s, beta)-
// mixed rate. Likelihood as in Fader, Hardie & Lee, "A Note on Implementing the
// Pareto/NBD Model in MATLAB" (2005), in log space: L = A * (e^first + s/(r+s+x) A0), with A0
// the difference of two Gauss hypergeometric terms taken as log(F(t_x)) + log(1 - F(T)/F(t_x)).
// Fitted on all customers (merged histories, time scaled so max T = 1) by BFGS on
// log-parameters with the exact gradient (the 2F1 series summed with its derivatives), each
// 2F1 computed once per distinct (x, t) pair.
import {
  conditionalOnHistory,
  modelFunctions,
  negativeBinomial,
  type FitData,
  type LikelihoodSpec,
  type ModelFit,
} from "./customer-base";
import { integrate, lgamma, log1mExp } from "./special";

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export type ParetoNbdFit = ModelFit<ParetoNbdParams>;

/**
 * log of the hypergeometric part at time t: log[2F1(r+s+x, k; r+s+x+1; |alpha-beta|/(m+t)) / (m+t)^(r+s+x)],
 * m = max(alpha, beta), k = s+1 when alpha >= beta, else r+x.
 */
function logF(p: ParetoNbdParams, x: number, t: number): number {
  logFWithGradient(p, x, t, logFScratch, 0);
  return logFScratch[0];
}
/** logF's output buffer: the prediction pass calls it for every distinct history. */
const logFScratch = new Float64Array(5);

/** log of s/(r+s+x) * A0 (the "dropped out between t_x and T" part); -Infinity when t_x = T. */
function logDroppedPart(p: ParetoNbdParams, x: number, fTx: number, fT: number): number {
  if (!(fT < fTx)) return -Infinity;
  return Math.log(p.s / (p.r + p.s + x)) + fTx + log1mExp(fT - fTx);
}

interface PairIndex {
  /** per row: index of its (x, T) and (x, t_x) pair in `pairs` */
  tPair: Int32Array;
  txPair: Int32Array;
  /**
   * The distinct (x, t) pairs over both T and t_x: a repeat buyer's t_x is often another's T
   * (both are days since a first order), and log F depends on the pair only.
   */
  pairs: { x: Int32Array; t: Float64Array };
}

function pairIndex(d: FitData): PairIndex {
  const at = new Map<number, Map<number, number>>();
  const xs: number[] = [],
    ts: number[] = [];
  const build = (index: Int32Array, values: Float64Array) => {
    const pair = new Int32Array(d.rows);
    for (let i = 0; i < d.rows; i++) {
      const t = values[index[i]];
      let byT = at.get(d.x[i]);
      if (!byT) at.set(d.x[i], (byT = new Map()));
      let k = byT.get(t);
      if (k === undefined) {
        k = xs.length;
        byT.set(t, k);
        xs.push(d.x[i]);
        ts.push(t);
      }
      pair[i] = k;
    }
    return pair;
  };
  const tPair = build(d.tIndex, d.tValues),
    txPair = build(d.txIndex, d.txValues);
  return { tPair, txPair, pairs: { x: Int32Array.from(xs), t: Float64Array.from(ts) } };
}

/**
 * log F(t) (see logF) and its partial derivatives in r, alpha, s, beta: the 2F1 series is
 * summed together with its derivatives in its first parameter (with c = a+1 moving along),
 * its second parameter and z.
 */
function logFWithGradient(p: ParetoNbdParams, x: number, t: number, out: Float64Array, at: number): void {
  const { r, alpha, s, beta } = p;
  const a = r + s + x;
  const alphaLarger = alpha >= beta;
  const m = alphaLarger ? alpha : beta;
  const b = alphaLarger ? s + 1 : r + x;
  const z = Math.abs(alpha - beta) / (m + t);
  // Euler's transformation 2F1(a, b; a+1; z) = (1-z)^(1-b) 2F1(1, a+1-b; a+1; z): the terms of the
  // second series fall at least as fast as z^n from the start, where the first one's grow for
  // ~b z/(1-z) terms (thousands for frequent buyers) before they fall.
  const e = a + 1 - b,
    c = a + 1;
  let term = 1,
    sum = 1,
    sa = 0, // d log(term_n) / da, with c = a + 1 and e = a + 1 - b moving along
    sb = 0, // d log(term_n) / db
    da = 0,
    db = 0,
    dzn = 0; // sum of n * term_n
  for (let n = 0; n < 200_000; n++) {
    term *= ((e + n) / (c + n)) * z;
    sa += 1 / (e + n) - 1 / (c + n);
    sb -= 1 / (e + n);
    sum += term;
    da += term * sa;
    db += term * sb;
    dzn += (n + 1) * term;
    if (term <= 1e-17 * sum) break;
  }
  const logMt = Math.log(m + t);
  const log1mz = Math.log1p(-z);
  const dA = da / sum,
    dB = db / sum - log1mz;
  const dZ = (z > 0 ? dzn / z / sum : e / c) - (1 - b) / (1 - z);
  out[at] = (1 - b) * log1mz + Math.log(sum) - a * logMt;
  if (alphaLarger) {
    // z = (alpha - beta)/(alpha + t), b = s + 1
    out[at + 1] = dA - logMt;
    out[at + 2] = (dZ * (beta + t)) / ((alpha + t) * (alpha + t)) - a / (alpha + t);
    out[at + 3] = dA + dB - logMt;
    out[at + 4] = -dZ / (alpha + t);
  } else {
    // z = (beta - alpha)/(beta + t), b = r + x
    out[at + 1] = dA + dB - logMt;
    out[at + 2] = -dZ / (beta + t);
    out[at + 3] = dA - logMt;
    out[at + 4] = (dZ * (alpha + t)) / ((beta + t) * (beta + t)) - a / (beta + t);
  }
}

function negLogLik(logParams: number[], d: FitData, pairs: PairIndex): { value: number; gradient: number[] } {
  const [r, alpha, s, beta] = logParams.map(Math.exp);
  const p = { r, alpha, s, beta };
  // log F and its gradient once per distinct (x, t) pair, five numbers each.
  const f = new Float64Array(pairs.pairs.x.length * 5);
  for (let i = 0; i < pairs.pairs.x.length; i++) logFWithGradient(p, pairs.pairs.x[i], pairs.pairs.t[i], f, i * 5);
  const G = new Float64Array(d.maxX + 1),
    Gr = new Float64Array(d.maxX + 1);
  for (let x = 1; x <= d.maxX; x++) {
    G[x] = G[x - 1] + Math.log(r + x - 1);
    Gr[x] = Gr[x - 1] + 1 / (r + x - 1);
  }
  const logRsx = new Float64Array(d.maxX + 1);
  for (let x = 0; x <= d.maxX; x++) logRsx[x] = Math.log(r + s + x);
  const logT = d.tValues.map((t) => Math.log(alpha + t)),
    logBT = d.tValues.map((t) => Math.log(beta + t)),
    invT = d.tValues.map((t) => 1 / (alpha + t)),
    invBT = d.tValues.map((t) => 1 / (beta + t));
  const logS = Math.log(s);
  let ll = 0,
    W = 0,
    gr = 0,
    gAlpha = 0,
    gs = 0,
    gBeta = 0;
  for (let i = 0; i < d.rows; i++) {
    const x = d.x[i],
      w = d.w[i],
      it = d.tIndex[i];
    const first = -(r + x) * logT[it] - s * logBT[it];
    const k1 = pairs.txPair[i] * 5,
      k2 = pairs.tPair[i] * 5;
    const F1 = f[k1],
      F2 = f[k2];
    W += w;
    gr += w * (Gr[x] - 0);
    if (!(F2 < F1)) {
      // t_x = T: only the "alive" term
      ll += w * (G[x] + first);
      gr -= w * logT[it];
      gAlpha -= w * (r + x) * invT[it];
      gs -= w * logBT[it];
      gBeta -= w * s * invBT[it];
      continue;
    }
    const q = Math.exp(F2 - F1);
    const rsx = r + s + x;
    // log(e^first + e^dropped) = first + log(1 + ratio), ratio = e^(dropped - first)
    // = s/(r+s+x) e^(F1 - first) (1 - q): one exp and one log1p per row (rows number 100,000s);
    // by logs only where the ratio would overflow.
    const ratio = Math.exp(logS - logRsx[x] + F1 - first) * (1 - q);
    let lse: number, w1: number;
    if (ratio < 1e300) {
      lse = first + Math.log1p(ratio);
      w1 = 1 / (1 + ratio);
    } else {
      const dropped = logS - logRsx[x] + F1 + Math.log1p(-q);
      const e = Math.exp(first - dropped);
      lse = dropped + Math.log1p(e);
      w1 = e / (1 + e);
    }
    const w2 = 1 - w1;
    ll += w * (G[x] + lse);
    const scale = 1 / (1 - q);
    // d dropped = ds/s - d(rsx)/rsx + (dF1 - q dF2) / (1 - q)
    const dDr = -1 / rsx + (f[k1 + 1] - q * f[k2 + 1]) * scale;
    const dDalpha = (f[k1 + 2] - q * f[k2 + 2]) * scale;
    const dDs = 1 / s - 1 / rsx + (f[k1 + 3] - q * f[k2 + 3]) * scale;
    const dDbeta = (f[k1 + 4] - q * f[k2 + 4]) * scale;
    gr += w * (-w1 * logT[it] + w2 * dDr);
    gAlpha += w * (-w1 * (r + x) * invT[it] + w2 * dDalpha);
    gs += w * (-w1 * logBT[it] + w2 * dDs);
    gBeta += w * (-w1 * s * invBT[it] + w2 * dDbeta);
  }
  ll += W * (r * Math.log(alpha) + s * Math.log(beta));
  gr += W * Math.log(alpha);
  gAlpha += (W * r) / alpha;
  gs += W * Math.log(beta);
  gBeta += (W * s) / beta;
  return { value: -ll, gradient: [-r * gr, -alpha * gAlpha, -s * gs, -beta * gBeta] };
}

const RATIO_BOUND = Math.log(100);

const PARETO_NBD: LikelihoodSpec<ParetoNbdParams> = {
  model: "paretonbd",
  names: ["r", "alpha", "s", "beta"],
  timeScaled: ["alpha", "beta"],
  likelihood: (d) => {
    const pairs = pairIndex(d);
    return (v) => negLogLik(v, d, pairs);
  },
  // beta/alpha is kept within [1/100, 100]: as it grows the hypergeometric series converges
  // like z^n with z -> 1, and the likelihood's supremum there (s -> 0, beta -> infinity) is
  // the "nobody drops out" limit that beta/alpha = 100 already describes to within a rounding.
  coordinates: {
    toLog: ([lr, la, ls, w]) => [lr, la, ls, la + RATIO_BOUND * Math.tanh(w)],
    fromLog: ([lr, la, ls, lb]) => [lr, la, ls, Math.atanh(Math.max(-0.999, Math.min(0.999, (lb - la) / RATIO_BOUND)))],
    gradientFromLog: ([, , , w], [gr, ga, gs, gb]) => [gr, ga + gb, gs, gb * RATIO_BOUND * (1 - Math.tanh(w) ** 2)],
  },
};

export const { fit: fitParetoNbd, logLik: paretoNbdLogLik } = modelFunctions(PARETO_NBD);

/** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0). */
export function paretoProbabilityAlive(
  p: ParetoNbdParams,
  x: number,
  tx: number,
  T: number,
  /** log F(x, t), memoised by a caller that asks for many customers: it depends on (x, t) pairs only. */
  logFOf: (x: number, t: number) => number = (x, t) => logF(p, x, t),
): number {
  const first = -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T);
  const dropped = logDroppedPart(p, x, logFOf(x, tx), logFOf(x, T));
  return 1 / (1 + Math.exp(dropped - first));
}

/** A memoised log F for many P(alive) calls with the same parameters. */
export function paretoLogFMemo(p: ParetoNbdParams): (x: number, t: number) => number {
  // By x, then t: numeric keys, no key string per call.
  const memo = new Map<number, Map<number, number>>();
  return (x, t) => {
    let byT = memo.get(x);
    if (!byT) memo.set(x, (byT = new Map()));
    let v = byT.get(t);
    if (v === undefined) byT.set(t, (v = logF(p, x, t)));
    return v;
  };
}

/** Expected purchases in the next t of a customer known to be alive at T (the rate part of paretoExpectedPurchases). */
export function paretoExpectedPurchasesIfAlive(p: ParetoNbdParams, t: number, x: number, T: number): number {
  if (t <= 0) return 0;
  const rate = ((p.r + x) * (p.beta + T)) / (p.alpha + T);
  return rate * powerRatio(Math.log(p.beta + T) - Math.log(p.beta + T + t), p.s);
}

/** (1 - q^(s-1)) / (s-1), with its limit -log q at s = 1. */
function powerRatio(logQ: number, s: number): number {
  return Math.abs(s - 1) < 1e-9 ? -logQ : -Math.expm1((s - 1) * logQ) / (s - 1);
}

/** Expected purchases in the next t: (r+x)(beta+T) / (alpha+T) (1 - ((beta+T)/(beta+T+t))^(s-1)) / (s-1) P(alive). */
export function paretoExpectedPurchases(p: ParetoNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, s, beta } = p;
  const rate = ((r + x) * (beta + T)) / (alpha + T);
  return rate * powerRatio(Math.log(beta + T) - Math.log(beta + T + t), s) * paretoProbabilityAlive(p, x, tx, T);
}

/** Expected purchases of a new customer in t: r beta / alpha (1 - (beta/(beta+t))^(s-1)) / (s-1). */
export function paretoExpectedPurchasesNewCustomer(p: ParetoNbdParams, t: number): number {
  return ((p.r * p.beta) / p.alpha) * powerRatio(Math.log(p.beta) - Math.log(p.beta + t), p.s);
}

/**
 * P(X(t) = n) for a new customer: alive at t with n purchases, or died at some tau < t with
 * n purchases by then. With the rate integrated out, purchases by tau are negative binomial
 * and the lifetime is Pareto (II) with density s beta^s / (beta+tau)^(s+1):
 * P = NB(n; t) (beta/(beta+t))^s + ∫_0^t s beta^s (beta+tau)^-(s+1) NB(n; tau) dtau.
 */
export function paretoProbabilityOfPurchases(p: ParetoNbdParams, n: number, t: number): number {
  const { r, alpha, s, beta } = p;
  if (n === 0) {
    // The integral is the likelihood's "dropped out" part for x = 0 between 0 and t: closed form.
    const none = r * (Math.log(alpha) - Math.log(alpha + t)) + s * (Math.log(beta) - Math.log(beta + t));
    const died = r * Math.log(alpha) + s * Math.log(beta) + logDroppedPart(p, 0, logF(p, 0, 0), logF(p, 0, t));
    return Math.exp(none) + Math.exp(died);
  }
  const logCoefficient = lgamma(r + n) - lgamma(r) - lgamma(n + 1);
  const nb = (tau: number) =>
    tau <= 0
      ? n === 0
        ? 1
        : 0
      : Math.exp(
          logCoefficient + r * (Math.log(alpha) - Math.log(alpha + tau)) + n * (Math.log(tau) - Math.log(alpha + tau)),
        );
  const alive = negativeBinomial(r, alpha, t, n).pmf[n] * Math.exp(s * (Math.log(beta) - Math.log(beta + t)));
  const died = integrate(
    (tau) => s * Math.exp(s * Math.log(beta) - (s + 1) * Math.log(beta + tau)) * nb(tau),
    0,
    t,
    1e-14,
  );
  return alive + died;
}

/** P(n purchases in the next t | x, t_x, T): alive, the future is a Pareto/NBD with (r+x, alpha+T, s, beta+T). */
export const paretoConditionalProbabilityOfPurchases = conditionalOnHistory(
  paretoProbabilityAlive,
  (p: ParetoNbdParams, x, T) => ({ r: p.r + x, alpha: p.alpha + T, s: p.s, beta: p.beta + T }),
  paretoProbabilityOfPurchases,
);
