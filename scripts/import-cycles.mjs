// Import cycles among a folder's TypeScript modules (static `import`/`export ... from` and
// `import("...")` with relative or "~/" specifiers), by Tarjan's strongly connected components.
// Vendored from ../shared/tools/import-cycles.mjs (the workplace's tool), made importable.
// Usage from the project root: node scripts/import-cycles.mjs app  -> each cycle, then "N cycles".
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The cycles (each a sorted list of files) among the modules under `root`. */
export function findImportCycles(root) {
  const files = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && e.name !== "generated" && !e.name.startsWith(".")) walk(p);
      } else if (/\.(ts|tsx|mts|js|mjs)$/.test(e.name)) files.push(path.normalize(p));
    }
  };
  walk(root);
  const set = new Set(files);
  const resolve = (from, spec) => {
    const base = spec.startsWith("~/") ? path.join(root, spec.slice(2)) : path.join(path.dirname(from), spec);
    for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}.mts`, `${base}.js`, path.join(base, "index.ts")])
      if (set.has(path.normalize(c))) return path.normalize(c);
    return null;
  };
  const graph = new Map();
  for (const f of files) {
    const src = fs.readFileSync(f, "utf8");
    const deps = new Set();
    for (const m of src.matchAll(/(?:from\s*|import\s*\(\s*|import\s+)["']((?:\.{1,2}\/|~\/)[^"']+)["']/g)) {
      const r = resolve(f, m[1]);
      if (r && r !== f) deps.add(r);
    }
    graph.set(f, [...deps]);
  }
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const stack = [];
  const on = new Set();
  const sccs = [];
  const strong = (v) => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v)) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const c = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        c.push(w);
      } while (w !== v);
      if (c.length > 1) sccs.push(c.sort());
    }
  };
  for (const f of files) if (!idx.has(f)) strong(f);
  return sccs;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const cycles = findImportCycles(process.argv[2] ?? "app");
  for (const c of cycles) console.log(`cycle (${c.length}): ${c.join(", ")}`);
  console.log(`${cycles.length} cycles (largest ${Math.max(0, ...cycles.map((c) => c.length))} files)`);
  process.exit(cycles.length ? 1 : 0);
}
