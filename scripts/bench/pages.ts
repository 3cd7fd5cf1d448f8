// Admin page server time on the 200,000-customer benchmark shop: the production server in
// demo mode (so authenticate.admin runs on every request) serves each page's full HTML;
// the time to the last byte is the page's server time. Also times the analytics refresh
// that writes the snapshot and the 200,000 insight rows those pages read.
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { deriveOpaqueIdKeys, toOpaqueId } from "../../app/core/opaque-id";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = path.join(root, ".tmp", "bench");
const file = path.join(dir, "pages.sqlite");

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

// A browser's user agent: Shopify's library answers requests from bots with 410.
const BROWSER = {
  "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36",
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

export async function runPagesBench(): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const url = `file:${file}`;
  const lines: string[] = [];
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
  const { createDb } = await import("../../app/db/client.server");
  const { BENCHMARK_SHOP, DEFAULT_OBSERVATION_END } = await import("../../app/demo/generator");
  const { seedDemoShop } = await import("../../app/demo/seed.server");
  const { storeDemoSession } = await import("../../app/demo/session.server");
  const { refreshAnalyticsSnapshot } = await import("../../app/models/analytics-snapshot.server");
  const { ACCESS_SCOPES } = await import("../../app/shopify-scopes");
  const db = createDb(url);
  // The benchmark shop stands in as the demo shop (seeded once; the seed is idempotent).
  const seed = await seedDemoShop(db, BENCHMARK_SHOP);
  await storeDemoSession(db, ACCESS_SCOPES);
  const t = performance.now();
  const snapshot = await refreshAnalyticsSnapshot(db, seed.shopId, DEFAULT_OBSERVATION_END);
  lines.push(
    JSON.stringify({
      name: "analytics-refresh-with-insight-rows",
      orders: seed.orders,
      customers: snapshot.customers,
      seconds: Number(((performance.now() - t) / 1000).toFixed(3)),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      target: "background job; no target",
    }),
  );
  const someone = await db.customerInsight.findFirstOrThrow({
    where: { shopId: seed.shopId, customerId: { not: null } },
    orderBy: { revenueMinor: "desc" },
  });
  await db.$disconnect();

  execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
    cwd: root,
    stdio: "ignore",
  });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: url,
    DEMO_MODE: "1",
    PORT: String(port),
    SHOPIFY_API_KEY: "demo-api-key",
    SHOPIFY_API_SECRET: "demo-api-secret",
    SHOPIFY_APP_URL: `http://localhost:${port}`,
  };
  const server = spawn(process.execPath, ["server.mjs"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; ; i++) {
      try {
        await fetch(base + "/app");
        break;
      } catch {
        if (i > 150) throw new Error("server did not start");
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const pages: [string, string][] = [
      ["dashboard", "/app"],
      ["segments", "/app/segments"],
      ["winback", "/app/winback"],
      ["customers", "/app/customers"],
      ["customers-search-common", "/app/customers?q=jansen"],
      ["customers-search-email", `/app/customers?q=${encodeURIComponent(someone.email ?? "")}`],
      ["customers-segment-risk-sort", "/app/customers?segment=active-loyal&sort=risk"],
      ["customers-last-page", "/app/customers?page=200"],
      [
        "customer",
        `/app/customers/${toOpaqueId(deriveOpaqueIdKeys("demo-api-secret", "customer-url"), someone.customerKey)}`,
      ],
      ["nps", "/app/nps"],
      ["sync", "/app/sync"],
      ["import", "/app/import"],
      ["settings", "/app/settings"],
    ];
    for (const [name, p] of pages) {
      const times: number[] = [];
      for (let i = 0; i < 12; i++) {
        const t0 = performance.now();
        const res = await fetch(base + p, { headers: BROWSER });
        await res.text();
        if (res.status !== 200) throw new Error(`${p}: HTTP ${res.status}`);
        if (i >= 2) times.push(performance.now() - t0); // two warm-up requests
      }
      times.sort((a, b) => a - b);
      lines.push(
        JSON.stringify({
          name: `page-${name}`,
          orders: seed.orders,
          customers: snapshot.customers,
          p50Ms: Math.round(percentile(times, 0.5)),
          maxMs: Math.round(times[times.length - 1]),
          target: "server time < 300 ms",
        }),
      );
    }
  } finally {
    server.kill("SIGTERM");
  }
  return lines;
}
