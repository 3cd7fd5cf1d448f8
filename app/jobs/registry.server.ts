// The wiring of background work: every named job (app/jobs/enqueue.server.ts) gets its handler
// here, with the database and the platform clients handed in. This is the only module under
// app/jobs that imports workflows; nothing imports it but the process entries (the server's
// entry.server.tsx and `npm run worker`), so the queue never imports its handlers back.
import db from "~/db/client.server";
import type { Db } from "~/db/client.server";
import { appSecretKey } from "~/crypto/app-key.server";
import { observationEndFor } from "~/demo/demo-mode.server";
import { env } from "~/env.server";
import { refreshAnalyticsSnapshot } from "~/models/analytics-snapshot.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { unauthenticated } from "~/shopify.server";
import { settlePendingRewardCodes } from "~/workflows/reward-recovery.server";
import { shopifyRewardIssuer, wooClientForShop, wooRewardIssuer } from "~/workflows/reward-issuer.server";
import { pushWooSegments, removeWooSegments } from "~/workflows/woo-segment-push.server";
import { sendSegmentWebhook } from "~/workflows/segment-webhook.server";
import { pushSegments, removeSegmentTags, requestSegmentPush } from "~/workflows/segment-push.server";
import { pushBlockedReason, type PushOutcome } from "~/workflows/segment-push-run.server";
import { continueBackfill, startBackfill } from "~/workflows/sync/shopify-backfill.server";
import { reconcile } from "~/workflows/sync/shopify-reconcile.server";
import { syncConnectedWooStore } from "~/workflows/sync/woocommerce-sync.server";
import { findUnfinishedWork, type UnfinishedWork } from "~/workflows/sync/unfinished-work.server";
import { keepJob, oldestJobs, removeJob } from "~/models/job-outbox.server";
import {
  enqueueAnalyticsRefresh,
  enqueueBackfillCheck,
  enqueueBackfillResume,
  enqueueBackfillStart,
  enqueueAfterLease,
  enqueueContinuation,
  enqueueWooSync,
  JOBS,
  scheduleReconcile,
  scheduleWooSync,
} from "./enqueue.server";
import { reasonOf } from "~/http/failure-kind.server";
import { BullMqJobQueue, getJobQueue, type JobOutbox, type JobQueue } from "./queue.server";

/** What the handlers need from outside: the database and a Shopify Admin client for a shop. */
export interface JobContext {
  db: Db;
  shopifyAdmin: (shopId: string) => Promise<AdminGraphql>;
  appUrl: () => string;
}

