// Analytics benchmarks: one JSON line per case {name, orders, customers, seconds, peakRssMb}.
import fs from "node:fs";
import path from "node:path";
import { analyzeShop, fitBgNbd } from "../../app/analytics";
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
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);
const secondsSince = (t: number) => Number(((performance.now() - t) / 1000).toFixed(3));

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
  fitBgNbd(s); // warm-up (JIT), as a long-running server would be
  const t = performance.now();
  fitBgNbd(s);
  return {
    name: "bgnbd-fit-cdnow",
    orders: 0,
    customers: rows.length,
    seconds: secondsSince(t),
    peakRssMb: peakRssMb(),
    target: "<= 0.1 s",
  };
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
    target: "<= 2 s",
  };
}

export function benchGeneratedShop(): BenchLine {
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
  const t = performance.now();
  const a = analyzeShop(facts, {
    timeZone: "Europe/Amsterdam",
    observationEnd: DEFAULT_OBSERVATION_END,
    period: { kind: "month" },
  });
  return {
    name: "analysis-generated-1m",
    orders: facts.length,
    customers: a.customers,
    seconds: secondsSince(t),
    peakRssMb: peakRssMb(),
    target: "<= 5 s, <= 1536 MB",
  };
}

export function runAnalyticsBench(): BenchLine[] {
  const lines = [benchCdnowFit(), benchOnlineRetail(), benchGeneratedShop()].filter((l): l is BenchLine => l !== null);
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
