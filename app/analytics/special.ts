// Special functions for the likelihoods, in log space where values overflow.

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** log Γ(x) for x > 0 (Lanczos, g = 7; ~15 significant digits). */
export function lgamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The digamma function ψ(x) = d/dx log Γ(x) for x > 0 (recurrence to x >= 6, then the asymptotic series; ~1e-15). */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 6) {
    shift -= 1 / x;
    x += 1;
  }
  const f = 1 / (x * x);
  const tail = f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f * (1 / 132)))));
  return shift + Math.log(x) - 0.5 / x - tail;
}

/** log(e^a + e^b) without overflow. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  const m = a > b ? a : b;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Gauss hypergeometric 2F1(a, b; c; z) for 0 <= z < 1 by its power series, summed until
 * the terms stop mattering. Used with z = t / (alpha + T + t), which stays below 1.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new RangeError(`hyp2f1 needs 0 <= z < 1, got ${z}`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 100_000; n++) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-15 * Math.abs(sum)) return sum;
  }
  return sum;
}

/** log(1 - e^x) for x <= 0, accurate near 0 and far below it. */
export function log1mExp(x: number): number {
  return x > -Math.LN2 ? Math.log(-Math.expm1(x)) : Math.log1p(-Math.exp(x));
}

/** ∫_a^b f by adaptive Simpson to an absolute tolerance (smooth integrands on a finite interval). */
export function integrate(f: (x: number) => number, a: number, b: number, tolerance = 1e-13): number {
  const simpson = (fa: number, fm: number, fb: number, h: number) => (h / 6) * (fa + 4 * fm + fb);
  const step = (
    a: number,
    b: number,
    fa: number,
    fm: number,
    fb: number,
    whole: number,
    tol: number,
    depth: number,
  ): number => {
    const m = (a + b) / 2;
    const lm = (a + m) / 2,
      rm = (m + b) / 2;
    const flm = f(lm),
      frm = f(rm);
    const left = simpson(fa, flm, fm, m - a),
      right = simpson(fm, frm, fb, b - m);
    if (depth <= 0 || Math.abs(left + right - whole) <= 15 * tol) return left + right + (left + right - whole) / 15;
    return step(a, m, fa, flm, fm, left, tol / 2, depth - 1) + step(m, b, fm, frm, fb, right, tol / 2, depth - 1);
  };
  const fa = f(a),
    fb = f(b),
    fm = f((a + b) / 2);
  return step(a, b, fa, fm, fb, simpson(fa, fm, fb, b - a), tolerance, 40);
}