export function registerJobs(queue: JobQueue, ctx: JobContext) {
  const { db } = ctx;
  /** A WooCommerce shop's push needs its REST client; null for a Shopify shop. */
  const wooPushDeps = async (shopId: string) => {
    const shop = await db.shop.findUnique({ where: { id: shopId }, select: { platform: true } });
    if (shop?.platform !== "woocommerce") return null;
    const client = await wooClientForShop(db, appSecretKey(), shopId, { forJobs: true });
    if (!client) throw new Error(`WooCommerce shop ${shopId} has no connection`);
    return { db, client, queue };
  };
  const sizes = () => ({ batchSize: env.BACKFILL_BATCH_LINES, commitEvery: env.BACKFILL_COMMIT_LINES });
  queue.registerHandler(JOBS.startBackfill, async ({ shopId }) => {
    await startBackfill({ db, graphql: await ctx.shopifyAdmin(shopId) }, shopId);
    await enqueueBackfillCheck(queue, shopId);
  });
  queue.registerHandler(JOBS.continueBackfill, async ({ shopId }) => {
    const state = await continueBackfill({ db, graphql: await ctx.shopifyAdmin(shopId), ...sizes() }, shopId);
    if (state === "waiting") await enqueueBackfillCheck(queue, shopId);
    if (state === "completed") {
      await scheduleReconcile(queue, shopId);
      await enqueueAnalyticsRefresh(queue, shopId, 0);
    }
  });
  queue.registerHandler(JOBS.refreshAnalytics, async ({ shopId }) => {
    await refreshAnalyticsSnapshot(db, shopId, await observationEndFor(db, shopId));
    await requestSegmentPush(db, queue, shopId);
  });
  // What a push or removal run leaves to a later job: the rest of its pass (budget spent), or the
  // whole run when another run's lease is in the way (that run may have died; kill -9 leaves the lease).
  const handOver = async (name: string, prefix: string, shopId: string, outcome: PushOutcome) => {
    if (outcome.status === "more") await enqueueContinuation(queue, name, prefix, shopId);
    if (outcome.status === "busy") await enqueueAfterLease(queue, name, prefix, shopId, outcome.lapsesAt);
  };
  // A run stops after a budget of calls (or when a refresh rewrote the insights meanwhile) and
  // hands over to a continuation.
  queue.registerHandler(JOBS.pushSegments, async ({ shopId, retryFailed }) => {
    if (await pushBlockedReason(db, shopId)) return; // switched off or uninstalled since it was queued
    const woo = await wooPushDeps(shopId);
    if (woo) {
      const outcome = await pushWooSegments(woo, shopId, { retryFailed: retryFailed === true });
      await handOver(JOBS.pushSegments, "segments-push", shopId, outcome);
      return;
    }
    const graphql = await ctx.shopifyAdmin(shopId);
    const outcome = await pushSegments({ db, graphql }, shopId, { retryFailed: retryFailed === true });
    await handOver(JOBS.pushSegments, "segments-push", shopId, outcome);
  });
  queue.registerHandler(JOBS.removeSegmentTags, async ({ shopId }) => {
    if ((await pushBlockedReason(db, shopId)) !== "disabled") return; // switched on again, or uninstalled
    const woo = await wooPushDeps(shopId);
    const outcome = woo
      ? await removeWooSegments(woo, shopId)
      : await removeSegmentTags({ db, graphql: await ctx.shopifyAdmin(shopId) }, shopId);
    await handOver(JOBS.removeSegmentTags, "segments-remove", shopId, outcome);
  });
  // A WooCommerce shop's "segment changed" webhook: a failed delivery throws, and the queue retries it.
  queue.registerHandler(JOBS.segmentWebhook, async ({ shopId, eventId, body }) => {
    await sendSegmentWebhook(db, shopId, { eventId: String(eventId), body: String(body) });
  });
  // A connected WooCommerce store: the first run (queued by the connect callback) registers the
  // app's webhooks, then reads the history; every run syncs what changed since the watermark,
  // turns disabled webhooks back on and takes out orders deleted on the store.
  queue.registerHandler(JOBS.wooSync, async ({ shopId }) => {
    const result = await syncConnectedWooStore(db, {
      key: appSecretKey(),
      appUrl: ctx.appUrl(),
      shopId,
      perPage: env.WOOCOMMERCE_PAGE_SIZE,
    });
    // Redemptions interrupted between our commit and the store's answer are settled here too.
    const client = result && (await wooClientForShop(db, appSecretKey(), shopId));
    if (client) await settlePendingRewardCodes(db, shopId, wooRewardIssuer(client));
    if (result && result.ordersWritten + result.customersWritten + result.removed > 0)
      await enqueueAnalyticsRefresh(queue, shopId);
  });
  queue.registerHandler(JOBS.reconcile, async ({ shopId }) => {
    const shop = await db.shop.findUnique({ where: { id: shopId } });
    if (!shop || shop.installState !== "installed") return; // uninstalled: nothing to catch up with
    const backfill = await db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: "backfill" } } });
    if (backfill?.status !== "completed") return; // the backfill's snapshot is not in yet
    const graphql = await ctx.shopifyAdmin(shopId);
    const result = await reconcile({ db, graphql }, shopId);
    // Redemptions interrupted between our commit and Shopify's answer are settled here too.
    await settlePendingRewardCodes(db, shopId, shopifyRewardIssuer(graphql));
    if (result.orders + result.customers > 0) await enqueueAnalyticsRefresh(queue, shopId);
  });
}

