// Background jobs. One interface, two engines: BullMQ on Redis when REDIS_URL is set (web
// processes stay stateless; `npm run worker` processes scale out), and an in-process runner
// for the embedded default. The same handler code runs in both. Failed jobs retry with
// exponential backoff and stay visible with their error and attempt count.
//
// Redis away (BullMQ): a webhook must still be answered within Shopify's 5 s, so asking for a
// job never waits on Redis. When the queue's connection is not ready, or Redis does not take
// the job within REDIS_ENQUEUE_TIMEOUT_MS, the job goes to the outbox (a database table, handed
// in by the job registry) and is moved into Redis when the connection is ready again (and on a
// timer, for jobs other processes kept). The outage is logged once when it starts and once when
// it ends, not per reconnect attempt.
import crypto from "node:crypto";
import { Queue, Worker, type Job, type JobsOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { env } from "~/env.server";
import { OutageLog } from "./outage-log.server";

export interface EnqueueOptions {
  shopId: string;
  /**
   * Same id, same job: a second enqueue while the first is waiting is a no-op (debounce);
   * one while it runs makes it run once more afterwards (the running one may have read the
   * data before the change that asked for it). Once it has finished, the id is free again.
   */
  jobId?: string;
  delayMs?: number;
  attempts?: number; // default 5
  backoffMs?: number; // first retry delay, doubled each time; default 1000
}

export interface FailedJob {
  id: string;
  name: string;
  shopId: string;
  attempts: number;
  error: string;
  failedAt: Date;
}

export type JobHandler = (payload: Record<string, unknown> & { shopId: string }) => Promise<void>;

/** A job kept in the database while the queue cannot take it (see the header). */
export interface KeptJob {
  shopId: string;
  /** The job's id (deduplication), or a unique one for a job without. */
  jobKey: string;
  name: string;
  /** The job's data and options, as JSON. */
  payload: Record<string, unknown>;
  runAt: Date;
}

/** Where kept jobs live (app/models/job-outbox.server.ts, wired by the job registry). */
export interface JobOutbox {
  keep(job: KeptJob): Promise<void>;
  oldest(limit: number): Promise<KeptJob[]>;
  remove(job: KeptJob): Promise<void>;
}

export interface JobQueue {
  enqueue(name: string, payload: Record<string, unknown>, opts: EnqueueOptions): Promise<void>;
  registerHandler(name: string, handler: JobHandler): void;
  /** Starts processing (web processes with BullMQ only enqueue; workers call this). */
  start(): void;
  /** Runs a job every `everyMs` (one schedule per id; calling again replaces it). */
  schedule(
    id: string,
    name: string,
    everyMs: number,
    payload: Record<string, unknown>,
    opts: EnqueueOptions,
  ): Promise<void>;
  failedJobs(shopId?: string): Promise<FailedJob[]>;
  /** Resolves when nothing is queued or running (in-process; BullMQ: when its queue is empty). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

interface InProcessJob {
  id: string;
  name: string;
  payload: Record<string, unknown> & { shopId: string };
  attempt: number;
  attempts: number;
  backoffMs: number;
  running?: boolean;
  /** Enqueued again while running: run once more when this run ends. */
  again?: { payload: Record<string, unknown>; opts: EnqueueOptions };
}

export class InProcessJobQueue implements JobQueue {
  private handlers = new Map<string, JobHandler>();
  private pending = new Map<string, InProcessJob>(); // waiting or running, by id
  private timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private ready: InProcessJob[] = [];
  private failed: FailedJob[] = [];
  private idleWaiters: (() => void)[] = [];
  private started = false; // until start(): jobs queued before the handlers are registered wait
  private seq = 0;

  constructor(private readonly concurrency = 2) {}

  registerHandler(name: string, handler: JobHandler) {
    this.handlers.set(name, handler);
  }

  start() {
    this.started = true;
    this.pump();
  }

  private schedules = new Map<string, NodeJS.Timeout>();

  /** The ids of the schedules this process runs (in memory: rebuilt from the database at start). */
  async scheduledIds(): Promise<string[]> {
    return [...this.schedules.keys()];
  }

  async schedule(id: string, name: string, everyMs: number, payload: Record<string, unknown>, opts: EnqueueOptions) {
    clearInterval(this.schedules.get(id));
    const timer = setInterval(
      () => void this.enqueue(name, payload, { ...opts, jobId: `${id}:${Date.now()}` }),
      everyMs,
    );
    timer.unref?.();
    this.schedules.set(id, timer);
  }

  async enqueue(name: string, payload: Record<string, unknown>, opts: EnqueueOptions) {
    const id = opts.jobId ?? `${name}:${++this.seq}`;
    const existing = this.pending.get(id);
    if (existing) {
      if (existing.running) existing.again = { payload, opts };
      return;
    }
    const job: InProcessJob = {
      id,
      name,
      payload: { ...payload, shopId: opts.shopId },
      attempt: 0,
      attempts: opts.attempts ?? 5,
      backoffMs: opts.backoffMs ?? 1000,
    };
    this.pending.set(id, job);
    this.runLater(job, opts.delayMs ?? 0);
  }

  private runLater(job: InProcessJob, delayMs: number) {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.ready.push(job);
      this.pump();
    }, delayMs);
    timer.unref?.();
    this.timers.add(timer);
  }

  private pump() {
    while (this.started && this.running < this.concurrency && this.ready.length) {
      const job = this.ready.shift()!;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.pump();
        this.notifyIdle();
      });
    }
  }

  private async run(job: InProcessJob) {
    job.attempt++;
    job.running = true;
    try {
      const handler = this.handlers.get(job.name);
      if (!handler) throw new Error(`no handler registered for job "${job.name}"`);
      await handler(job.payload);
      this.finish(job);
    } catch (e) {
      job.running = false;
      if (job.attempt < job.attempts) {
        job.again = undefined; // the retry reads the data afresh
        this.runLater(job, job.backoffMs * 2 ** (job.attempt - 1));
      } else {
        this.finish(job);
        this.failed.unshift({
          id: job.id,
          name: job.name,
          shopId: job.payload.shopId,
          attempts: job.attempt,
          error: e instanceof Error ? e.message : String(e),
          failedAt: new Date(),
        });
        this.failed.length = Math.min(this.failed.length, 500);
      }
    }
  }

  private finish(job: InProcessJob) {
    this.pending.delete(job.id);
    if (job.again && this.started) void this.enqueue(job.name, job.again.payload, job.again.opts);
  }

  private notifyIdle() {
    if (this.pending.size === 0 && this.running === 0) {
      for (const w of this.idleWaiters.splice(0)) w();
    }
  }

  async failedJobs(shopId?: string) {
    return this.failed.filter((f) => !shopId || f.shopId === shopId);
  }

  drain() {
    if (this.pending.size === 0 && this.running === 0) return Promise.resolve();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async close() {
    this.started = false;
    for (const t of this.schedules.values()) clearInterval(t);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.ready = [];
    while (this.running > 0) await new Promise((r) => setTimeout(r, 5));
  }
}

