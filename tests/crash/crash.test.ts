// kill -9 at chosen points, then restart, then count: a real child process (tests/crash/child.ts:
// the app's job engine and webhook front door) runs a shop's history backfill against the fake
// Admin API while four order webhooks are in flight, each stopped at a different point of its
// delivery; the backfill is stopped mid-way through the orders file. The test SIGKILLs the
// process, starts a new one (which restores the unfinished backfill by itself), sends Shopify's
// retries, and counts: every order once, points once per order, the backfill resumed from its
// checkpoint (not restarted), every shop's schedule back. On both job engines (in-process, and
// a BullMQ worker on Redis) and on the test run's database (SQLite, or TEST_DATABASE=postgresql).
import crypto from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, describe, it } from "vitest";
import { generateDemoShop } from "~/demo/generator";
import { adminCustomer, adminOrder } from "~/demo/admin-records";
import type { Db } from "~/db/client.server";
import { startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin";
import { TEST_API_SECRET } from "../helpers/app-env";
import { testDatabaseKind, useTestDb } from "../helpers/db";
import { childEnv, killChildren, startChild, until, type Child } from "./child-process";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const redis = new URL(REDIS_URL);
const POINTS = ["before-work", "at-refresh", "after-work", "before-answer"] as const;
const BULK_PAUSE_AFTER_ORDERS = 450;
const MEMBER = "9100001";

afterAll(killChildren);

function orderBody(n: number) {
  const at = new Date(Date.now() - 3_600_000).toISOString();
  const id = 9_200_000 + n;
  return JSON.stringify({
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#W${n}`,
    currency: "EUR",
    total_price_set: { shop_money: { amount: "25.00", currency_code: "EUR" } },
    financial_status: "paid",
    processed_at: at,
    created_at: at,
    updated_at: at,
    customer: { id: Number(MEMBER), admin_graphql_api_id: `gid://shopify/Customer/${MEMBER}` },
    refunds: [],
  });
}

/** Shopify's delivery of order n (the same event id on every retry). */
function deliver(child: Child, domain: string, n: number, pause = "") {
  const body = orderBody(n);
  return fetch(`http://127.0.0.1:${child.port}/webhooks/orders/create`, {
    method: "POST",
    body,
    headers: {
      "content-type": "application/json",
      "x-shopify-hmac-sha256": crypto.createHmac("sha256", TEST_API_SECRET).update(body).digest("base64"),
      "x-shopify-topic": "orders/create",
      "x-shopify-shop-domain": domain,
      "x-shopify-webhook-id": `webhook-${n}`,
      "x-shopify-event-id": `event-${n}`,
      "x-shopify-api-version": "2026-10",
      "x-test-pause": pause,
    },
  });
}

/**
 * Shopify's own retry: a delivery answered 503 (the database busy for a moment while the restarted
 * process resumes its backfill on a loaded machine) is sent again later; any other answer is final.
 */
async function deliverAsShopify(child: Child, domain: string, n: number) {
  for (let attempt = 1; ; attempt++) {
    const res = await deliver(child, domain, n);
    if (res.status !== 503 || attempt === 5) return res;
    await new Promise((r) => setTimeout(r, 1000 * attempt));
  }
}

async function seed(db: Db, fake: FakeShopifyAdmin, domain: string) {
  const shop = await db.shop.create({
    data: { platform: "shopify", domain, name: "Crash Shop", currency: "EUR", timezone: "Europe/Amsterdam" },
  });
  await db.session.create({
    data: {
      id: `offline_${domain}`,
      shop: domain,
      state: "",
      isOnline: false,
      accessToken: fake.accessToken,
      scope: "read_orders,read_all_orders,read_customers",
    },
  });
  // What install writes before it queues the backfill job (the job itself lived in memory).
  await db.syncState.create({
    data: { shopId: shop.id, kind: "backfill", status: "running", cursor: null, startedAt: new Date() },
  });
  // A loyalty member: each webhook order earns points, which must never be awarded twice.
  await db.loyaltyAccount.create({
    data: {
      shopId: shop.id,
      customerId: MEMBER,
      referralCode: `REF${crypto.randomBytes(4).toString("hex")}`,
      enrolledAt: new Date(Date.now() - 86_400_000),
    },
  });
  // Another shop whose history is in: its catch-up schedule must exist after every restart.
  const synced = await db.shop.create({
    data: { platform: "shopify", domain: `synced-${domain}`, name: "Synced", currency: "EUR", timezone: "UTC" },
  });
  await db.syncState.create({ data: { shopId: synced.id, kind: "backfill", status: "completed" } });
  return { shop, synced };
}

// A database per engine: each restart restores whatever its database holds.
const scenarios = [
  { engine: "in-process", database: await useTestDb(), extra: (): Record<string, string> => ({}) },
  {
    engine: "BullMQ worker",
    database: await useTestDb(),
    extra: (): Record<string, string> => ({
      REDIS_URL,
      JOB_WORKER: "1",
      JOB_QUEUE_NAME: `crash-${crypto.randomBytes(4).toString("hex")}`,
    }),
  },
];

// The two engines run side by side (each has its own database, fake and processes): the
// children's start-up, not the work, is most of the time.
describe.concurrent.each(scenarios)("kill -9 on the $engine engine", ({ engine, database, extra }) => {
  it(
    "loses no order and duplicates none, resumes the backfill from its checkpoint and restores every schedule",
    { timeout: 120_000 },
    async ({ expect }) => {
      const started = Date.now();
      const { db, url } = database;
      const domain = `crash-${engine === "in-process" ? "mem" : "bull"}.myshopify.com`;
      const fake = await startFakeShopifyAdmin({ shop: domain, bulkPollsToComplete: 2 });
      for (const chunk of generateDemoShop({ customers: 250, seed: 7 })) {
        fake.state.customers.push(...chunk.customers.map(adminCustomer));
        fake.state.orders.push(...chunk.orders.map(adminOrder));
      }
      const { shop, synced } = await seed(db, fake, domain);
      const jobEnv = extra();
      const env = {
        ...childEnv(url, fake.url),
        BACKFILL_POLL_MS: "50",
        BACKFILL_BATCH_LINES: "100",
        BACKFILL_COMMIT_LINES: "100",
        ANALYTICS_DEBOUNCE_MS: "100",
        ...jobEnv,
      };
      try {
        // GIVEN a process mid-way: the backfill stopped inside the orders file, four deliveries
        // each stopped at another point of their way
        const first = await startChild({ ...env, CRASH_BULK_PAUSE: String(BULK_PAUSE_AFTER_ORDERS) });
        const bootMs = Date.now() - started;
        const inFlight = POINTS.map((point, i) => deliver(first, domain, i + 1, point).catch(() => null));
        for (const point of POINTS) await first.until(`PAUSED ${point}`);
        await first.until("PAUSED bulk").catch(async (e) => {
          const failed = await (await fetch(`http://127.0.0.1:${first.port}/failed`)).text();
          const state = await db.syncState.findMany({ where: { shopId: shop.id } });
          throw new Error(`${e.message}; failed jobs: ${failed}; state: ${JSON.stringify(state)}`);
        });
        const checkpoint = await db.syncState.findUniqueOrThrow({
          where: { shopId_kind: { shopId: shop.id, kind: "backfill" } },
        });
        const atKill = JSON.parse(checkpoint.cursor!) as { phase: string; line: number };
        const ordersAtKill = await db.order.count({ where: { shopId: shop.id } });

        // WHEN it is killed (no clean-up of any kind) and a new process starts
        first.proc.kill("SIGKILL");
        await first.exited;
        const answersBeforeKill = await Promise.all(inFlight);
        expect(answersBeforeKill).toEqual([null, null, null, null]); // none was answered
        const killedAt = Date.now();
        const toKillMs = killedAt - started;
        const second = await startChild(env);
        const restartMs = Date.now() - killedAt;
        // ... and Shopify retries every delivery it got no answer for
        const retries = await Promise.all(POINTS.map((_p, i) => deliverAsShopify(second, domain, i + 1)));
        expect(retries.map((r) => r.status)).toEqual([200, 200, 200, 200]);
        await until(
          async () =>
            (await db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId: shop.id, kind: "backfill" } } }))
              .status === "completed",
          "the resumed backfill",
        );
        await until(
          async () => (await db.analyticsSnapshot.count({ where: { shopId: shop.id } })) > 0,
          "the dashboard refresh",
        );
        const resumedMs = Date.now() - killedAt;
        // The finished shop's schedule follows its completion (a moment later on Redis).
        const id = (s: string) => (engine === "in-process" ? s : s.replace(/:/g, "_"));
        const wanted = [id(`reconcile:${shop.id}`), id(`reconcile:${synced.id}`)];
        let schedules: string[] = [];
        await until(async () => {
          schedules = (await (await fetch(`http://127.0.0.1:${second.port}/schedules`)).json()) as string[];
          return wanted.every((w) => schedules.includes(w));
        }, "the schedules").catch(() => {}); // asserted below, with what there was

        second.proc.kill("SIGKILL");
        await second.exited;

        // THEN the checkpoint was mid-way through the orders and the backfill went on from there
        expect(atKill.phase).toBe("orders");
        expect(atKill.line).toBeGreaterThan(0);
        expect(fake.state.bulkOperations.map((b) => b.status)).toEqual(["COMPLETED", "COMPLETED"]);
        // every order exactly once: the whole history plus the four webhook orders
        const orders = await db.order.count({ where: { shopId: shop.id } });
        expect(orders).toBe(fake.state.orders.length + POINTS.length);
        const webhookOrders = await db.order.findMany({
          where: { shopId: shop.id, customerId: MEMBER },
          orderBy: { id: "asc" },
        });
        expect(webhookOrders.map((o) => [o.id, o.totalMinor])).toEqual(
          POINTS.map((_p, i) => [String(9_200_001 + i), 2500n]),
        );
        expect(await db.customer.count({ where: { shopId: shop.id } })).toBe(fake.state.customers.length);
        const refunds = fake.state.orders.reduce((n, o) => n + o.refunds.length, 0);
        expect(await db.refund.count({ where: { shopId: shop.id } })).toBe(refunds);
        // points once per order, never twice
        const earned = await db.loyaltyEntry.groupBy({
          by: ["orderId"],
          where: { shopId: shop.id, customerId: MEMBER, kind: "earn_order" },
          _count: { _all: true },
        });
        expect(earned.map((e) => e._count._all)).toEqual([1, 1, 1, 1]);
        // every delivery done
        const events = await db.webhookEvent.groupBy({
          by: ["status"],
          where: { shopId: shop.id },
          _count: { _all: true },
        });
        expect(events.map((e) => [e.status, e._count._all])).toEqual([["processed", 4]]);
        // the schedules, of the shop that finished now and of the shop that was synced before
        expect(schedules).toEqual(expect.arrayContaining(wanted));

        console.log(
          JSON.stringify({
            crash: engine,
            database: testDatabaseKind(),
            killPoints: [...POINTS, `bulk orders line ${BULK_PAUSE_AFTER_ORDERS}`],
            checkpointAtKill: atKill,
            ordersAtKill,
            ordersAfter: orders,
            expectedOrders: fake.state.orders.length + POINTS.length,
            bootMs,
            toKillMs,
            restartMs,
            resumedMs,
            totalMs: Date.now() - started,
          }),
        );
      } finally {
        await fake.close();
        if (jobEnv.REDIS_URL) {
          const q = new Queue(jobEnv.JOB_QUEUE_NAME, {
            connection: { host: redis.hostname, port: Number(redis.port || 6379) },
          });
          await q.obliterate({ force: true });
          await q.close();
        }
      }
    },
  );
});
