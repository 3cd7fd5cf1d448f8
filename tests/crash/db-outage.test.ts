// PostgreSQL away for a moment (a restart, a network cut, a server that stops answering): the
// app reaches it through a TCP proxy the test cuts, so the machine's PostgreSQL keeps running.
// Webhooks get a clear 503 within Shopify's 5 s (so Shopify retries), nothing is half written,
// the process stays up (an unhandled rejection or pool error would fail this file), the outage
// is logged once, and the retry after the database is back stores the delivery. Always on
// PostgreSQL: the embedded SQLite file cannot be away.
import crypto from "node:crypto";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { migratePostgres } from "../../scripts/pg-migrate.mjs";
import { POSTGRES_URL, dropTestDatabase } from "../helpers/db";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../helpers/app-env";
import { callAction, webhookRequest } from "../helpers/webhooks";
import { startTcpProxy } from "./tcp-proxy";

const pgUrl = new URL(POSTGRES_URL);
const proxy = await startTcpProxy({ host: pgUrl.hostname, port: Number(pgUrl.port || 5432) });
const schema = `t_outage_${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
const directUrl = `${POSTGRES_URL}?schema=${schema}`;
await migratePostgres(directUrl, path.resolve("prisma/postgresql/migrations"), () => {});
const viaProxy = new URL(directUrl);
viaProxy.port = String(proxy.port);
Object.assign(process.env, {
  NODE_ENV: "test",
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
  DATABASE_URL: viaProxy.toString(),
  DATABASE_CONNECT_TIMEOUT_MS: "1000",
  DEMO_MODE: "0",
});
delete process.env.REDIS_URL;
const { default: db } = await import("~/db/client.server");
const { startJobs } = await import("~/jobs/registry.server");
await startJobs();
const ordersCreate = await import("~/routes/webhooks.orders.create");
const entry = await import("~/entry.server");
const { getJobQueue } = await import("~/jobs/queue.server");
afterAll(async () => {
  await (await getJobQueue()).close();
  const { closeRawSql } = await import("~/db/raw-sql.server");
  await closeRawSql(db);
  await db.$disconnect();
  await proxy.close();
  await dropTestDatabase(directUrl);
});

const SHOP = "outage-shop.myshopify.com";
const shop = await db.shop.create({
  data: { platform: "shopify", domain: SHOP, name: "Shop", currency: "EUR", timezone: "Europe/Amsterdam" },
});

const order = (id: number) => ({
  id,
  admin_graphql_api_id: `gid://shopify/Order/${id}`,
  currency: "EUR",
  total_price_set: { shop_money: { amount: "12.50", currency_code: "EUR" } },
  financial_status: "paid",
  created_at: "2026-01-01T10:00:00Z",
  updated_at: "2026-01-01T10:00:00Z",
  refunds: [],
});
async function deliver(id: number) {
  const started = performance.now();
  const res = await callAction(
    ordersCreate,
    webhookRequest("orders/create", order(id), { shop: SHOP, eventId: `e${id}` }),
  );
  return { res, ms: performance.now() - started };
}
const outageLines = () =>
  vi
    .mocked(console.error)
    .mock.calls.map((c) => String(c[0]))
    .filter((l) => l.startsWith("The database is unreachable"));

describe("the database away for a moment", () => {
  it("answers webhooks 503 within Shopify's budget while PostgreSQL refuses connections, logging the outage once", async () => {
    vi.mocked(console.error).mockImplementation(() => {}); // counted below
    await proxy.cut();
    for (const id of [1, 2, 3]) {
      const { res, ms } = await deliver(id);
      expect(res.status).toBe(503);
      expect(res.headers.get("Retry-After")).toBe("5");
      expect(await res.text()).toMatch(/database is unavailable/);
      expect(ms).toBeLessThan(2000);
    }
    expect(outageLines()).toHaveLength(1);
  });

  it("answers 503 within the connect timeout when the server accepts connections but never answers", async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    await proxy.restore();
    proxy.blackhole();
    const { res, ms } = await deliver(4);
    expect(res.status).toBe(503);
    expect(ms).toBeLessThan(1000 + 1500); // DATABASE_CONNECT_TIMEOUT_MS, plus the HMAC and the shop lookup
  });

  it("stores every delivery, once and whole, when Shopify retries after the database is back", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await proxy.restore();
    for (const id of [1, 2, 3, 4]) expect((await deliver(id)).res.status).toBe(200);
    const orders = await db.order.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(orders.map((o) => [o.id, o.totalMinor])).toEqual([
      ["1", 1250n],
      ["2", 1250n],
      ["3", 1250n],
      ["4", 1250n],
    ]);
    const events = await db.webhookEvent.findMany({ where: { shopId: shop.id } });
    expect(events.map((e) => e.status)).toEqual(["processed", "processed", "processed", "processed"]);
    expect(log.mock.calls.map((c) => String(c[0])).filter((l) => l.startsWith("The database"))).toEqual([
      expect.stringMatching(/reachable again/),
    ]);
    log.mockRestore();
  });

  it("turns an admin page's 500 into a 503 when its loader failed because the database was away", async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    await proxy.cut();
    const error = await db.shop.findMany().then(
      () => null,
      (e: unknown) => e,
    );
    await proxy.restore();
    expect(error).toBeTruthy();
    const request = new Request(`${TEST_APP_URL}/app.data`);
    entry.handleError(error, { request, params: {}, context: {} });
    const answer = await entry.handleDataRequest(new Response("boom", { status: 500 }), {
      request,
      params: {},
      context: {},
    });
    expect(answer.status).toBe(503);
    // A loader failing for another reason keeps its 500 and its log line.
    const other = new Request(`${TEST_APP_URL}/app.data`);
    entry.handleError(new Error("a bug"), { request: other, params: {}, context: {} });
    expect(
      (
        await entry.handleDataRequest(new Response("boom", { status: 500 }), {
          request: other,
          params: {},
          context: {},
        })
      ).status,
    ).toBe(500);
    expect(vi.mocked(console.error).mock.calls.some((c) => String(c[0]).includes("a bug"))).toBe(true);
  });
});
