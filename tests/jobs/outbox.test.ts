// Redis away (REDIS_URL set, BullMQ): webhooks are still answered well within Shopify's 5 s,
// the follow-up job is kept in the database outbox and moved into Redis when it is back, and
// the outage is one log line when it starts and one when it ends. Redis is reached through a
// TCP proxy the test cuts, so the machine's Redis is never touched.
import crypto from "node:crypto";
import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTcpProxy } from "../crash/tcp-proxy";
import { useAppEnv } from "../helpers/app-env";
import { callAction, webhookRequest } from "../helpers/webhooks";

const REDIS = new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
const proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
const QUEUE = `test-outbox-${crypto.randomBytes(4).toString("hex")}`;
const { db } = await useAppEnv({
  REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
  JOB_QUEUE_NAME: QUEUE,
  JOB_WORKER: "0", // a web process: it only enqueues
  REDIS_ENQUEUE_TIMEOUT_MS: "400",
  OUTBOX_EVERY_MS: "200",
});
const ordersCreate = await import("~/routes/webhooks.orders.create");
const { getJobQueue, BullMqJobQueue } = await import("~/jobs/queue.server");
const { JOBS } = await import("~/jobs/enqueue.server");
// What Redis itself holds, seen directly (not through the proxy).
const inRedis = new Queue(QUEUE, { connection: { host: REDIS.hostname, port: Number(REDIS.port || 6379) } });

const SHOP = "outbox-shop.myshopify.com";
let shopId: string;
beforeAll(async () => {
  const queue = await getJobQueue();
  expect(queue).toBeInstanceOf(BullMqJobQueue);
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: SHOP, name: "Shop", currency: "EUR", timezone: "Europe/Amsterdam" },
    })
  ).id;
});
afterAll(async () => {
  await (await getJobQueue()).close();
  await inRedis.obliterate({ force: true });
  await inRedis.close();
  await proxy.close();
});

let seq = 0;
function order() {
  const id = 4_000_000 + ++seq;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    currency: "EUR",
    total_price_set: { shop_money: { amount: "10.00", currency_code: "EUR" } },
    financial_status: "paid",
    created_at: new Date().toISOString(),
    updated_at: new Date().toISOString(),
    refunds: [],
  };
}
async function timedDelivery() {
  const started = performance.now();
  const res = await callAction(ordersCreate, webhookRequest("orders/create", order(), { shop: SHOP }));
  return { status: res.status, ms: performance.now() - started };
}
const kept = () => db.jobOutbox.findMany({ where: { shopId } });
async function until(check: () => Promise<boolean>, ms = 8000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 50));
  }
}
/** Resolves once the web process's queue connection is ready (at once when it already is). */
const redisReady = async () => {
  const queue = await getJobQueue();
  await new Promise<void>((resolve) => (queue as InstanceType<typeof BullMqJobQueue>).onRedisReady(resolve));
};
const redisLines = (spy: typeof console.error | typeof console.log) =>
  vi
    .mocked(spy)
    .mock.calls.map((c) => String(c[0]))
    .filter((l) => l.startsWith("Redis at"));

