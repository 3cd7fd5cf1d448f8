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

/** A function and its gradient from one pass over the data. */
export type ValueAndGradient = (x: number[]) => { value: number; gradient: number[] };

const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/**
 * BFGS quasi-Newton minimisation with a backtracking (Armijo) line search. With exact
 * gradients it needs a few dozen evaluations where Nelder-Mead needs hundreds, which is what
 * makes full-data fits affordable. Stops when the largest gradient component is below
 * `gradientTolerance` times max(1, |f|) (the likelihoods here are sums over customers, so an
 * absolute tolerance would mean different precision for small and large shops), or when a
 * step no longer changes f.
 */
export function bfgs(
  fg: ValueAndGradient,
  start: number[],
  opts: {
    maxIterations?: number;
    gradientTolerance?: number;
    /** The inverse Hessian at the start (e.g. from a start near the optimum): its first step is a Newton step. */
    initialInverseHessian?: number[][];
  } = {},
): MinimizeResult & { gradient: number[]; evaluations: number } {
  const maxIterations = opts.maxIterations ?? 500,
    gradientTolerance = opts.gradientTolerance ?? 1e-8;
  const n = start.length;
  let evaluations = 0;
  const evaluate = (x: number[]) => {
    evaluations++;
    const r = fg(x);
    return Number.isFinite(r.value) && r.gradient.every(Number.isFinite) ? r : null;
  };
  let x = start.slice();
  let current = evaluate(x);
  if (!current) return { x, value: Infinity, iterations: 0, converged: false, gradient: [], evaluations };
  // Inverse-Hessian approximation, identity until the first step sets its scale.
  const known = opts.initialInverseHessian;
  let H: number[][] =
    known?.map((row) => row.slice()) ??
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  let iterations = 0;
  let converged = false;
  for (; iterations < maxIterations; iterations++) {
    const g = current.gradient;
    if (Math.max(...g.map(Math.abs)) <= gradientTolerance * Math.max(1, Math.abs(current.value))) {
      converged = true;
      break;
    }
    let direction = H.map((row) => -dot(row, g));
    let slope = dot(direction, g);
    if (!(slope < 0)) {
      // Lost positive definiteness: restart from steepest descent.
      H = H.map((row, i) => row.map((_, j) => (i === j ? 1 : 0)));
      direction = g.map((v) => -v);
      slope = dot(direction, g);
    }
    // Never move a log-parameter by more than 5 in one step (e^5 ~ 150x); the first step, taken
    // before the curvature is known (the gradient of a sum over 200,000 customers is large), by 0.5:
    // a wild first step lands where the likelihood is slow to evaluate and far from the optimum.
    const longest = Math.max(...direction.map(Math.abs));
    const limit = iterations === 0 && !known ? 0.5 : 5;
    let step = longest > limit ? limit / longest : 1;
    let next: ReturnType<typeof evaluate> = null;
    let xNext = x;
    for (let k = 0; k < 60; k++) {
      xNext = x.map((v, i) => v + step * direction[i]);
      next = evaluate(xNext);
      if (next && next.value <= current.value + 1e-4 * step * slope) break;
      next = null;
      step *= 0.5;
    }
    if (!next) {
      // No decrease along the direction: at the optimum to machine precision, or stuck.
      converged = Math.max(...g.map(Math.abs)) <= 1e-5 * Math.max(1, Math.abs(current.value));
      break;
    }
    const s = xNext.map((v, i) => v - x[i]);
    const y = next.gradient.map((v, i) => v - g[i]);
    const sy = dot(s, y);
    const previousValue = current.value;
    x = xNext;
    current = next;
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iterations === 0 && !known) {
        const scale = sy / dot(y, y);
        H = H.map((row) => row.map((v) => v * scale));
      }
      const Hy = H.map((row) => dot(row, y));
      const yHy = dot(y, Hy);
      const rho = 1 / sy;
      H = H.map((row, i) =>
        row.map((v, j) => v - rho * (Hy[i] * s[j] + s[i] * Hy[j]) + (rho * rho * yHy + rho) * s[i] * s[j]),
      );
    }
    if (Math.abs(previousValue - current.value) <= 1e-15 * Math.abs(current.value)) {
      converged = Math.max(...current.gradient.map(Math.abs)) <= 1e-5 * Math.max(1, Math.abs(current.value));
      iterations++;
      break;
    }
  }
  return { x, value: current.value, iterations, converged, gradient: current.gradient, evaluations };
}

/** Central-difference gradient, for likelihoods without a closed-form one. */
export function numericGradient(f: (x: number[]) => number, x: number[], h = 1e-5): number[] {
  return x.map((_, i) => {
    const up = x.slice(),
      down = x.slice();
    up[i] += h;
    down[i] -= h;
    return (f(up) - f(down)) / (2 * h);
  });
}

/** Hessian by central differences of the gradient, symmetrised. */
export function hessianFromGradient(grad: (x: number[]) => number[], x: number[], h = 1e-4): number[][] {
  const n = x.length;
  const columns = x.map((_, j) => {
    const up = x.slice(),
      down = x.slice();
    up[j] += h;
    down[j] -= h;
    const gu = grad(up),
      gd = grad(down);
    return gu.map((v, i) => (v - gd[i]) / (2 * h));
  });
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (columns[j][i] + columns[i][j]) / 2));
}

/** Inverse of a small symmetric positive-definite matrix (Cholesky); null when it is not positive definite. */
export function invertSpd(A: number[][]): number[][] | null {
  const n = A.length;
  const L = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i][j];
      for (let k = 0; k < j; k++) sum -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(sum > 0)) return null;
        L[i][i] = Math.sqrt(sum);
      } else L[i][j] = sum / L[j][j];
    }
  }
  // inv(A) = inv(L)^T inv(L)
  const Li = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    Li[i][i] = 1 / L[i][i];
    for (let j = 0; j < i; j++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= L[i][k] * Li[k][j];
      Li[i][j] = sum / L[i][i];
    }
  }
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let sum = 0;
      for (let k = Math.max(i, j); k < n; k++) sum += Li[k][i] * Li[k][j];
      return sum;
    }),
  );
}

/** Hessian by central differences of function values, for likelihoods without a gradient. */
export function hessianFromValues(f: (x: number[]) => number, x: number[], h = 1e-4): number[][] {
  const n = x.length;
  const at = (i: number, di: number, j: number, dj: number) => {
    const p = x.slice();
    p[i] += di * h;
    p[j] += dj * h;
    return f(p);
  };
  const H = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      H[i][j] = H[j][i] = (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * h * h);
    }
  return H;
}
