// Bulk JSONL ingest benchmark: the generated ~1,000,000-order shop, written as Shopify's
// bulk-operation JSONL, streamed into SQLite and PostgreSQL through the backfill's own
// ingest path. Each database runs in a child process so peak RSS is the ingest's alone.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { BenchLine } from "./analytics";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = path.join(root, ".tmp", "bench");
const file = path.join(dir, "orders-1m.jsonl");

// The file in Shopify's own order: a bulk query returns orders by id, and Shopify assigns ids
// (and names) as orders are created, so the file runs from the oldest order to the newest.
// The generator numbers orders customer by customer; here they are renumbered by creation.
async function writeJsonl() {
  const { BENCHMARK_SHOP, generateDemoShop, DEMO_GENERATOR_VERSION } = await import("../../app/demo/generator");
  const { adminOrder } = await import("../../app/demo/admin-records");
  const marker = `${file}.v${DEMO_GENERATOR_VERSION}.chronological`;
  if (fs.existsSync(marker)) return;
  fs.mkdirSync(dir, { recursive: true });
  const rows: { at: number; json: string }[] = [];
  for (const chunk of generateDemoShop(BENCHMARK_SHOP)) {
    for (const o of chunk.orders)
      rows.push({
        at: (o.createdAt ?? o.processedAt).getTime(),
        json: JSON.stringify(adminOrder({ ...o, id: "#ID#", name: "#NAME#" })),
      });
  }
  rows.sort((a, b) => a.at - b.at);
  const out = fs.createWriteStream(file);
  for (let i = 0; i < rows.length; i += 10_000) {
    const text = rows
      .slice(i, i + 10_000)
      .map((r, k) =>
        r.json
          .replace("gid://shopify/Order/#ID#", `gid://shopify/Order/${5_600_000_000_000 + i + k}`)
          .replace('"#NAME#"', `"#${1001 + i + k}"`),
      )
      .join("\n");
    if (!out.write(text + "\n")) await new Promise<void>((r) => out.once("drain", () => r()));
  }
  await new Promise<void>((r) => out.end(() => r()));
  fs.writeFileSync(marker, "");
}

async function child(kind: "sqlite" | "postgresql") {
  const url =
    kind === "sqlite"
      ? `file:${path.join(dir, "ingest.sqlite")}`
      : `${process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test"}?schema=bench_ingest`;
  if (kind === "sqlite")
    for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(path.join(dir, `ingest.sqlite${s}`), { force: true });
  else {
    const { default: pg } = await import("pg");
    const c = new pg.Client({ connectionString: url.split("?")[0] });
    await c.connect();
    await c.query("DROP SCHEMA IF EXISTS bench_ingest CASCADE");
    await c.end();
  }
  execFileSync(process.execPath, [path.join(root, "scripts", "prisma.mjs"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
  const { createDb } = await import("../../app/db/client.server");
  const { ingestBulkStream } = await import("../../app/workflows/sync/shopify-backfill.server");
  const db = createDb(url);
  const shop = await db.shop.create({
    data: {
      platform: "shopify",
      domain: "bench.myshopify.com",
      name: "Bench",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
    },
  });
  const t = performance.now();
  const r = await ingestBulkStream(db, shop.id, fs.createReadStream(file), {
    ...(process.env.BENCH_BATCH ? { batchSize: Number(process.env.BENCH_BATCH) } : {}),
  });
  const seconds = (performance.now() - t) / 1000;
  const orders = await db.order.count({ where: { shopId: shop.id } });
  await db.$disconnect();
  const line: BenchLine & { ordersPerSecond: number } = {
    name: `bulk-jsonl-ingest-${kind}`,
    orders,
    customers: 0,
    seconds: Number(seconds.toFixed(3)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    ordersPerSecond: Math.round(r.written / seconds),
    target: kind === "sqlite" ? ">= 25,000 orders/s, < 400 MB" : ">= 15,000 orders/s, < 400 MB",
  };
  console.log(JSON.stringify(line));
}

export async function runIngestBench(): Promise<string[]> {
  // Written by a child of its own: holding and sorting a million orders needs a big heap.
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  spawnSync(process.execPath, ["--max-old-space-size=6000", tsx, import.meta.filename, "--write"], {
    cwd: root,
    stdio: "inherit",
  });
  const lines: string[] = [];
  for (const kind of ["sqlite", "postgresql"] as const) {
    const r = spawnSync(process.execPath, [tsx, import.meta.filename, "--child", kind], {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    lines.push(
      ...r.stdout
        .trim()
        .split("\n")
        .filter((l) => l.startsWith("{")),
    );
  }
  return lines;
}

if (process.argv[2] === "--write") await writeJsonl();
if (process.argv[2] === "--child") await child(process.argv[3] as "sqlite" | "postgresql");