/**
 * Puts back what a restart (or a Redis that lost its data) dropped, from the database: every
 * installed shop's schedule (Shopify catch-up, WooCommerce sync), every unfinished backfill
 * (queued again, or continued from its checkpoint), every WooCommerce sync cut off mid-way (run
 * again from its watermark), and, for the in-process engine whose queue
 * lived in memory, the dashboard refresh of shops with webhooks newer than their dashboard.
 * Idempotent: job ids and schedule ids make a second run change nothing.
 */
export async function restoreJobs(queue: JobQueue, database: Db = db, opts: { staleAnalytics?: boolean } = {}) {
  const work = await findUnfinishedWork(database, opts);
  await restoreSchedules(queue, database, work);
  for (const shopId of work.backfillsToStart) await enqueueBackfillStart(queue, shopId);
  for (const shopId of work.backfillsToContinue) await enqueueBackfillResume(queue, shopId);
  for (const shopId of work.wooSyncsToResume) await enqueueWooSync(queue, shopId);
  for (const shopId of work.staleAnalytics) await enqueueAnalyticsRefresh(queue, shopId);
  return work;
}

const RESTORE_RETRY_MS = 5000;

/**
 * restoreJobs; when the database is away at start-up, tried again every few seconds in the
 * background (the process serves its 503s meanwhile), with one log line for the wait.
 */
async function restoreJobsUntilDone(queue: JobQueue, opts: { staleAnalytics?: boolean }) {
  try {
    await restoreJobs(queue, db, opts);
    return;
  } catch (e) {
    console.error(
      `unfinished jobs and schedules not restored yet (${reasonOf(e)}): retrying every ${RESTORE_RETRY_MS / 1000} s`,
    );
  }
  void (async () => {
    for (;;) {
      await new Promise<void>((resolve) => setTimeout(resolve, RESTORE_RETRY_MS).unref());
      try {
        await restoreJobs(queue, db, opts);
        console.log("unfinished jobs and schedules restored");
        return;
      } catch {
        // still away: the next attempt follows
      }
    }
  })();
}

/** Every installed shop's schedule: the Shopify catch-up once its history is in, the WooCommerce sync. */
export async function restoreSchedules(queue: JobQueue, database: Db = db, work?: UnfinishedWork) {
  const { reconcileShops, wooShops } = work ?? (await findUnfinishedWork(database));
  for (const shopId of reconcileShops) await scheduleReconcile(queue, shopId);
  for (const shopId of wooShops) await scheduleWooSync(queue, shopId);
}

/** Kept jobs (Redis away) live in the JobOutbox table. */
const outboxFor = (database: Db): JobOutbox => ({
  keep: (job) => keepJob(database, job),
  oldest: (limit) => oldestJobs(database, limit),
  remove: (job) => removeJob(database, job),
});

/** The Admin API as the shop's offline session. */
async function shopifyAdmin(shopId: string): Promise<AdminGraphql> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const { admin } = await unauthenticated.admin(shop.domain);
  return admin.graphql;
}

declare global {
  var __jobsStarted: Promise<JobQueue> | undefined;
}

/**
 * Hands the process's queue its handlers and starts processing where this process should:
 * in-process always (and its schedules are rebuilt from the database), with Redis only in
 * `npm run worker` processes (web processes only enqueue; BullMQ keeps the schedules).
 * Idempotent: the server entry, the worker and tests may all call it.
 */
export function startJobs(): Promise<JobQueue> {
  globalThis.__jobsStarted ??= (async () => {
    const queue = await getJobQueue();
    registerJobs(queue, { db, shopifyAdmin, appUrl: () => env.SHOPIFY_APP_URL });
    if (queue instanceof BullMqJobQueue) {
      queue.useOutbox(outboxFor(db));
      if (env.JOB_WORKER !== "1") return queue; // web processes only enqueue
      queue.start();
      // Redis holds the jobs and schedulers, but may have lost them (a restart without
      // persistence, a job lost with its worker): check each time the connection is ready.
      queue.onRedisReady(() => restoreJobsUntilDone(queue, {}));
      return queue;
    }
    queue.start();
    await restoreJobsUntilDone(queue, { staleAnalytics: true });
    return queue;
  })();
  return globalThis.__jobsStarted;
}