export interface BullMqOptions {
  queueName?: string;
  concurrency?: number;
  /** How long asking Redis for a job may take before it goes to the outbox. */
  enqueueTimeoutMs?: number;
  /** How often kept jobs are looked for while Redis is up (other processes may have kept some). */
  outboxEveryMs?: number;
}

const OUTBOX_BATCH = 100;

export class BullMqJobQueue implements JobQueue {
  private handlers = new Map<string, JobHandler>();
  private queue: Queue;
  private queueClient: Redis;
  private worker?: Worker;
  private redisOptions: RedisOptions;
  private clients: Redis[] = [];
  private outbox?: JobOutbox;
  private outboxTimer?: NodeJS.Timeout;
  private moving?: Promise<number>;
  private readyListeners: (() => Promise<void> | void)[] = [];
  private closing = false;
  private readonly queueName: string;
  private readonly concurrency: number;
  private readonly enqueueTimeoutMs: number;
  private readonly outboxEveryMs: number;
  readonly outage: OutageLog;

  constructor(redisUrl: string, queueNameOrOptions: string | BullMqOptions = {}, concurrency?: number) {
    const o =
      typeof queueNameOrOptions === "string" ? { queueName: queueNameOrOptions, concurrency } : queueNameOrOptions;
    this.queueName = o.queueName ?? "retention";
    this.concurrency = o.concurrency ?? 4;
    this.enqueueTimeoutMs = o.enqueueTimeoutMs ?? 1000;
    this.outboxEveryMs = o.outboxEveryMs ?? 30_000;
    const u = new URL(redisUrl);
    this.redisOptions = {
      host: u.hostname,
      port: Number(u.port || 6379),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
      maxRetriesPerRequest: null, // BullMQ workers block on Redis; they must not give up
      // Reconnect quickly after an outage (ioredis' default grows to 2 s between attempts).
      retryStrategy: (times) => Math.min(times * 100, 1000),
    };
    this.outage = new OutageLog(
      `Redis at ${this.redisOptions.host}:${this.redisOptions.port}`,
      "webhooks are still answered; jobs wait in the database outbox until it is back",
    );
    // The queue's own connection fails fast instead of holding commands while Redis is away
    // (enableOfflineQueue: false; one retry per command): enqueue then falls back to the outbox.
    this.queueClient = this.redis({ enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    this.queueClient.on("ready", () => void this.redisReady());
    this.queue = this.newQueue();
  }

  private newQueue() {
    const queue = new Queue(this.queueName, { connection: this.queueClient });
    queue.on("error", (e) => this.redisFailed(e));
    return queue;
  }

  /**
   * The queue, once its connection check has passed. BullMQ checks a Queue's connection once,
   * when it is built (Redis' version, over INFO), and answers every later call with that check's
   * failure for the Queue's life: a check that ran into an outage left the web process unable to
   * hand Redis anything after it came back (on a loaded machine the outbox never drained). Such
   * a Queue is built again on the same client. The old one is only dropped, not closed: closing
   * could quit the client both share, and a rebuild happens once per failed check.
   */
  private async usableQueue(): Promise<Queue> {
    const queue = this.queue;
    try {
      await queue.waitUntilReady();
      return queue;
    } catch (e) {
      if (this.closing || this.queueClient.status !== "ready") throw e;
      if (this.queue === queue) {
        queue.removeAllListeners();
        queue.on("error", () => {}); // its connection may still report the old failure
        this.queue = this.newQueue();
      }
      await this.queue.waitUntilReady();
      return this.queue;
    }
  }

  // BullMQ under ESM takes constructed ioredis clients; the queue and the worker each need their own.
  private redis(extra: RedisOptions = {}) {
    const client = new Redis({ ...this.redisOptions, ...extra });
    // Every reconnect attempt emits an error; without a listener ioredis prints each one.
    client.on("error", (e) => this.redisFailed(e));
    this.clients.push(client);
    return client;
  }

  private redisFailed(e: unknown) {
    if (this.closing) return;
    this.outage.down(e instanceof Error ? e.message.split("\n")[0] : String(e));
  }

  /** The queue's connection is (again) ready: move kept jobs in, then tell the listeners. */
  private async redisReady() {
    const moved = await this.moveOutbox();
    this.outage.up(moved > 0 ? `${moved} kept jobs moved from the outbox into the queue` : undefined);
    for (const listener of this.readyListeners) await Promise.resolve(listener()).catch((e) => this.redisFailed(e));
  }

  /** Runs `fn` every time the connection to Redis becomes ready (at start and after each outage). */
  onRedisReady(fn: () => Promise<void> | void) {
    this.readyListeners.push(fn);
    if (this.queueClient.status === "ready") void Promise.resolve(fn()).catch((e) => this.redisFailed(e));
  }

  /** Jobs that Redis cannot take go to `outbox`; kept jobs are moved into Redis when it can. */
  useOutbox(outbox: JobOutbox) {
    this.outbox = outbox;
    clearInterval(this.outboxTimer);
    this.outboxTimer = setInterval(() => void this.moveOutbox(), this.outboxEveryMs);
    this.outboxTimer.unref?.();
    if (this.queueClient.status === "ready") void this.moveOutbox();
  }

  registerHandler(name: string, handler: JobHandler) {
    this.handlers.set(name, handler);
  }

  start() {
    if (this.worker) return;
    this.worker = new Worker(
      this.queueName,
      async (job: Job) => {
        const handler = this.handlers.get(job.name);
        if (!handler) throw new Error(`no handler registered for job "${job.name}"`);
        await handler(job.data);
      },
      { connection: this.redis(), concurrency: this.concurrency },
    );
    this.worker.on("error", (e) => this.redisFailed(e));
  }

  private jobOptions(opts: { jobId?: string; delayMs?: number; attempts?: number; backoffMs?: number }): JobsOptions {
    return {
      // Deduplicated by id while waiting or running, not by jobId: BullMQ keeps finished
      // jobs (removeOnComplete) and a kept jobId would refuse the next refresh until evicted.
      ...(opts.jobId ? { deduplication: { id: opts.jobId.replace(/:/g, "_"), keepLastIfActive: true } } : {}),
      delay: opts.delayMs,
      attempts: opts.attempts ?? 5,
      backoff: { type: "exponential", delay: opts.backoffMs ?? 1000 },
      removeOnComplete: { count: 1000 },
      removeOnFail: { count: 5000 },
    };
  }

  /** Redis takes the job, or the call fails within the enqueue timeout. */
  private async add(name: string, data: Record<string, unknown>, opts: JobsOptions) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`Redis did not take the job within ${this.enqueueTimeoutMs} ms`)),
        this.enqueueTimeoutMs,
      );
    });
    try {
      await Promise.race([this.usableQueue().then((queue) => queue.add(name, data, opts)), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  async enqueue(name: string, payload: Record<string, unknown>, opts: EnqueueOptions) {
    const data = { ...payload, shopId: opts.shopId };
    if (!this.outbox) {
      await this.add(name, data, this.jobOptions(opts));
      return;
    }
    if (this.queueClient.status === "ready") {
      try {
        await this.add(name, data, this.jobOptions(opts));
        return;
      } catch (e) {
        this.redisFailed(e);
      }
    }
    await this.outbox.keep({
      shopId: opts.shopId,
      jobKey: opts.jobId ?? `once:${crypto.randomUUID()}`,
      name,
      payload: { data, jobId: opts.jobId ?? null, attempts: opts.attempts ?? null, backoffMs: opts.backoffMs ?? null },
      runAt: new Date(Date.now() + (opts.delayMs ?? 0)),
    });
  }

  /**
   * Moves kept jobs into Redis, oldest first, each removed once Redis holds it; stops at the
   * first failure (the next ready event or timer tick carries on). Returns how many moved.
   */
  moveOutbox(): Promise<number> {
    const outbox = this.outbox;
    if (!outbox || this.closing || this.queueClient.status !== "ready") return Promise.resolve(0);
    this.moving ??= (async () => {
      let moved = 0;
      try {
        for (;;) {
          const batch = await outbox.oldest(OUTBOX_BATCH);
          for (const job of batch) {
            const p = job.payload as {
              data: Record<string, unknown>;
              jobId: string | null;
              attempts: number | null;
              backoffMs: number | null;
            };
            const opts = this.jobOptions({
              jobId: p.jobId ?? undefined,
              delayMs: Math.max(0, job.runAt.getTime() - Date.now()),
              attempts: p.attempts ?? undefined,
              backoffMs: p.backoffMs ?? undefined,
            });
            await this.add(job.name, p.data, opts);
            await outbox.remove(job);
            moved++;
          }
          if (batch.length < OUTBOX_BATCH) return moved;
        }
      } catch (e) {
        // Redis failed again (its outage is logged) or the database is away: kept jobs stay kept.
        this.redisFailed(e);
        return moved;
      } finally {
        this.moving = undefined;
      }
    })();
    return this.moving;
  }

  async schedule(id: string, name: string, everyMs: number, payload: Record<string, unknown>, opts: EnqueueOptions) {
    const upsert = this.usableQueue().then((queue) =>
      queue.upsertJobScheduler(
        id.replace(/:/g, "_"),
        { every: everyMs },
        {
          name,
          data: { ...payload, shopId: opts.shopId },
          opts: {
            attempts: opts.attempts ?? 3,
            backoff: { type: "exponential", delay: opts.backoffMs ?? 1000 },
            removeOnComplete: { count: 100 },
            removeOnFail: { count: 1000 },
          },
        },
      ),
    );
    if (!this.outbox) {
      await upsert;
      return;
    }
    // With the app's outbox wired, schedules are re-armed from the database whenever Redis
    // becomes ready (restoreJobs in the registry): one that Redis cannot take now is not lost.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([upsert, new Promise((resolve) => (timer = setTimeout(resolve, this.enqueueTimeoutMs)))])
      .catch((e) => this.redisFailed(e))
      .finally(() => clearTimeout(timer));
    upsert.catch(() => {}); // a late failure after the timeout is the same outage
  }

  /** The ids of the schedulers Redis holds. */
  async scheduledIds(): Promise<string[]> {
    const schedulers = await this.queue.getJobSchedulers(0, -1);
    return schedulers.map((s) => s.key);
  }

  async failedJobs(shopId?: string) {
    const jobs = await this.queue.getFailed(0, 499);
    return jobs
      .filter((j) => !shopId || j.data.shopId === shopId)
      .map((j) => ({
        id: String(j.id),
        name: j.name,
        shopId: j.data.shopId,
        attempts: j.attemptsMade,
        error: j.failedReason,
        failedAt: new Date(j.finishedOn ?? Date.now()),
      }));
  }

  async drain() {
    for (;;) {
      const counts = await this.queue.getJobCounts("waiting", "active", "delayed", "prioritized", "waiting-children");
      if (Object.values(counts).every((n) => n === 0)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async close() {
    this.closing = true;
    clearInterval(this.outboxTimer);
    await this.moving;
    await this.worker?.close();
    await this.queue.close().catch(() => {});
    await Promise.all(this.clients.map((c) => c.quit().catch(() => c.disconnect())));
  }

  /** Test clean-up: removes the queue and all its jobs from Redis. */
  async obliterate() {
    await this.queue.obliterate({ force: true });
  }
}

declare global {
  var __jobQueue: JobQueue | undefined;
}

/**
 * The process's queue: BullMQ when REDIS_URL is set, in-process otherwise. It only enqueues
 * until the job registry (app/jobs/registry.server.ts, started by the server entry and by
 * `npm run worker`) hands it the handlers and starts it; jobs queued before then wait.
 */
export async function getJobQueue(): Promise<JobQueue> {
  globalThis.__jobQueue ??= env.REDIS_URL
    ? new BullMqJobQueue(env.REDIS_URL, {
        queueName: env.JOB_QUEUE_NAME,
        enqueueTimeoutMs: env.REDIS_ENQUEUE_TIMEOUT_MS,
        outboxEveryMs: env.OUTBOX_EVERY_MS,
      })
    : new InProcessJobQueue();
  return globalThis.__jobQueue;
}
