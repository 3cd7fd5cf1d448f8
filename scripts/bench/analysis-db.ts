// The refresh job's whole analysis on the ~1,000,000-order benchmark shop: read the orders
// from the database (loadOrderColumns, as the refresh does) and run every metric and the model
// selection. Runs in a child process so its peak RSS is the analysis's own. Reads the SQLite
// file and the PostgreSQL schema `npm run bench ingest` leaves; a line is skipped (with a
// note) without them. The note splits the time: read, prepare (orders to per-customer
// purchase days), metrics (everything but the prediction), models (model selection on the
// holdout, the full-data fits and every customer's prediction); the four add up to `seconds`.
// The process's CPU seconds follow: on a shared machine they show how much was waiting.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { BenchLine } from "./analytics";

const root = path.resolve(import.meta.dirname, "..", "..");
const file = path.join(root, ".tmp", "bench", "ingest.sqlite");
const postgresUrl = `${process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test"}?schema=bench_ingest`;
const TARGET = "<= 3 s, <= 800 MB";

type Kind = "sqlite" | "postgresql";
const nameOf = (kind: Kind) => `analysis-1m-incl-db-read-${kind}`;

async function child(kind: Kind) {
  const { createDb } = await import("../../app/db/client.server");
  const { closeRawSql } = await import("../../app/db/raw-sql.server");
  const { loadOrderColumns } = await import("../../app/models/analytics-snapshot.server");
  const { analyzePrepared, predictCustomers, prepareOrders, summaryOf } = await import("../../app/analytics");
  const { DEFAULT_OBSERVATION_END } = await import("../../app/demo/generator");
  const db = createDb(kind === "sqlite" ? `file:${file}` : postgresUrl);
  const shop = await db.shop.findFirst({ where: { domain: "bench.myshopify.com" } });
  if (!shop) {
    console.log(JSON.stringify(skipped(kind, "no bench shop in the database (run `npm run bench ingest` first)")));
    await db.$disconnect();
    return;
  }
  const opts = { timeZone: shop.timezone, observationEnd: DEFAULT_OBSERVATION_END, period: { kind: "month" as const } };
  const stages: [string, number][] = [];
  const cpu0 = process.cpuUsage();
  let t = performance.now();
  const lap = (stage: string) => {
    const now = performance.now();
    stages.push([stage, (now - t) / 1000]);
    t = now;
  };
  const orders = await loadOrderColumns(db, shop.id);
  lap("read");
  const prepared = prepareOrders(orders, opts);
  lap("prepare");
  // analyzeShop's work in two parts, timed apart: the metrics, then the prediction it adds.
  const a = analyzePrepared(prepared, { ...opts, prediction: false });
  lap("metrics");
  const prediction = predictCustomers(summaryOf(prepared, "days"), {}, prepared);
  lap("models");
  const seconds = stages.reduce((s, [, v]) => s + v, 0);
  // CPU seconds beside the wall clock: on a shared machine they show how much of the wall time was waiting for a core.
  const cpu = process.cpuUsage(cpu0);
  await closeRawSql(db);
  await db.$disconnect();
  const line: BenchLine = {
    name: nameOf(kind),
    orders: orders.length,
    customers: a.customers,
    seconds: Number(seconds.toFixed(3)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    target: TARGET,
    note:
      stages.map(([stage, s]) => `${stage} ${s.toFixed(3)} s`).join(", ") +
      `; cpu ${((cpu.user + cpu.system) / 1e6).toFixed(3)} s; model ${prediction.status === "ok" ? prediction.model : prediction.status}`,
  };
  console.log(JSON.stringify(line));
}

function skipped(kind: Kind, why: string): BenchLine {
  return {
    name: nameOf(kind),
    orders: 0,
    customers: 0,
    seconds: 0,
    peakRssMb: 0,
    target: TARGET,
    note: `skipped: ${why}`,
  };
}

function run(kind: Kind): BenchLine {
  if (kind === "sqlite" && !fs.existsSync(file))
    return skipped(kind, `${path.relative(root, file)} not found (run \`npm run bench ingest\` first)`);
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  const r = spawnSync(process.execPath, [tsx, import.meta.filename, "--child", kind], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const line = r.stdout
    .trim()
    .split("\n")
    .find((l) => l.startsWith("{"));
  if (line) return JSON.parse(line) as BenchLine;
  // PostgreSQL not running, or no bench schema: a note, not a failed bench.
  if (kind === "postgresql") return skipped(kind, (r.stderr.trim().split("\n").pop() ?? "").slice(0, 200));
  process.stderr.write(r.stderr);
  throw new Error(`analysis child failed (exit ${r.status})`);
}

export function runAnalysisFromDbBench(): BenchLine[] {
  return [run("sqlite"), run("postgresql")];
}

if (process.argv[2] === "--child") await child(process.argv[3] as Kind);
