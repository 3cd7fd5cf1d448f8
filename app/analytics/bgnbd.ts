// BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): how often a
// customer buys while "alive" (Poisson, gamma-distributed rates: r, alpha) and the chance
// they drop out after each purchase (beta-distributed: a, b). Fitted by maximum likelihood
// on (x = repeat purchases, t_x = time of the last one, T = time since the first) of every
// customer: identical histories merged with weights, time scaled so max T = 1, BFGS on
// log-parameters with the exact gradient, every likelihood term in log space.
// The MBG/NBD (mbgnbd.ts) differs only in its beta weights and shares this kernel.
import {
  conditionalOnHistory,
  modelFunctions,
  negativeBinomial,
  type FitData,
  type LikelihoodSpec,
  type ModelFit,
} from "./customer-base";
import { hyp2f1, lgamma } from "./special";

export { MIN_REPEAT_BUYERS, type CustomerSummary } from "./customer-base";

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export type BgNbdFit = ModelFit<BgNbdParams>;

/**
 * Per customer, log L = K(x) + r log(alpha) + logaddexp(c1(x) - (r+x) log(alpha+T), c2(x) - (r+x) log(alpha+t_x)):
 * "still alive at T" and "dropped out at the last purchase". BG/NBD: K = log Γ(r+x)/Γ(r) + log B(a, b+x)/B(a, b),
 * c1 = 0, c2 = log a - log(b+x-1) (x > 0 only). MBG/NBD (a drop-out chance at the first purchase too):
 * K = log Γ(r+x)/Γ(r) + log B(a, b+x)/B(a, b) - log(a+b+x), c1 = log(b+x), c2 = log a.
 */
export function betaFamilyNegLogLik(modified: boolean, logParams: number[], d: FitData) {
  const [r, alpha, a, b] = logParams.map(Math.exp);
  const X = d.maxX;
  const K = new Float64Array(X + 1),
    Kr = new Float64Array(X + 1),
    Ka = new Float64Array(X + 1),
    Kb = new Float64Array(X + 1),
    c1 = new Float64Array(X + 1),
    c1b = new Float64Array(X + 1),
    c2 = new Float64Array(X + 1),
    c2a = new Float64Array(X + 1),
    c2b = new Float64Array(X + 1);
  let g = 0,
    gr = 0,
    bp = 0,
    bpa = 0,
    bpb = 0;
  const logA = Math.log(a);
  for (let x = 0; x <= X; x++) {
    if (x > 0) {
      g += Math.log(r + x - 1);
      gr += 1 / (r + x - 1);
      bp += Math.log(b + x - 1) - Math.log(a + b + x - 1);
      bpa -= 1 / (a + b + x - 1);
      bpb += 1 / (b + x - 1) - 1 / (a + b + x - 1);
    }
    K[x] = g + bp;
    Kr[x] = gr;
    Ka[x] = bpa;
    Kb[x] = bpb;
    if (modified) {
      const abx = 1 / (a + b + x);
      K[x] -= Math.log(a + b + x);
      Ka[x] -= abx;
      Kb[x] -= abx;
      c1[x] = Math.log(b + x);
      c1b[x] = 1 / (b + x);
      c2[x] = logA;
      c2a[x] = 1 / a;
    } else {
      c2[x] = x > 0 ? logA - Math.log(b + x - 1) : -Infinity;
      c2a[x] = x > 0 ? 1 / a : 0;
      c2b[x] = x > 0 ? -1 / (b + x - 1) : 0;
    }
  }
  const logT = d.tValues.map((t) => Math.log(alpha + t)),
    invT = d.tValues.map((t) => 1 / (alpha + t)),
    logTx = d.txValues.map((t) => Math.log(alpha + t)),
    invTx = d.txValues.map((t) => 1 / (alpha + t));
  const logAlpha = Math.log(alpha);
  let ll = 0,
    dr = 0,
    dAlpha = 0,
    da = 0,
    db = 0,
    W = 0;
  const { x: xs, w: ws, tIndex, txIndex } = d;
  for (let i = 0; i < d.rows; i++) {
    const x = xs[i],
      w = ws[i],
      it = tIndex[i],
      itx = txIndex[i];
    const rx = r + x;
    const A1 = c1[x] - rx * logT[it];
    const A2 = c2[x] - rx * logTx[itx];
    // log-sum-exp and the softmax weights of the two terms
    let lse: number, w1: number;
    if (A1 >= A2) {
      const e = Math.exp(A2 - A1);
      lse = A1 + Math.log1p(e);
      w1 = 1 / (1 + e);
    } else {
      const e = Math.exp(A1 - A2);
      lse = A2 + Math.log1p(e);
      w1 = e / (1 + e);
    }
    const w2 = 1 - w1;
    W += w;
    ll += w * (K[x] + lse);
    dr += w * (Kr[x] - w1 * logT[it] - w2 * logTx[itx]);
    dAlpha -= w * rx * (w1 * invT[it] + w2 * invTx[itx]);
    da += w * (Ka[x] + w2 * c2a[x]);
    db += w * (Kb[x] + w1 * c1b[x] + w2 * c2b[x]);
  }
  ll += W * r * logAlpha;
  dr += W * logAlpha;
  dAlpha += (W * r) / alpha;
  // d/d log p = p d/dp; negated for minimisation.
  return { value: -ll, gradient: [-r * dr, -alpha * dAlpha, -a * da, -b * db] };
}

