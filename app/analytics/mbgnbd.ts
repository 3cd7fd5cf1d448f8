// MBG/NBD (Batislam, Denizel & Filiztekin 2007; BTYDplus): the BG/NBD with one change, a
// customer can also drop out right after the first purchase. One-time buyers then get a
// P(alive) below 1, which the BG/NBD cannot give them. Same likelihood kernel as bgnbd.ts.
import {
  betaFamily,
  expectedPurchasesNewCustomer as bgExpectedNew,
  probabilityOfPurchases as bgProbabilityOfPurchases,
  type BgNbdParams,
} from "./bgnbd";
import { conditionalOnHistory, modelFunctions, negativeBinomial, type ModelFit } from "./customer-base";

export type MbgNbdParams = BgNbdParams;
export type MbgNbdFit = ModelFit<MbgNbdParams>;

export const { fit: fitMbgNbd, logLik: mbgNbdLogLik } = modelFunctions(betaFamily(true));

/** P(alive | x, t_x, T) = 1 / (1 + a/(b+x) ((alpha+T)/(alpha+t_x))^(r+x)); below 1 for one-time buyers too. */
export function mbgProbabilityAlive(p: MbgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const logRatio = Math.log(a) - Math.log(b + x) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return 1 / (1 + Math.exp(logRatio));
}

/** An alive customer's future is a BG/NBD with rate gamma(r+x, alpha+T) and drop-out beta(a, b+x+1). */
const futureOf = (p: MbgNbdParams, x: number, T: number): BgNbdParams => ({
  r: p.r + x,
  alpha: p.alpha + T,
  a: p.a,
  b: p.b + x + 1,
});

/** Expected purchases in the next t for a customer with history (x, t_x, T). */
export function mbgExpectedPurchases(p: MbgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  return Math.max(0, mbgProbabilityAlive(p, x, tx, T) * bgExpectedNew(futureOf(p, x, T), t));
}

/** Expected purchases of a new customer in t: b/(a-1) [1 - (alpha/(alpha+t))^r 2F1(r, b+1; a+b; t/(alpha+t))]. */
export function mbgExpectedPurchasesNewCustomer(p: MbgNbdParams, t: number): number {
  // Survives the first purchase with probability b/(a+b), then behaves as a BG/NBD with b+1.
  return (p.b / (p.a + p.b)) * bgExpectedNew({ ...p, b: p.b + 1 }, t);
}

/**
 * P(X(t) = n) for a new customer: alive after all n+1 drop-out chances with n purchases, or
 * dropped out at the n-th purchase (at the first one for n = 0) which came before t.
 */
export function mbgProbabilityOfPurchases(p: MbgNbdParams, n: number, t: number): number {
  const { r, alpha, a, b } = p;
  const nb = negativeBinomial(r, alpha, t, n);
  let survive = 1; // B(a, b+n) / B(a, b)
  for (let k = 0; k < n; k++) survive *= (b + k) / (a + b + k);
  const aliveAll = (survive * (b + n)) / (a + b + n); // B(a, b+n+1) / B(a, b)
  const diedAtLast = (survive * a) / (a + b + n); // B(a+1, b+n) / B(a, b)
  return aliveAll * nb.pmf[n] + diedAtLast * nb.tail[n];
}

/** P(n purchases in the next t | x, t_x, T). */
export const mbgConditionalProbabilityOfPurchases = conditionalOnHistory(
  mbgProbabilityAlive,
  futureOf,
  bgProbabilityOfPurchases,
);
