// Pareto/NBD (Schmittlein, Morrison & Colombo 1987): purchases at a gamma(r, alpha)-mixed
// Poisson rate while alive, and an unobserved lifetime, exponential with a gamma(s, beta)-
// mixed rate. Likelihood as in Fader, Hardie & Lee, "A Note on Implementing the
// Pareto/NBD Model in MATLAB" (2005), in log space: L = A * (e^first + s/(r+s+x) A0), with A0
// the difference of two Gauss hypergeometric terms taken as log(F(t_x)) + log(1 - F(T)/F(t_x)).
// Fitted on all customers (merged histories, time scaled so max T = 1) by BFGS on
// log-parameters; the gradient is by central differences, each 2F1 computed once per
// distinct (x, t) pair.
import {
  checkSummary,
  fitData,
  fitModel,
  negativeBinomial,
  type CustomerSummary,
  type FitData,
  type ModelFit,
} from "./customer-base";
import { numericGradient } from "./optimize";
import { integrate, lgamma, log1mExp } from "./special";

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export type ParetoNbdFit = ModelFit<ParetoNbdParams>;

/** log 2F1(a, b; a+1; z) by its power series (0 <= z < 1; terms fall like z^n). */
function log2F1(a: number, b: number, c: number, z: number): number {
  let term = 1,
    sum = 1;
  for (let n = 0; n < 1_000_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (term <= 1e-16 * sum) break;
  }
  return Math.log(sum);
}

/**
 * log of the hypergeometric part at time t: log[2F1(r+s+x, k; r+s+x+1; |alpha-beta|/(m+t)) / (m+t)^(r+s+x)],
 * m = max(alpha, beta), k = s+1 when alpha >= beta, else r+x.
 */
function logF(p: ParetoNbdParams, x: number, t: number): number {
  const { r, alpha, s, beta } = p;
  const rsx = r + s + x;
  const m = alpha >= beta ? alpha : beta;
  const k = alpha >= beta ? s + 1 : r + x;
  return log2F1(rsx, k, rsx + 1, Math.abs(alpha - beta) / (m + t)) - rsx * Math.log(m + t);
}

/** log of s/(r+s+x) * A0 (the "dropped out between t_x and T" part); -Infinity when t_x = T. */
function logDroppedPart(p: ParetoNbdParams, x: number, fTx: number, fT: number): number {
  if (!(fT < fTx)) return -Infinity;
  return Math.log(p.s / (p.r + p.s + x)) + fTx + log1mExp(fT - fTx);
}

interface PairIndex {
  /** per row: index into the distinct (x, T) and (x, t_x) pairs */
  tPair: Int32Array;
  txPair: Int32Array;
  tPairs: { x: Int32Array; t: Float64Array };
  txPairs: { x: Int32Array; t: Float64Array };
}

function pairIndex(d: FitData): PairIndex {
  const build = (index: Int32Array, values: Float64Array) => {
    const at = new Map<number, number>();
    const pair = new Int32Array(d.rows);
    const xs: number[] = [],
      ts: number[] = [];
    for (let i = 0; i < d.rows; i++) {
      const key = d.x[i] * values.length + index[i];
      let k = at.get(key);
      if (k === undefined) {
        k = xs.length;
        at.set(key, k);
        xs.push(d.x[i]);
        ts.push(values[index[i]]);
      }
      pair[i] = k;
    }
    return { pair, pairs: { x: Int32Array.from(xs), t: Float64Array.from(ts) } };
  };
  const t = build(d.tIndex, d.tValues),
    tx = build(d.txIndex, d.txValues);
  return { tPair: t.pair, txPair: tx.pair, tPairs: t.pairs, txPairs: tx.pairs };
}

function negLogLik(logParams: number[], d: FitData, pairs: PairIndex): number {
  const [r, alpha, s, beta] = logParams.map(Math.exp);
  const p = { r, alpha, s, beta };
  const fT = Float64Array.from(pairs.tPairs.x, (x, i) => logF(p, x, pairs.tPairs.t[i]));
  const fTx = Float64Array.from(pairs.txPairs.x, (x, i) => logF(p, x, pairs.txPairs.t[i]));
  const G = new Float64Array(d.maxX + 1);
  for (let x = 1; x <= d.maxX; x++) G[x] = G[x - 1] + Math.log(r + x - 1);
  const logT = d.tValues.map((t) => Math.log(alpha + t)),
    logBT = d.tValues.map((t) => Math.log(beta + t));
  let ll = 0,
    W = 0;
  for (let i = 0; i < d.rows; i++) {
    const x = d.x[i],
      w = d.w[i];
    const first = -(r + x) * logT[d.tIndex[i]] - s * logBT[d.tIndex[i]];
    const dropped = logDroppedPart(p, x, fTx[pairs.txPair[i]], fT[pairs.tPair[i]]);
    const m = first > dropped ? first : dropped;
    ll += w * (G[x] + m + Math.log(Math.exp(first - m) + Math.exp(dropped - m)));
    W += w;
  }
  ll += W * (r * Math.log(alpha) + s * Math.log(beta));
  return -ll;
}

export function paretoNbdLogLik(p: ParetoNbdParams, s: CustomerSummary): number {
  const d = fitData(s);
  const logs = [p.r, p.alpha / d.scale, p.s, p.beta / d.scale].map(Math.log);
  return -negLogLik(logs, d, pairIndex(d)) - d.weightedX * Math.log(d.scale);
}

export function fitParetoNbd(s: CustomerSummary): ParetoNbdFit {
  checkSummary(s, "Pareto/NBD");
  const d = fitData(s);
  const pairs = pairIndex(d);
  const f = (v: number[]) => negLogLik(v, d, pairs);
  return fitModel<ParetoNbdParams>(
    {
      model: "paretonbd",
      names: ["r", "alpha", "s", "beta"],
      timeScaled: ["alpha", "beta"],
      negLogLik: (v) => ({ value: f(v), gradient: numericGradient(f, v, 1e-6) }),
    },
    d,
  );
}

/** P(alive | x, t_x, T) = 1 / (1 + s/(r+s+x) (alpha+T)^(r+x) (beta+T)^s A0). */
export function paretoProbabilityAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const first = -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log(p.beta + T);
  const dropped = logDroppedPart(p, x, logF(p, x, tx), logF(p, x, T));
  return 1 / (1 + Math.exp(dropped - first));
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
export function paretoConditionalProbabilityOfPurchases(
  p: ParetoNbdParams,
  n: number,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const alive = paretoProbabilityAlive(p, x, tx, T);
  const future = paretoProbabilityOfPurchases({ r: p.r + x, alpha: p.alpha + T, s: p.s, beta: p.beta + T }, n, t);
  return alive * future + (n === 0 ? 1 - alive : 0);
}