describe("Redis away", () => {
  it("answers webhooks within a second with the work stored, keeps the refresh in the outbox, and logs the outage once", async () => {
    vi.mocked(console.error).mockImplementation(() => {}); // the outage line is expected; counted below
    await proxy.cut();
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await timedDelivery());
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1000);
    expect(await db.order.count({ where: { shopId } })).toBe(5);
    expect(await db.webhookEvent.count({ where: { shopId, status: "processed" } })).toBe(5);
    // One refresh job per shop, however many webhooks asked for it.
    expect((await kept()).map((j) => [j.name, j.jobKey])).toEqual([[JOBS.refreshAnalytics, `analytics:${shopId}`]]);
    // ioredis keeps reconnecting meanwhile: still one line.
    await new Promise((r) => setTimeout(r, 1000));
    expect(redisLines(console.error)).toEqual([expect.stringMatching(/is unreachable .*outbox/)]);
  });

  it("moves the kept jobs into Redis when it is back, empties the outbox, and says so once", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    // On a loaded machine the first reconnect can fail once more (a command issued as the
    // connection comes up): that is a second, short outage and gets its own single line.
    vi.mocked(console.error).mockImplementation(() => {});
    await proxy.restore();
    await until(async () => (await kept()).length === 0, 30_000);
    const jobs = await inRedis.getJobs(["waiting", "delayed"]);
    expect(jobs.map((j) => [j.name, j.data.shopId])).toEqual([[JOBS.refreshAnalytics, shopId]]);
    const back = redisLines(console.log);
    const downAgain = redisLines(console.error);
    // One "reachable again" line per outage: the first one, plus one for each short relapse.
    expect(back.length).toBe(1 + downAgain.length);
    expect(back.join("\n")).toMatch(/reachable again .*1 kept jobs moved/);
    for (const line of downAgain)
      expect(line).toMatch(/^Redis at \S+ is unreachable \(.*\): webhooks are still answered/);
    log.mockRestore();
    await redisReady();
    // Back to normal: the next webhook's job goes straight to Redis.
    expect((await timedDelivery()).status).toBe(200);
    expect(await kept()).toEqual([]);
  });

  it("a process that starts while Redis is away keeps its jobs and hands them over once Redis comes", async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await inRedis.obliterate({ force: true });
    // A proxy of its own: the web process's queue above stays connected.
    const own = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) });
    await own.cut();
    const { keepJob, oldestJobs, removeJob } = await import("~/models/job-outbox.server");
    const late = new BullMqJobQueue(`redis://127.0.0.1:${own.port}`, {
      queueName: QUEUE,
      enqueueTimeoutMs: 300,
      outboxEveryMs: 200,
    });
    late.useOutbox({
      keep: (job) => keepJob(db, job),
      oldest: (n) => oldestJobs(db, n),
      remove: (job) => removeJob(db, job),
    });
    const started = performance.now();
    await late.enqueue(JOBS.refreshAnalytics, {}, { shopId, jobId: `analytics:${shopId}`, delayMs: 60_000 });
    expect(performance.now() - started).toBeLessThan(300); // not connected: straight to the outbox
    expect((await kept()).map((j) => j.runAt.getTime() - Date.now())).toEqual([expect.any(Number)]);
    await own.restore();
    await until(async () => (await kept()).length === 0);
    // The delay it was asked with is kept (about a minute from the ask, not from the move).
    const [job] = await inRedis.getJobs(["delayed"]);
    expect(job.name).toBe(JOBS.refreshAnalytics);
    expect(job.opts.delay).toBeGreaterThan(50_000);
    await late.close();
    await own.close();
    log.mockRestore();
  });

  it("a queue whose first connection check ran into an outage hands Redis its jobs once Redis is back", async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await inRedis.obliterate({ force: true });
    // ioredis' own ready check is the first INFO on a new connection; BullMQ's version check is
    // the second. The network goes away exactly then, long enough for that check to fail.
    let infos = 0;
    let outage: Promise<void> | undefined;
    const flaky = await startTcpProxy(
      { host: REDIS.hostname, port: Number(REDIS.port || 6379) },
      {
        inspect: (chunk) => {
          if (!/\r\ninfo\r\n/i.test(chunk.toString("latin1")) || ++infos !== 2) return;
          outage = (async () => {
            await flaky.cut();
            await new Promise((r) => setTimeout(r, 1500));
            await flaky.restore();
          })();
          return "drop";
        },
      },
    );
    const { keepJob, oldestJobs, removeJob } = await import("~/models/job-outbox.server");
    const queue = new BullMqJobQueue(`redis://127.0.0.1:${flaky.port}`, {
      queueName: QUEUE,
      enqueueTimeoutMs: 2000,
      outboxEveryMs: 200,
    });
    queue.useOutbox({
      keep: (job) => keepJob(db, job),
      oldest: (n) => oldestJobs(db, n),
      remove: (job) => removeJob(db, job),
    });
    await until(async () => outage !== undefined);
    await outage;
    await new Promise<void>((resolve) => queue.onRedisReady(resolve));
    await queue.enqueue(JOBS.refreshAnalytics, {}, { shopId, jobId: `analytics:${shopId}` });
    expect(await kept()).toEqual([]);
    expect((await inRedis.getJobs(["waiting"])).map((j) => j.name)).toEqual([JOBS.refreshAnalytics]);
    await queue.close();
    await flaky.close();
    log.mockRestore();
  });

  it("does not hold a webhook longer than the enqueue timeout when Redis accepts but never answers", async () => {
    vi.mocked(console.error).mockImplementation(() => {});
    await inRedis.obliterate({ force: true });
    await redisReady(); // the web process's queue is connected again before the network goes silent
    proxy.freeze(); // the connection stays open and "ready": every command just hangs
    const { status, ms } = await timedDelivery();
    expect(status).toBe(200);
    expect(ms).toBeLessThan(400 + 600); // the 400 ms timeout plus the webhook's own work
    expect(ms).toBeGreaterThanOrEqual(380);
    expect((await kept()).map((j) => j.name)).toEqual([JOBS.refreshAnalytics]);
    await proxy.restore();
    await until(async () => (await kept()).length === 0);
  });
});
