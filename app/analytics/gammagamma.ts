// Gamma-Gamma spend model (Fader & Hardie 2005; Colombo & Jiang 1999): a customer's order
// values vary around their own mean, and those means vary across customers. Fitted by
// maximum likelihood on repeat buyers' (x, mean repeat value); gives the expected value of
// a customer's future orders, which with BG/NBD's expected purchases gives predicted CLV.
import { ConvergenceError, InsufficientDataError, InvalidInputError } from "./errors";
import { expectedPurchases, type BgNbdParams } from "./bgnbd";
import { bfgs, hessianFromGradient, invertSpd, minimize } from "./optimize";
import { digamma, lgamma } from "./special";

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  /** From the inverse observed information (numeric Hessian in log-parameters); null when singular. */
  standardErrors: GammaGammaParams | null;
  /** Covariance of log p, log q, log gamma. */
  logCovariance: number[][] | null;
  logLik: number;
  iterations: number;
  converged: boolean;
}

export function gammaGammaLogLik(
  { p, q, gamma }: GammaGammaParams,
  x: ArrayLike<number>,
  m: ArrayLike<number>,
): number {
  return logLikWith({ p, q, gamma }, x, m, null, null);
}

/**
 * The likelihood with the gamma-function part computed once per distinct x (repeat counts
 * take few values) and, inside a fit, the constant logs precomputed: the fit evaluates it
 * hundreds of times over tens of thousands of customers.
 */
function logLikWith(
  { p, q, gamma }: GammaGammaParams,
  x: ArrayLike<number>,
  m: ArrayLike<number>,
  logX: ArrayLike<number> | null,
  logM: ArrayLike<number> | null,
): number {
  let ll = 0;
  const base = -lgamma(q) + q * Math.log(gamma);
  const byX = new Map<number, number>();
  for (let i = 0; i < x.length; i++) {
    const xi = x[i];
    const px = p * xi;
    let g = byX.get(xi);
    if (g === undefined) byX.set(xi, (g = lgamma(px + q) - lgamma(px)));
    const lm = logM ? logM[i] : Math.log(m[i]);
    const lx = logX ? logX[i] : Math.log(xi);
    ll += g + base + (px - 1) * lm + px * lx - (px + q) * Math.log(xi * m[i] + gamma);
  }
  return ll;
}

