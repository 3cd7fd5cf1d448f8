// BG/NBD (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): how often a
// customer buys while "alive" (Poisson, gamma-distributed rates: r, alpha) and the chance
// they drop out after each purchase (beta-distributed: a, b). Fitted by maximum likelihood
// on (x = repeat purchases, t_x = time of the last one, T = time since the first), with
// log-parameters, time scaled so max T = 1, and every likelihood term in log space.
import { ConvergenceError, InsufficientDataError, InvalidInputError } from "./errors";
import { minimize } from "./optimize";
import { hyp2f1, lgamma, logAddExp } from "./special";

export interface CustomerSummary {
  frequency: ArrayLike<number>; // x: repeat purchases (integers)
  recency: ArrayLike<number>; // t_x, in the summary's time unit
  T: ArrayLike<number>; // customer age, same unit
  /** How many customers each row stands for (default 1): identical histories are fitted once. */
  weight?: ArrayLike<number>;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  logLik: number;
  iterations: number;
  converged: boolean;
}

/** The fewest repeat buyers a fit is attempted with. */
export const MIN_REPEAT_BUYERS = 10;

function check(s: CustomerSummary) {
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
    if (x > 0) repeaters++;
  }
  if (repeaters < MIN_REPEAT_BUYERS) {
    throw new InsufficientDataError(
      `a BG/NBD fit needs at least ${MIN_REPEAT_BUYERS} repeat buyers, found ${repeaters}`,
    );
  }
}

/** Log-likelihood of the whole summary (times already scaled). */
export function bgNbdLogLik(p: BgNbdParams, s: CustomerSummary): number {
  const { r, alpha, a, b } = p;
  const n = s.frequency.length;
  let maxX = 0;
  for (let i = 0; i < n; i++) if (s.frequency[i] > maxX) maxX = s.frequency[i];
  // lgamma(r+x) - lgamma(r) and the beta-function ratio, cumulated once per x value.
  const gammaPart = new Float64Array(maxX + 1);
  const betaPart = new Float64Array(maxX + 1);
  const tailConst = new Float64Array(maxX + 1); // log a - log(b + x - 1), per x
  const logA = Math.log(a);
  for (let x = 1; x <= maxX; x++) {
    gammaPart[x] = gammaPart[x - 1] + Math.log(r + x - 1);
    betaPart[x] = betaPart[x - 1] + Math.log(b + x - 1) - Math.log(a + b + x - 1);
    tailConst[x] = logA - Math.log(b + x - 1);
  }
  const rLogAlpha = r * Math.log(alpha);
  const w = s.weight;
  let ll = 0;
  for (let i = 0; i < n; i++) {
    const x = s.frequency[i];
    const A3 = -(r + x) * Math.log(alpha + s.T[i]);
    const tail = x > 0 ? tailConst[x] - (r + x) * Math.log(alpha + s.recency[i]) : -Infinity;
    const term = gammaPart[x] + rLogAlpha + betaPart[x] + logAddExp(A3, tail);
    ll += w ? w[i] * term : term;
  }
  return ll;
}

/** Identical (x, t_x, T) rows merged into one with a weight: same likelihood, far fewer terms. */
function compressed(s: CustomerSummary): CustomerSummary {
  const index = new Map<string, number>();
  const frequency: number[] = [],
    recency: number[] = [],
    T: number[] = [],
    weight: number[] = [];
  for (let i = 0; i < s.frequency.length; i++) {
    const key = `${s.frequency[i]},${s.recency[i]},${s.T[i]}`;
    const at = index.get(key);
    if (at !== undefined) weight[at] += s.weight ? s.weight[i] : 1;
    else {
      index.set(key, frequency.length);
      frequency.push(s.frequency[i]);
      recency.push(s.recency[i]);
      T.push(s.T[i]);
      weight.push(s.weight ? s.weight[i] : 1);
    }
  }
  return {
    frequency: Int32Array.from(frequency),
    recency: Float64Array.from(recency),
    T: Float64Array.from(T),
    weight: Float64Array.from(weight),
  };
}

function scaled(s: CustomerSummary): { summary: CustomerSummary; scale: number } {
  let maxT = 0;
  for (let i = 0; i < s.T.length; i++) if (s.T[i] > maxT) maxT = s.T[i];
  const scale = maxT > 0 ? maxT : 1;
  return {
    scale,
    summary: {
      frequency: s.frequency,
      weight: s.weight,
      recency: Float64Array.from(s.recency as ArrayLike<number>, (v) => v / scale),
      T: Float64Array.from(s.T as ArrayLike<number>, (v) => v / scale),
    },
  };
}

export function fitBgNbd(s: CustomerSummary): BgNbdFit {
  check(s);
  const { summary, scale } = scaled(compressed(s));
  const negLL = (v: number[]) => {
    const [r, alpha, a, b] = v.map(Math.exp);
    return -bgNbdLogLik({ r, alpha, a, b }, summary);
  };
  const result = minimize(negLL, [0, 0, 0, 0]);
  const [r, alphaScaled, a, b] = result.x.map(Math.exp);
  const params = { r, alpha: alphaScaled * scale, a, b };
  if (!Object.values(params).every((v) => Number.isFinite(v) && v > 0) || !Number.isFinite(result.value)) {
    throw new ConvergenceError("the BG/NBD likelihood did not reach a finite maximum");
  }
  // The likelihood on the original time scale differs by a constant: report that one.
  return { params, logLik: bgNbdLogLik(params, s), iterations: result.iterations, converged: result.converged };
}

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
  const denominator =
    1 +
    (x > 0 ? Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx))) : 0);
  return Math.max(0, numerator / denominator);
}

/** Expected purchases of a new customer in a period of length t (unconditional). */
export function expectedPurchasesNewCustomer(p: BgNbdParams, t: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + t);
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, z));
}

export { lgamma };
