// A small seeded PRNG (sfc32) and the distributions the demo shop needs. Deterministic:
// the same seed gives the same numbers on every machine; no Math.random, no clock.

export interface Rng {
  next(): number; // [0, 1)
}

/** sfc32 seeded through splitmix32 from one integer (or several mixed together). */
export function createRng(...seeds: number[]): Rng {
  let h = 0x9e3779b9;
  for (const s of seeds) h = Math.imul(h ^ (s | 0), 0x85ebca6b) ^ (h >>> 13);
  const split = () => {
    h = (h + 0x9e3779b9) | 0;
    let z = h;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    return (z ^ (z >>> 15)) >>> 0;
  };
  let a = split(),
    b = split(),
    c = split(),
    d = split();
  return {
    next() {
      a |= 0;
      b |= 0;
      c |= 0;
      d |= 0;
      const t = (((a + b) | 0) + d) | 0;
      d = (d + 1) | 0;
      a = b ^ (b >>> 9);
      b = (c + (c << 3)) | 0;
      c = (c << 21) | (c >>> 11);
      c = (c + t) | 0;
      return (t >>> 0) / 4294967296;
    },
  };
}

export const uniform = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng.next();
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)];
export const exponential = (rng: Rng, rate: number) => -Math.log(1 - rng.next()) / rate;

export function normal(rng: Rng): number {
  // Box-Muller; 1 - u keeps log away from 0.
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export const logNormal = (rng: Rng, mu: number, sigma: number) => Math.exp(mu + sigma * normal(rng));

/** Gamma(shape, scale) by Marsaglia-Tsang (shape < 1 boosted). */
export function gamma(rng: Rng, shape: number, scale: number): number {
  if (shape < 1) return gamma(rng, shape + 1, scale) * Math.pow(1 - rng.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number, v: number;
    do {
      x = normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

export function beta(rng: Rng, a: number, b: number): number {
  const x = gamma(rng, a, 1);
  return x / (x + gamma(rng, b, 1));
}