/** Fits on customers with x > 0 repeat purchases and a positive mean repeat value m. */
export function fitGammaGamma(frequency: ArrayLike<number>, monetary: ArrayLike<number>): GammaGammaFit {
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i] > 0) {
      if (!(monetary[i] > 0))
        throw new InvalidInputError(`customer ${i}: mean repeat value must be positive, got ${monetary[i]}`);
      xs.push(frequency[i]);
      ms.push(monetary[i]);
    }
  }
  if (xs.length < 10)
    throw new InsufficientDataError(`a Gamma-Gamma fit needs at least 10 repeat buyers, found ${xs.length}`);
  // Scale money so the typical value is about 1 (gamma scales with it; p and q do not).
  const scale = ms.reduce((s, v) => s + v, 0) / ms.length;
  const mScaled = ms.map((v) => v / scale);
  const logX = Float64Array.from(xs, Math.log),
    logM = Float64Array.from(mScaled, Math.log);
  // The gamma-function part per distinct x, in an array (x is a small whole number).
  const xInt = Int32Array.from(xs);
  const distinctX = [...new Set(xs)];
  const byX = new Float64Array(Math.max(...distinctX) + 1);
  const dpByX = new Float64Array(byX.length),
    psiByX = new Float64Array(byX.length);
  // log(x m + gamma) and 1/(x m + gamma) per customer, kept for the last gamma (the Hessian's
  // differences move p and q with gamma fixed).
  const logXmGamma = new Float64Array(xInt.length),
    invXmGamma = new Float64Array(xInt.length);
  let logsFor = NaN;
  /** Negative log-likelihood in log-parameters, and its exact gradient (digamma per distinct x). */
  const valueAndGradient = (v: number[]) => {
    const [p, q, gamma] = v.map(Math.exp);
    for (const x of distinctX) {
      byX[x] = lgamma(p * x + q) - lgamma(p * x);
      psiByX[x] = digamma(p * x + q);
      dpByX[x] = x * (psiByX[x] - digamma(p * x));
    }
    const logGamma = Math.log(gamma);
    const base = -lgamma(q) + q * logGamma;
    if (gamma !== logsFor) {
      for (let i = 0; i < xInt.length; i++) {
        const xm = xInt[i] * mScaled[i] + gamma;
        logXmGamma[i] = Math.log(xm);
        invXmGamma[i] = 1 / xm;
      }
      logsFor = gamma;
    }
    let ll = 0,
      dp = 0,
      dq = 0,
      dg = 0;
    for (let i = 0; i < xInt.length; i++) {
      const x = xInt[i];
      const px = p * x;
      const L = logXmGamma[i];
      ll += byX[x] + base + (px - 1) * logM[i] + px * logX[i] - (px + q) * L;
      dp += dpByX[x] + x * (logM[i] + logX[i] - L);
      dq += psiByX[x] - L;
      dg -= (px + q) * invXmGamma[i];
    }
    const n = xInt.length;
    dq += n * (logGamma - digamma(q));
    dg += (n * q) / gamma;
    return { value: -ll, gradient: [-p * dp, -q * dq, -gamma * dg] };
  };
  const negLogLik = (v: number[]) => valueAndGradient(v).value;
  // BFGS with the exact gradient: one pass over the repeat buyers per step, where a
  // central-difference gradient took seven (and Nelder-Mead hundreds of evaluations).
  const quasiNewton = bfgs(valueAndGradient, [0, 0, 0]);
  const result = quasiNewton.converged ? quasiNewton : minimize(negLogLik, quasiNewton.x);
  const [p, q, gScaled] = result.x.map(Math.exp);
  const params = { p, q, gamma: gScaled * scale };
  if (!Object.values(params).every((v) => Number.isFinite(v) && v > 0))
    throw new ConvergenceError("the Gamma-Gamma likelihood did not reach a finite maximum");
  if (q <= 1) throw new ConvergenceError(`Gamma-Gamma fit gave q = ${q.toFixed(3)} <= 1: expected spend is undefined`);
  // Rescaling money only shifts log gamma: the information matrix is the same on either scale.
  const logCovariance = invertSpd(hessianFromGradient((v) => valueAndGradient(v).gradient, result.x));
  const standardErrors = logCovariance
    ? {
        p: p * Math.sqrt(logCovariance[0][0]),
        q: q * Math.sqrt(logCovariance[1][1]),
        gamma: params.gamma * Math.sqrt(logCovariance[2][2]),
      }
    : null;
  return {
    params,
    standardErrors,
    logCovariance,
    logLik: gammaGammaLogLik(params, xs, ms),
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** E[average order value | x repeat purchases with mean m]; the population mean for x = 0. */
export function expectedAverageValue({ p, q, gamma }: GammaGammaParams, x: number, m: number): number {
  if (x === 0) return (p * gamma) / (q - 1);
  return (p * (gamma + x * m)) / (p * x + q - 1);
}

/**
 * Predicted CLV over `periods` periods of `periodLength` time units, discounted at `discountRate`
 * per period (as lifetimes' customer_lifetime_value): sum of each period's expected purchases
 * times the expected order value, discounted.
 */
export function predictedClv(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  c: { x: number; tx: number; T: number; m: number },
  opts: { periods: number; periodLength: number; discountRate: number },
): number {
  const value = expectedAverageValue(gg, c.x, c.m);
  let clv = 0;
  let previous = 0;
  for (let i = 1; i <= opts.periods; i++) {
    const cumulative = expectedPurchases(bg, i * opts.periodLength, c.x, c.tx, c.T);
    clv += ((cumulative - previous) * value) / Math.pow(1 + opts.discountRate, i);
    previous = cumulative;
  }
  return clv;
}