/** The BG/NBD (`modified` false) or the MBG/NBD (true): r, alpha (a time), a, b and the shared kernel. */
export function betaFamily(modified: boolean): LikelihoodSpec<BgNbdParams> {
  return {
    model: modified ? "mbgnbd" : "bgnbd",
    names: ["r", "alpha", "a", "b"],
    timeScaled: ["alpha"],
    likelihood: (d) => (v) => betaFamilyNegLogLik(modified, v, d),
  };
}

/** fitBgNbd: maximum likelihood on every customer; bgNbdLogLik: the log-likelihood of a summary (in its own time unit). */
export const { fit: fitBgNbd, logLik: bgNbdLogLik } = modelFunctions(betaFamily(false));

/** P(alive | x, t_x, T): 1 for a customer with no repeat purchases. */
export function probabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = p;
  const logRatio = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** Expected purchases in the next t time units for a customer with history (x, t_x, T). */
export function expectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const hyp = hyp2f1(r + x, b + x, a + b + x - 1, z);
  const power = Math.exp((r + x) * (Math.log(alpha + T) - Math.log(alpha + T + t)));
  const numerator = ((a + b + x - 1) / (a - 1)) * (1 - power * hyp);
  return Math.max(0, numerator * probabilityAlive(p, x, tx, T));
}

/** Expected purchases of a new customer in a period of length t (unconditional). */
export function expectedPurchasesNewCustomer(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
}

/**
 * P(X(t) = n) for a new customer (Fader, Hardie & Lee 2005, eq. 8): alive with n purchases,
 * or dropped out at the n-th, which came before t.
 */
export function probabilityOfPurchases(p: BgNbdParams, n: number, t: number): number {
  const { r, alpha, a, b } = p;
  const nb = negativeBinomial(r, alpha, t, n);
  let survive = 1; // B(a, b+n) / B(a, b)
  for (let k = 0; k < n; k++) survive *= (b + k) / (a + b + k);
  if (n === 0) return nb.pmf[0];
  const diedAtLast = ((survive * (a + b + n - 1)) / (b + n - 1)) * (a / (a + b + n - 1)); // B(a+1, b+n-1) / B(a, b)
  return survive * nb.pmf[n] + diedAtLast * nb.tail[n];
}

/**
 * P(n purchases in the next t | x, t_x, T). An alive customer's rate is gamma(r+x, alpha+T)
 * and drop-out beta(a, b+x): the future is a BG/NBD with those parameters.
 */
export const conditionalProbabilityOfPurchases = conditionalOnHistory(
  probabilityAlive,
  (p: BgNbdParams, x, T) => ({ r: p.r + x, alpha: p.alpha + T, a: p.a, b: p.b + x }),
  probabilityOfPurchases,
);

export { lgamma };
