// The refresh job's whole analysis on the ~1,000,000-order benchmark shop: read the orders
// from the database (loadOrderFacts, as the refresh does) and run every metric and the model
// selection. Runs in a child process so its peak RSS is the analysis's own. Reads the SQLite
// file `npm run bench ingest` leaves in .tmp/bench; skipped (with a note) without it.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { BenchLine } from "./analytics";

const root = path.resolve(import.meta.dirname, "..", "..");
const file = path.join(root, ".tmp", "bench", "ingest.sqlite");

async function child() {
  const { createDb } = await import("../../app/db/client.server");
  const { loadOrderFacts } = await import("../../app/models/analytics-snapshot.server");
  const { analyzeShop } = await import("../../app/analytics");
  const { DEFAULT_OBSERVATION_END } = await import("../../app/demo/generator");
  const db = createDb(`file:${file}`);
  const shop = await db.shop.findFirstOrThrow({ where: { domain: "bench.myshopify.com" } });
  const t = performance.now();
  const facts = await loadOrderFacts(db, shop.id);
  const read = (performance.now() - t) / 1000;
  const a = analyzeShop(facts, {
    timeZone: shop.timezone,
    observationEnd: DEFAULT_OBSERVATION_END,
    period: { kind: "month" },
  });
  const seconds = (performance.now() - t) / 1000;
  await db.$disconnect();
  const line: BenchLine = {
    name: "analysis-1m-incl-db-read-sqlite",
    orders: facts.length,
    customers: a.customers,
    seconds: Number(seconds.toFixed(3)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    target: "<= 3 s, <= 800 MB",
    note: `read ${read.toFixed(3)} s; model ${a.prediction.status === "ok" ? a.prediction.model : a.prediction.status}`,
  };
  console.log(JSON.stringify(line));
}

export function runAnalysisFromDbBench(): BenchLine {
  if (!fs.existsSync(file))
    return {
      name: "analysis-1m-incl-db-read-sqlite",
      orders: 0,
      customers: 0,
      seconds: 0,
      peakRssMb: 0,
      note: `skipped: ${path.relative(root, file)} not found (run \`npm run bench ingest\` first)`,
    };
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const r = spawnSync(process.execPath, [tsx, import.meta.filename, "--child"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = r.stdout
    .trim()
    .split("\n")
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error(`analysis child failed (exit ${r.status})`);
  return JSON.parse(line) as BenchLine;
}

if (process.argv[2] === "--child") await child();
