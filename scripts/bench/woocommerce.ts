// WooCommerce full-sync benchmark against a real WordPress + WooCommerce store of 20,000+
// orders (woocommerce-store.ts: kept under .tmp/wordpress/bench, seeded once with
// WooCommerce's own PHP API). One child process per database runs the app's own sync
// (syncWooCommerce: REST client, mapper, ingest) from an empty shop to the last order, so its
// peak RSS is the sync's alone. The store's fetch is wrapped to time every request until its
// body is read: the wall time with a request in flight is WooCommerce's share (PHP, MariaDB,
// the transfer); the rest is ours alone (JSON parsing, mapping, database writes not overlapped
// by a request).
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { benchStore, type BenchStore } from "./woocommerce-store";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = path.join(root, ".tmp", "bench");

async function child(kind: "sqlite" | "postgresql", store: BenchStore, concurrency: number) {
  const url =
    kind === "sqlite"
      ? `file:${path.join(dir, "woo-sync.sqlite")}`
      : `${process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test"}?schema=bench_woo_sync`;
  if (kind === "sqlite")
    for (const s of ["", "-wal", "-shm", "-journal"]) fs.rmSync(path.join(dir, `woo-sync.sqlite${s}`), { force: true });
  else {
    const { default: pg } = await import("pg");
    const c = new pg.Client({ connectionString: url.split("?")[0] });
    await c.connect();
    await c.query("DROP SCHEMA IF EXISTS bench_woo_sync CASCADE");
    await c.end();
  }
  execFileSync(process.execPath, [path.join(root, "scripts", "prisma.mjs"), "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
  const { createDb } = await import("../../app/db/client.server");
  const { createWooClient } = await import("../../app/platforms/woocommerce/rest-client.server");
  const { createStoreFetch } = await import("../../app/platforms/woocommerce/store-network.server");
  const { syncWooCommerce } = await import("../../app/workflows/sync/woocommerce-sync.server");
  const db = createDb(url);
  const shop = await db.shop.create({
    data: { platform: "woocommerce", domain: "bench-woo.example.com", name: "Bench", currency: "EUR", timezone: "UTC" },
  });

  // Every request timed from its start until its body is read (the client reads it at once).
  // With requests side by side, "waiting on WooCommerce" is the wall time during which at least
  // one request was in flight; requestSeconds adds up each request's own time.
  const storeFetch = createStoreFetch(store.url, { allowLoopback: true });
  let requestMs = 0;
  let busyMs = 0;
  let inFlight = 0;
  let busySince = 0;
  let requests = 0;
  const timedFetch: typeof storeFetch = async (u, init) => {
    const t = performance.now();
    if (inFlight++ === 0) busySince = t;
    try {
      const response = await storeFetch(u, init);
      const text = await response.text();
      return {
        status: response.status,
        ok: response.ok,
        headers: response.headers,
        body: null,
        text: async () => text,
      };
    } finally {
      const end = performance.now();
      requestMs += end - t;
      requests++;
      if (--inFlight === 0) busyMs += end - busySince;
    }
  };
  const perPage = Number(process.env.BENCH_WOO_PER_PAGE ?? 100);
  const client = createWooClient({
    baseUrl: store.url,
    consumerKey: store.consumerKey,
    consumerSecret: store.consumerSecret,
    perPage,
    fetch: timedFetch,
    timeoutMs: 120_000,
  });

  const t = performance.now();
  const result = await syncWooCommerce({ db, client }, shop.id, new Date(), { concurrency });
  const seconds = (performance.now() - t) / 1000;
  const orders = await db.order.count({ where: { shopId: shop.id } });
  await db.$disconnect();
  const http = busyMs / 1000;
  console.log(
    JSON.stringify({
      name: `woocommerce-full-sync-${kind}-concurrency-${concurrency}`,
      storeOrders: store.orders,
      orders,
      customers: result.customersWritten,
      perPage,
      concurrency,
      requests,
      seconds: Number(seconds.toFixed(3)),
      ordersPerSecond: Math.round(result.ordersFetched / seconds),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      waitingOnWooCommerceSeconds: Number(http.toFixed(3)),
      waitingOnWooCommercePct: Math.round((http / seconds) * 100),
      oursSeconds: Number((seconds - http).toFixed(3)),
      requestSeconds: Number((requestMs / 1000).toFixed(3)),
      msPerRequest: Math.round(requestMs / Math.max(1, requests)),
      failed: result.failed.length,
      target: "all orders, < 300 MB; most of the time is WooCommerce's",
    }),
  );
}

export async function runWooCommerceBench(only?: string): Promise<string[]> {
  // Seeding happens here, in the parent, once: progress on stderr.
  const store = await benchStore();
  const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
  fs.mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  // One page at a time against the default three windows side by side (the store serves 4 PHP workers).
  const cases = [
    { kind: "sqlite", concurrency: 1 },
    { kind: "sqlite", concurrency: 3 },
    { kind: "postgresql", concurrency: 3 },
  ] as const;
  for (const { kind, concurrency } of cases) {
    if (only && only !== kind) continue;
    const args = [tsx, import.meta.filename, "--child", kind, JSON.stringify(store), String(concurrency)];
    const r = spawnSync(process.execPath, args, {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "1" },
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

if (process.argv[2] === "--child")
  await child(
    process.argv[3] as "sqlite" | "postgresql",
    JSON.parse(process.argv[4]) as BenchStore,
    Number(process.argv[5] ?? 3),
  );
