// After a restart the in-process engine's queue is empty, and a Redis may have lost its jobs:
// restoreJobs puts back, from the database alone, every installed shop's schedule, every
// unfinished backfill (queued again, or continued from its checkpoint) and the dashboard
// refresh of shops whose webhooks are newer than their dashboard. (tests/crash/ restarts a
// killed process and counts the rows.)
import { afterAll, describe, expect, it } from "vitest";
import type { EnqueueOptions, JobQueue } from "~/jobs/queue.server";
import { useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv();
const { restoreJobs } = await import("~/jobs/registry.server");
const { JOBS } = await import("~/jobs/enqueue.server");
const { getJobQueue } = await import("~/jobs/queue.server");
afterAll(async () => {
  await (await getJobQueue()).close();
});

/** A queue that only records what it is asked (JobQueue's shape, nothing runs). */
class RecordingQueue implements JobQueue {
  jobs: [name: string, shopId: string, jobId: string | undefined][] = [];
  schedules: [id: string, name: string, shopId: string][] = [];
  async enqueue(name: string, _payload: Record<string, unknown>, opts: EnqueueOptions) {
    this.jobs.push([name, opts.shopId, opts.jobId]);
  }
  async schedule(id: string, name: string, _every: number, _p: Record<string, unknown>, opts: EnqueueOptions) {
    this.schedules.push([id, name, opts.shopId]);
  }
  registerHandler() {}
  start() {}
  async failedJobs() {
    return [];
  }
  async drain() {}
  async close() {}
}

async function shop(domain: string, over: { installState?: string; platform?: string } = {}) {
  return db.shop.create({
    data: { platform: "shopify", domain, name: domain, currency: "EUR", timezone: "UTC", ...over },
  });
}
const cursor = (operationId: string | null, line = 0) =>
  JSON.stringify({ phase: "orders", operationId, line, customersTotal: 10 });

describe("restoring jobs after a restart", () => {
  it("continues, starts, schedules and refreshes exactly what the database says is unfinished", async () => {
    // GIVEN shops in every state a restart can find them in
    const midway = await shop("midway.myshopify.com");
    await db.syncState.create({
      data: {
        shopId: midway.id,
        kind: "backfill",
        status: "running",
        cursor: cursor("gid://shopify/BulkOperation/7", 400),
      },
    });
    const asked = await shop("asked.myshopify.com"); // install asked for a backfill, its job never ran
    await db.syncState.create({ data: { shopId: asked.id, kind: "backfill", status: "running", cursor: null } });
    const synced = await shop("synced.myshopify.com");
    await db.syncState.create({
      data: { shopId: synced.id, kind: "backfill", status: "completed", cursor: cursor(null) },
    });
    const failed = await shop("failed.myshopify.com"); // a failed backfill waits for the merchant, not a restart
    await db.syncState.create({ data: { shopId: failed.id, kind: "backfill", status: "failed", cursor: cursor("x") } });
    const gone = await shop("gone.myshopify.com", { installState: "uninstalled" });
    await db.syncState.create({ data: { shopId: gone.id, kind: "backfill", status: "running", cursor: cursor("y") } });
    const woo = await shop("woo.example.com", { platform: "woocommerce" });
    await db.wooCommerceConnection.create({
      data: {
        shopId: woo.id,
        siteUrl: "https://woo.example.com",
        keyId: "1",
        consumerKey: "sealed",
        consumerSecret: "sealed",
        webhookSecret: "sealed",
        keyPermissions: "read_write",
      },
    });
    // A WooCommerce sync cut off mid-way (runs again now), and one that finished (waits for its schedule)
    await db.syncState.create({ data: { shopId: woo.id, kind: "woocommerce", status: "running", cursor: "x" } });
    const wooDone = await shop("woo-done.example.com", { platform: "woocommerce" });
    await db.wooCommerceConnection.create({
      data: {
        shopId: wooDone.id,
        siteUrl: "https://woo-done.example.com",
        keyId: "1",
        consumerKey: "sealed",
        consumerSecret: "sealed",
        webhookSecret: "sealed",
        keyPermissions: "read_write",
      },
    });
    await db.syncState.create({ data: { shopId: wooDone.id, kind: "woocommerce", status: "completed" } });
    // A webhook stored after the dashboard was computed: the refresh that waited in memory is lost.
    await db.analyticsSnapshot.create({
      data: { shopId: synced.id, kind: "dashboard", computedAt: new Date(Date.now() - 60_000), payload: "{}" },
    });
    await db.webhookEvent.create({
      data: { shopId: synced.id, eventId: "ORDERS_CREATE:1", topic: "ORDERS_CREATE", status: "processed" },
    });
    await db.analyticsSnapshot.create({
      data: { shopId: midway.id, kind: "dashboard", computedAt: new Date(Date.now() + 60_000), payload: "{}" },
    });
    await db.webhookEvent.create({
      data: { shopId: midway.id, eventId: "ORDERS_CREATE:2", topic: "ORDERS_CREATE", status: "processed" },
    });

    // WHEN the process starts again
    const queue = new RecordingQueue();
    await restoreJobs(queue, db, { staleAnalytics: true });

    // THEN
    expect(queue.jobs.sort()).toEqual(
      [
        [JOBS.continueBackfill, midway.id, `backfill:${midway.id}:resume`],
        [JOBS.startBackfill, asked.id, `backfill-start:${asked.id}`],
        [JOBS.refreshAnalytics, synced.id, `analytics:${synced.id}`],
        [JOBS.wooSync, woo.id, `woo-sync:${woo.id}`],
      ].sort(),
    );
    expect(queue.schedules.sort()).toEqual(
      [
        [`reconcile:${synced.id}`, JOBS.reconcile, synced.id],
        [`woo-sync-every:${woo.id}`, JOBS.wooSync, woo.id],
        [`woo-sync-every:${wooDone.id}`, JOBS.wooSync, wooDone.id],
      ].sort(),
    );
  });

  it("the in-process engine's own schedules exist after restoring (one per shop, however often restored)", async () => {
    // Only the schedules: the unfinished backfills would call a Shopify this test does not fake.
    await db.syncState.deleteMany({ where: { status: { not: "completed" } } });
    await db.syncState.deleteMany({ where: { kind: "woocommerce" } });
    const queue = await getJobQueue();
    await restoreJobs(queue, db);
    await restoreJobs(queue, db);
    const ids = await (queue as unknown as { scheduledIds(): Promise<string[]> }).scheduledIds();
    const synced = await db.shop.findFirstOrThrow({ where: { domain: "synced.myshopify.com" } });
    expect(ids.filter((id) => id.endsWith(synced.id))).toEqual([`reconcile:${synced.id}`]);
  });
});
