// Webhook route throughput: the production server (Express + the Remix build) takes
// HMAC-signed orders/create deliveries at a fixed 200 requests/s on loopback for 10 s,
// each a new order with its own event id; autocannon reports latency percentiles. Once on
// SQLite (the embedded default) and once on PostgreSQL (production).
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import autocannon from "autocannon";

const root = path.resolve(import.meta.dirname, "..", "..");
const dir = path.join(root, ".tmp", "bench");
const SHOP = "bench-webhooks.myshopify.com";
const SECRET = "bench-api-secret";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export async function runWebhookBench(only?: string): Promise<string[]> {
  const lines: string[] = [];
  for (const kind of ["sqlite", "postgresql"] as const) if (!only || only === kind) lines.push(await benchOn(kind));
  return lines;
}

/** Linux CPU time counters (all cores): total and stolen by the hypervisor. */
function cpuTicks(): { total: number; steal: number } | null {
  try {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { total: f.slice(0, 8).reduce((a, b) => a + b, 0), steal: f[7] ?? 0 };
  } catch {
    return null;
  }
}

/** The server process's peak RSS (Linux: VmHWM), not the load generator's. */
function serverPeakRssMb(pid: number | undefined): number | null {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
}

async function freshDatabase(kind: "sqlite" | "postgresql"): Promise<string> {
  if (kind === "sqlite") {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "webhooks.sqlite");
    for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
    return `file:${file}`;
  }
  const base = process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";
  const { default: pg } = await import("pg");
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query("DROP SCHEMA IF EXISTS bench_webhooks CASCADE");
  await c.end();
  return `${base}?schema=bench_webhooks`;
}

async function benchOn(kind: "sqlite" | "postgresql"): Promise<string> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: await freshDatabase(kind),
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    DEMO_MODE: "0",
  };
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { cwd: root, env, stdio: "ignore" });
  if (!fs.existsSync(path.join(root, "build", "server", "index.js"))) {
    execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], {
      cwd: root,
      env,
      stdio: "ignore",
    });
  }
  const { createDb } = await import("../../app/db/client.server");
  const db = createDb(env.DATABASE_URL!);
  await db.shop.create({
    data: { platform: "shopify", domain: SHOP, name: "Bench", currency: "EUR", timezone: "Europe/Amsterdam" },
  });
  await db.session.create({
    data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "bench-token", scope: "read_orders" },
  });
  await db.$disconnect();

  const server = spawn(process.execPath, ["server.mjs"], { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  try {
    for (let i = 0; i < 100; i++) {
      try {
        await fetch(`http://127.0.0.1:${port}/`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    let seq = 0;
    // Warm-up (not measured): the first requests pay for JIT compilation, the database
    // client's first query plans and prepared statements; the figure is the steady state.
    const run = (duration: number) =>
      autocannon({
        url: `http://127.0.0.1:${port}/webhooks/orders/create`,
        method: "POST",
        connections: 10,
        overallRate: 200,
        duration,
        requests: [
          {
            setupRequest: (req: Record<string, unknown>) => {
              const id = 7_000_000_000_000_000n + BigInt(++seq);
              const body = JSON.stringify({
                id: id.toString(),
                admin_graphql_api_id: `gid://shopify/Order/${id}`,
                name: `#${seq}`,
                email: `b${seq % 500}@example.nl`,
                currency: "EUR",
                total_price_set: { shop_money: { amount: "49.95", currency_code: "EUR" } },
                financial_status: "paid",
                created_at: new Date().toISOString(),
                updated_at: new Date().toISOString(),
                processed_at: new Date().toISOString(),
                customer: { id: String(seq % 500), admin_graphql_api_id: `gid://shopify/Customer/${seq % 500}` },
                refunds: [],
              });
              return {
                ...req,
                body,
                headers: {
                  "content-type": "application/json",
                  "x-shopify-hmac-sha256": crypto.createHmac("sha256", SECRET).update(body).digest("base64"),
                  "x-shopify-topic": "orders/create",
                  "x-shopify-shop-domain": SHOP,
                  "x-shopify-webhook-id": crypto.randomUUID(),
                  "x-shopify-event-id": crypto.randomUUID(),
                  "x-shopify-api-version": "2026-10",
                },
              };
            },
          },
        ],
      });
    await run(3);
    const before = cpuTicks();
    const result = await run(10);
    const after = cpuTicks();
    const line = {
      name: `webhook-orders-create-200rps-${kind}`,
      orders: result.requests.total,
      customers: 0,
      seconds: result.duration,
      peakRssMb: serverPeakRssMb(server.pid),
      requestsPerSecond: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      non2xx: result.non2xx,
      // CPU time the hypervisor gave to other guests during the run: latency figures taken
      // while it is high say more about the neighbours than about the app.
      hostStealPct:
        after && before
          ? Math.round((1000 * (after.steal - before.steal)) / Math.max(1, after.total - before.total)) / 10
          : null,
      errors: result.errors,
      target: "200 req/s, p99 < 50 ms",
    };
    return JSON.stringify(line);
  } finally {
    server.kill("SIGTERM");
  }
}
