// Background jobs. One interface, two engines: BullMQ on Redis when REDIS_URL is set (web
// processes stay stateless; `npm run worker` processes scale out), and an in-process runner
// for the embedded default. The same handler code runs in both. Failed jobs retry with
// exponential backoff and stay visible with their error and attempt count.
import { Queue, Worker, type Job } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { env } from "~/env.server";

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

export class BullMqJobQueue implements JobQueue {
  private handlers = new Map<string, JobHandler>();
  private queue: Queue;
  private worker?: Worker;
  private redisOptions: RedisOptions;
  private clients: Redis[] = [];

  constructor(
    redisUrl: string,
    private readonly queueName = "retention",
    private readonly concurrency = 4,
  ) {
    const u = new URL(redisUrl);
    this.redisOptions = {
      host: u.hostname,
      port: Number(u.port || 6379),
      ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
      ...(u.pathname.length > 1 ? { db: Number(u.pathname.slice(1)) } : {}),
      maxRetriesPerRequest: null, // BullMQ workers block on Redis; they must not give up
    };
    this.queue = new Queue(queueName, { connection: this.redis() });
  }

  // BullMQ under ESM takes constructed ioredis clients; the queue and the worker each need their own.
  private redis() {
    const client = new Redis(this.redisOptions);
    this.clients.push(client);
    return client;
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
  }

  async enqueue(name: string, payload: Record<string, unknown>, opts: EnqueueOptions) {
    await this.queue.add(
      name,
      { ...payload, shopId: opts.shopId },
      {
        // Deduplicated by id while waiting or running, not by jobId: BullMQ keeps finished
        // jobs (removeOnComplete) and a kept jobId would refuse the next refresh until evicted.
        ...(opts.jobId ? { deduplication: { id: opts.jobId.replace(/:/g, "_"), keepLastIfActive: true } } : {}),
        delay: opts.delayMs,
        attempts: opts.attempts ?? 5,
        backoff: { type: "exponential", delay: opts.backoffMs ?? 1000 },
        removeOnComplete: { count: 1000 },
        removeOnFail: { count: 5000 },
      },
    );
  }

  async schedule(id: string, name: string, everyMs: number, payload: Record<string, unknown>, opts: EnqueueOptions) {
    await this.queue.upsertJobScheduler(
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
    );
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
    await this.worker?.close();
    await this.queue.close();
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
  globalThis.__jobQueue ??= env.REDIS_URL ? new BullMqJobQueue(env.REDIS_URL) : new InProcessJobQueue();
  return globalThis.__jobQueue;
}
