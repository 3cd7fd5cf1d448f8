// Analytics benchmarks: one JSON line per case {name, orders, customers, seconds, peakRssMb}.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import {
  analyzeShop,
  calibrationHoldout,
  fitBgNbd,
  fitCustomerModel,
  OrderColumnsBuilder,
  prepareOrders,
  selectModel,
  summaryOf,
} from "../../app/analytics";
import type { OrderFact } from "../../app/analytics/types";
import { BENCHMARK_SHOP, DEFAULT_OBSERVATION_END, generateDemoShop } from "../../app/demo/generator";
import { loadOnlineRetail, ONLINE_RETAIL_END, ONLINE_RETAIL_PATH } from "../datasets/online-retail";

export interface BenchLine {
  name: string;
  orders: number;
  customers: number;
  seconds: number;
  peakRssMb: number;
  target?: string;
  note?: string;
  /** The same fit by a plain scipy script on the same rows, in the same run; "skipped" without Python + scipy. */
  peer?: { seconds: number; logLik: number; params: Record<string, number>; scipy: string } | "skipped";
  logLik?: number;
  params?: Record<string, number>;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const secondsSince = (t: number) => Number(((performance.now() - t) / 1000).toFixed(4));
const benchDir = path.resolve(import.meta.dirname, "..", "..", ".tmp", "bench");

/** Runs scripts/bench/scipy_bgnbd.py on the rows; "skipped" when python3 with numpy + scipy is not there. */
function scipyPeer(rows: {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
}): BenchLine["peer"] {
  fs.mkdirSync(benchDir, { recursive: true });
  const file = path.join(benchDir, `peer-rows-${process.pid}.csv`);
  const lines = ["x,tx,T"];
  for (let i = 0; i < rows.frequency.length; i++) lines.push(`${rows.frequency[i]},${rows.recency[i]},${rows.T[i]}`);
  fs.writeFileSync(file, lines.join("\n"));
  try {
    const run = spawnSync("python3", [path.join(import.meta.dirname, "scipy_bgnbd.py"), file], { encoding: "utf8" });
    if (run.status !== 0 || run.error) return "skipped";
    return JSON.parse(run.stdout.trim()) as Exclude<BenchLine["peer"], "skipped" | undefined>;
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Median of `runs` timed calls after one warm-up (JIT), as a long-running worker would be. */
function timed<T>(run: () => T, runs = 5): { result: T; seconds: number } {
  let result = run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    result = run();
    times.push(secondsSince(t));
  }
  times.sort((a, b) => a - b);
  return { result, seconds: times[Math.floor(runs / 2)] };
}

export function benchCdnowFit(): BenchLine {
  const file = path.resolve(
    import.meta.dirname,
    "..",
    "..",
    "tests",
    "fixtures",
    "cdnow",
    "cdnow_customers_summary.csv",
  );
  const rows = fs
    .readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.split(",").map(Number));
  const s = { frequency: rows.map((r) => r[1]), recency: rows.map((r) => r[2]), T: rows.map((r) => r[3]) };
  const { result, seconds } = timed(() => fitBgNbd(s), 9);
  return {
    name: "bgnbd-fit-cdnow",
    orders: 0,
    customers: rows.length,
    seconds,
    peakRssMb: peakRssMb(),
    target: "<= 0.01 s",
    logLik: result.logLik,
    params: { ...result.params },
    peer: scipyPeer(s),
  };
}

function generatedFacts(): OrderFact[] {
  const facts: OrderFact[] = [];
  for (const chunk of generateDemoShop(BENCHMARK_SHOP)) {
    for (const o of chunk.orders) {
      facts.push({
        orderId: o.id,
        customerId: o.customerId,
        email: o.email,
        processedAt: o.processedAt,
        currency: o.currency,
        totalMinor: Number(o.totalMinor),
        refundedMinor: Number(o.refundedMinor),
        cancelled: o.cancelledAt !== null,
      });
    }
  }
  return facts;
}

/** The 210k-customer shop's customer summary (days), as the analysis builds it. */
function generatedShop() {
  const facts = generatedFacts();
  const prepared = prepareOrders(facts, { timeZone: "Europe/Amsterdam", observationEnd: DEFAULT_OBSERVATION_END });
  return { orders: facts.length, prepared, summary: summaryOf(prepared, "days") };
}

export function benchShopFits(): BenchLine[] {
  const { orders, prepared, summary } = generatedShop();
  const fit = timed(() => fitBgNbd(summary), 3);
  const bg: BenchLine = {
    name: "bgnbd-fit-210k-all-customers",
    orders,
    customers: summary.customers,
    seconds: fit.seconds,
    peakRssMb: peakRssMb(),
    target: "<= 0.5 s",
    logLik: fit.result.logLik,
    params: { ...fit.result.params },
    peer: scipyPeer(summary),
  };
  const selection = timed(() => {
    const split = calibrationHoldout(prepared, {
      calibrationEndDay: prepared.observationEndDay - 91,
      endDay: prepared.observationEndDay,
    });
    const chosen = selectModel(split);
    return { chosen, final: fitCustomerModel(chosen.chosen, summary) };
  }, 1);
  const scores = selection.result.chosen.scores
    .map((s) => `${s.model} rmse ${s.rmse.toFixed(4)} predicted ${s.predictedTotal.toFixed(0)} actual ${s.actualTotal}`)
    .join("; ");
  return [
    bg,
    {
      name: "three-models-holdout-selection-210k",
      orders,
      customers: summary.customers,
      seconds: selection.seconds,
      peakRssMb: peakRssMb(),
      target: "<= 3 s",
      note: `chosen ${selection.result.chosen.chosen}; ${scores}`,
      logLik: selection.result.final.fit.logLik,
      params: { ...selection.result.final.fit.params },
    },
  ];
}

export function benchOnlineRetail(): BenchLine | null {
  if (!fs.existsSync(ONLINE_RETAIL_PATH)) return null;
  const t = performance.now();
  const load = loadOnlineRetail();
  const a = analyzeShop(load.facts, { timeZone: "UTC", observationEnd: ONLINE_RETAIL_END, period: { kind: "year" } });
  return {
    name: "analysis-online-retail-incl-read",
    orders: load.facts.length,
    customers: a.customers,
    seconds: secondsSince(t),
    peakRssMb: peakRssMb(),
    target: "<= 3 s",
  };
}

/** The generated shop's orders as columns: the shape the refresh hands the analysis (loadOrderColumns). */
function generatedColumns() {
  const b = new OrderColumnsBuilder(1 << 20);
  for (const chunk of generateDemoShop(BENCHMARK_SHOP))
    for (const o of chunk.orders)
      b.add(
        o.customerId,
        o.email,
        o.processedAt.getTime(),
        o.currency,
        Number(o.totalMinor),
        Number(o.refundedMinor),
        o.cancelledAt !== null,
      );
  return b.finish();
}

export function benchGeneratedShop(): BenchLine {
  const orders = generatedColumns();
  const t = performance.now();
  const a = analyzeShop(orders, {
    timeZone: "Europe/Amsterdam",
    observationEnd: DEFAULT_OBSERVATION_END,
    period: { kind: "month" },
  });
  return {
    name: "analysis-generated-1m-in-memory",
    orders: orders.length,
    customers: a.customers,
    seconds: secondsSince(t),
    peakRssMb: peakRssMb(),
    target: "<= 3 s",
    note: `model ${a.prediction.status === "ok" ? a.prediction.model : a.prediction.status}; orders as columns (as the refresh reads them); peak RSS includes generating the orders`,
  };
}

export function runAnalyticsBench(): BenchLine[] {
  const lines = [benchCdnowFit(), ...benchShopFits(), benchOnlineRetail(), benchGeneratedShop()].filter(
    (l): l is BenchLine => l !== null,
  );
  if (!fs.existsSync(ONLINE_RETAIL_PATH))
    lines.push({
      name: "analysis-online-retail-incl-read",
      orders: 0,
      customers: 0,
      seconds: 0,
      peakRssMb: 0,
      note: `skipped: ${ONLINE_RETAIL_PATH} not found`,
    });
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const line of runAnalyticsBench()) console.log(JSON.stringify(line));
}
