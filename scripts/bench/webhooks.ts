// Webhook route throughput: the production server (Express + the Remix build) takes
// HMAC-signed orders/create deliveries at a fixed 200 requests/s on loopback for 10 s,
// each a new order with its own event id; autocannon reports latency percentiles.
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

export async function runWebhookBench(): Promise<string[]> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "webhooks.sqlite");
  for (const s of ["", "-wal", "-shm"]) fs.rmSync(file + s, { force: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: `file:${file}`,
    SHOPIFY_API_KEY: "bench-api-key",
    SHOPIFY_API_SECRET: SECRET,
    SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
    PORT: String(port),
    DEMO_MODE: "0",
  };
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], { cwd: root, env, stdio: "ignore" });
  if (!fs.existsSync(path.join(root, "build", "server", "index.js"))) {
    execFileSync(process.execPath, [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"], { cwd: root, env, stdio: "ignore" });
  }
  const { createDb } = await import("../../app/db.server");
  const db = createDb(env.DATABASE_URL!);
  await db.shop.create({ data: { platform: "shopify", domain: SHOP, name: "Bench", currency: "EUR", timezone: "Europe/Amsterdam" } });
  await db.session.create({ data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "bench-token", scope: "read_orders" } });
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
    const run = (duration: number) => autocannon({
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
              id: id.toString(), admin_graphql_api_id: `gid://shopify/Order/${id}`, name: `#${seq}`, email: `b${seq % 500}@example.nl`,
              currency: "EUR", total_price_set: { shop_money: { amount: "49.95", currency_code: "EUR" } }, financial_status: "paid",
              created_at: new Date().toISOString(), updated_at: new Date().toISOString(), processed_at: new Date().toISOString(),
              customer: { id: String(seq % 500), admin_graphql_api_id: `gid://shopify/Customer/${seq % 500}` }, refunds: [],
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
                "x-shopify-api-version": "2025-04",
              },
            };
          },
        },
      ],
    });
    await run(3);
    const result = await run(10);
    const line = {
      name: "webhook-orders-create-200rps",
      orders: result.requests.total,
      customers: 0,
      seconds: result.duration,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      requestsPerSecond: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors,
      target: "200 req/s, p99 < 50 ms",
    };
    return [JSON.stringify(line)];
  } finally {
    server.kill("SIGTERM");
  }
}
