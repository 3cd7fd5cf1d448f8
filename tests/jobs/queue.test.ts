import crypto from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { enqueueAfterLease } from "~/jobs/enqueue.server";
import { BullMqJobQueue, InProcessJobQueue, type JobQueue } from "~/jobs/queue.server";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

const engines: [string, () => JobQueue][] = [
  ["in-process", () => new InProcessJobQueue(2)],
  ["BullMQ on Redis", () => new BullMqJobQueue(REDIS_URL, `test-${crypto.randomBytes(4).toString("hex")}`, 2)],
];

const opened: JobQueue[] = [];
afterAll(async () => {
  for (const q of opened) {
    if (q instanceof BullMqJobQueue) await q.obliterate();
    await q.close();
  }
});

function open(make: () => JobQueue) {
  const q = make();
  opened.push(q);
  return q;
}

describe.each(engines)("job queue: %s", (_name, make) => {
  it("runs a job with its payload and the shop it belongs to", async () => {
    const q = open(make);
    const seen: unknown[] = [];
    q.registerHandler("echo", async (p) => void seen.push(p));
    q.start();
    await q.enqueue("echo", { n: 1 }, { shopId: "shop-1" });
    await q.drain();
    expect(seen).toEqual([{ n: 1, shopId: "shop-1" }]);
  });

  it("retries a failing job with backoff until it succeeds", async () => {
    const q = open(make);
    const times: number[] = [];
    q.registerHandler("flaky", async () => {
      times.push(Date.now());
      if (times.length < 3) throw new Error("temporary");
    });
    q.start();
    await q.enqueue("flaky", {}, { shopId: "s", attempts: 5, backoffMs: 40 });
    await q.drain();
    expect(times).toHaveLength(3);
    // Exponential: the second wait is about twice the first.
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(35);
    expect(times[2] - times[1]).toBeGreaterThanOrEqual(75);
    expect(await q.failedJobs("s")).toEqual([]);
  });

  it("keeps a job that always fails visible with its error and attempt count", async () => {
    const q = open(make);
    q.registerHandler("broken", async () => {
      throw new Error("the shop's token was revoked");
    });
    q.start();
    await q.enqueue("broken", {}, { shopId: "shop-x", attempts: 3, backoffMs: 10 });
    await q.drain();
    const failed = await q.failedJobs("shop-x");
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({
      name: "broken",
      shopId: "shop-x",
      attempts: 3,
      error: "the shop's token was revoked",
    });
    expect(await q.failedJobs("another-shop")).toEqual([]);
  });

  it("runs a job enqueued twice under the same id once", async () => {
    const q = open(make);
    let runs = 0;
    q.registerHandler("refresh", async () => {
      runs++;
    });
    await q.enqueue("refresh", {}, { shopId: "s", jobId: "analytics:s", delayMs: 30 });
    await q.enqueue("refresh", {}, { shopId: "s", jobId: "analytics:s", delayMs: 30 });
    q.start();
    await new Promise((r) => setTimeout(r, 60));
    await q.drain();
    expect(runs).toBe(1);
  });

  it("runs a job again under the same id once its first run has finished", async () => {
    const q = open(make);
    let runs = 0;
    q.registerHandler("refresh", async () => {
      runs++;
    });
    q.start();
    await q.enqueue("refresh", {}, { shopId: "s", jobId: "analytics:s" });
    await waitFor(() => runs === 1);
    await q.drain();
    // The first run is finished: a later change must get its own refresh.
    await q.enqueue("refresh", {}, { shopId: "s", jobId: "analytics:s" });
    await waitFor(() => runs === 2);
    expect(runs).toBe(2);
  });

  it("runs a job once more when its id is enqueued while it runs, with the latest payload", async () => {
    const q = open(make);
    const seen: unknown[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    q.registerHandler("refresh", async (payload) => {
      seen.push(payload.version);
      if (seen.length === 1) await gate;
    });
    q.start();
    await q.enqueue("refresh", { version: 1 }, { shopId: "s", jobId: "analytics:s" });
    await waitFor(() => seen.length === 1); // running, and may have read the data already
    await q.enqueue("refresh", { version: 2 }, { shopId: "s", jobId: "analytics:s" });
    await q.enqueue("refresh", { version: 3 }, { shopId: "s", jobId: "analytics:s" });
    release();
    await waitFor(() => seen.length === 2);
    await new Promise((r) => setTimeout(r, 100));
    await q.drain();
    expect(seen).toEqual([1, 3]);
  });

  it("lets a running job finish when the queue closes", async () => {
    const q = make();
    let finished = false;
    q.registerHandler("slow", async () => {
      await new Promise((r) => setTimeout(r, 150));
      finished = true;
    });
    q.start();
    await q.enqueue("slow", {}, { shopId: "s" });
    await new Promise((r) => setTimeout(r, 50)); // running now
    await q.close();
    expect(finished).toBe(true);
    if (q instanceof BullMqJobQueue) {
      const cleanup = new BullMqJobQueue(REDIS_URL, (q as unknown as { queueName: string }).queueName);
      await cleanup.obliterate();
      await cleanup.close();
    }
  });
});

describe.each(engines)("scheduled jobs: %s", (_name, make) => {
  it("runs a scheduled job repeatedly, and a second schedule under the same id replaces the first", async () => {
    const q = open(make);
    const runs: { label: string; at: number }[] = [];
    q.registerHandler("tick", async (p) => void runs.push({ label: String(p.label), at: Date.now() }));
    q.start();
    const t0 = Date.now();
    await q.schedule("tick:s", "tick", 60, { label: "old" }, { shopId: "s" });
    await q.schedule("tick:s", "tick", 60, { label: "new" }, { shopId: "s" });
    await waitFor(() => runs.filter((r) => r.label === "new").length >= 3);
    // An iteration of the old schedule already queued may still run once (however late a busy
    // machine runs it); the schedule itself is replaced: the new one repeats, the old one not.
    expect(runs.filter((r) => r.label === "old").length).toBeLessThanOrEqual(1);
    expect(runs.at(-1)?.label).toBe("new");
    expect(runs[0].at - t0).toBeLessThan(5000);
  });
});

async function waitFor(done: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for the queue");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe.each(engines)("a push that found the lease held: %s", (_name, make) => {
  it("is tried once more when the lease lapses, however many runs found it held", async () => {
    const q = open(make);
    const ran: number[] = [];
    q.registerHandler("push", async () => void ran.push(Date.now()));
    q.start();
    const lapsesAt = new Date(Date.now() + 300);
    // Three runs stood back from the same (dead) lease: one job, not three.
    for (let i = 0; i < 3; i++) await enqueueAfterLease(q, "push", "segments-push", "shop-lease", lapsesAt);
    await q.drain();
    expect(ran).toHaveLength(1);
    expect(ran[0]).toBeGreaterThanOrEqual(lapsesAt.getTime());
  });
});
