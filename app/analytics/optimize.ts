// Nelder-Mead minimisation: derivative-free and robust for the few parameters of the
// customer-base models (optimised on the log scale, so every parameter stays positive).

export interface MinimizeResult {
  x: number[];
  value: number;
  iterations: number;
  converged: boolean;
}

export function nelderMead(
  f: (x: number[]) => number,
  start: number[],
  opts: { maxIterations?: number; tolerance?: number; step?: number } = {},
): MinimizeResult {
  const { maxIterations = 2000, tolerance = 1e-10, step = 0.5 } = opts;
  const n = start.length;
  const safe = (x: number[]) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };
  let simplex = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] += step;
    simplex.push(p);
  }
  let values = simplex.map(safe);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((v, i) => i).sort((i, j) => values[i] - values[j]);
    simplex = order.map((i) => simplex[i]);
    values = order.map((i) => values[i]);
    if (Math.abs(values[n] - values[0]) <= tolerance * (Math.abs(values[0]) + tolerance)) {
      const spread = Math.max(...simplex.map((p) => Math.max(...p.map((v, k) => Math.abs(v - simplex[0][k])))));
      if (spread < 1e-7) break;
    }
    const centroid = new Array(n).fill(0);
    for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) centroid[k] += simplex[i][k] / n;
    const along = (t: number) => centroid.map((c, k) => c + t * (simplex[n][k] - c));
    const reflected = along(-1);
    const fr = safe(reflected);
    if (fr < values[0]) {
      const expanded = along(-2);
      const fe = safe(expanded);
      [simplex[n], values[n]] = fe < fr ? [expanded, fe] : [reflected, fr];
    } else if (fr < values[n - 1]) {
      [simplex[n], values[n]] = [reflected, fr];
    } else {
      const contracted = fr < values[n] ? along(-0.5) : along(0.5);
      const fc = safe(contracted);
      if (fc < Math.min(fr, values[n])) {
        [simplex[n], values[n]] = [contracted, fc];
      } else {
        for (let i = 1; i <= n; i++) {
          simplex[i] = simplex[i].map((v, k) => simplex[0][k] + 0.5 * (v - simplex[0][k]));
          values[i] = safe(simplex[i]);
        }
      }
    }
  }
  const best = values.indexOf(Math.min(...values));
  return {
    x: simplex[best],
    value: values[best],
    iterations,
    converged: iterations < maxIterations && Number.isFinite(values[best]),
  };
}

/** Restarts from the best point until the value stops improving (guards against early collapse). */
export function minimize(f: (x: number[]) => number, start: number[], restarts = 3): MinimizeResult {
  let best = nelderMead(f, start);
  let total = best.iterations;
  for (let i = 0; i < restarts; i++) {
    const next = nelderMead(f, best.x, { step: 0.1 });
    total += next.iterations;
    const improved = best.value - next.value;
    if (next.value <= best.value) best = next;
    if (improved < 1e-9) break;
  }
  return { ...best, iterations: total };
}
