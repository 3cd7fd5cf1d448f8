// The JobOutbox table: jobs the queue could not hand to Redis, kept until it can
// (app/jobs/queue.server.ts drains it). Rows are written only while Redis is away, so this
// is never on a hot path; Prisma throughout.
import type { Db } from "~/db/client.server";

export interface OutboxJob {
  shopId: string;
  jobKey: string;
  name: string;
  payload: Record<string, unknown>;
  runAt: Date;
}

/** Keeps a job; the same job id asked for again keeps one row (the latest ask). */
export async function keepJob(db: Db, job: OutboxJob) {
  const data = { name: job.name, payload: JSON.stringify(job.payload), runAt: job.runAt };
  await db.jobOutbox.upsert({
    where: { shopId_jobKey: { shopId: job.shopId, jobKey: job.jobKey } },
    create: { shopId: job.shopId, jobKey: job.jobKey, ...data },
    update: data,
  });
}

/**
 * The oldest kept jobs, across shops: the drain is a maintenance sweep like the schedule
 * restore at start-up, not a request for one shop.
 */
export async function oldestJobs(db: Db, limit: number): Promise<(OutboxJob & { createdAt: Date })[]> {
  const rows = await db.jobOutbox.findMany({ orderBy: { createdAt: "asc" }, take: limit });
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

/** Removes a job once the queue holds it (only the version that was handed over: a newer ask stays). */
export async function removeJob(db: Db, job: { shopId: string; jobKey: string; runAt: Date }) {
  await db.jobOutbox.deleteMany({ where: { shopId: job.shopId, jobKey: job.jobKey, runAt: job.runAt } });
}

export async function countKeptJobs(db: Db, shopId?: string) {
  return db.jobOutbox.count({ where: shopId ? { shopId } : {} });
}
