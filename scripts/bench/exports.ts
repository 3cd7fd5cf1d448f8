// The customer CSV export on the 200,000-customer benchmark shop: the route's streamed
// Response (keyset pages -> CSV -> bytes) read to the end, as a browser downloading it would.
// Shares the pages bench's database file (the seed is idempotent; the insight rows are
// written once).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = path.join(root, ".tmp", "bench");
const file = path.join(dir, "pages.sqlite");

export async function runExportsBench(): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const url = `file:${file}`;
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
  const { createDb } = await import("../../app/db/client.server");
  const { BENCHMARK_SHOP, DEFAULT_OBSERVATION_END } = await import("../../app/demo/generator");
  const { seedDemoShop } = await import("../../app/demo/seed.server");
  const { refreshAnalyticsSnapshot } = await import("../../app/models/analytics-snapshot.server");
  const { csvDownload } = await import("../../app/http/csv-download.server");
  const { CUSTOMER_COLUMNS, customerExportRows } = await import("../../app/models/exports.server");
  const db = createDb(url);
  const seed = await seedDemoShop(db, BENCHMARK_SHOP);
  if ((await db.customerInsight.count({ where: { shopId: seed.shopId } })) === 0)
    await refreshAnalyticsSnapshot(db, seed.shopId, DEFAULT_OBSERVATION_END);
  const heapBefore = process.memoryUsage().heapUsed;
  let peakHeap = heapBefore;
  const cpu = process.cpuUsage();
  const t = performance.now();
  const res = csvDownload(
    "customers.csv",
    CUSTOMER_COLUMNS,
    customerExportRows(db, seed.shopId, "EUR", { q: "", segment: null, rfm: null }),
  );
  const reader = res.body!.getReader();
  let bytes = 0;
  let lines = 0;
  let firstByteMs: number | null = null;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    firstByteMs ??= performance.now() - t;
    bytes += value.byteLength;
    for (const b of value) if (b === 10) lines++;
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }
  const seconds = (performance.now() - t) / 1000;
  const used = process.cpuUsage(cpu);
  await db.$disconnect();
  return [
    JSON.stringify({
      name: "export-customers-csv",
      orders: seed.orders,
      customers: lines - 1,
      seconds: Number(seconds.toFixed(3)),
      firstByteMs: Math.round(firstByteMs ?? 0),
      megabytes: Number((bytes / 1e6).toFixed(1)),
      // CPU time says what the export costs when the machine is shared (wall time includes waiting).
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(3)),
      // Peak JavaScript heap above the start: one page of rows and its CSV text, not the whole file.
      heapGrowthMb: Math.round((peakHeap - heapBefore) / 1e6),
      target: "streamed; CPU < 10 s for 200,000 customers (wall time waits on a shared machine)",
    }),
  ];
}
