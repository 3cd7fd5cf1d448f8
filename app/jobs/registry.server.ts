// Every named job and its handler, registered on whichever queue engine the process uses.
import db from "~/db.server";
import { observationEndFor, refreshAnalyticsSnapshot } from "~/models/analytics-snapshot.server";
import { continueBackfill, startBackfill } from "~/sync/backfill.server";
import { settlePendingRewardCodes } from "~/models/reward-recovery.server";
import { reconcile } from "~/sync/reconcile.server";
import type { JobQueue } from "./queue.server";

export const JOBS = {
  startBackfill: "shopify.backfill.start",
  continueBackfill: "shopify.backfill.continue",
  reconcile: "shopify.reconcile",
  refreshAnalytics: "analytics.refresh",
} as const;

/** Webhook bursts are batched: one analytics refresh per shop at most this often. */
export const ANALYTICS_DEBOUNCE_MS = Number(process.env.ANALYTICS_DEBOUNCE_MS ?? 60_000);

export async function enqueueAnalyticsRefresh(queue: JobQueue, shopId: string, delayMs = ANALYTICS_DEBOUNCE_MS) {
  await queue.enqueue(JOBS.refreshAnalytics, {}, { shopId, jobId: `analytics:${shopId}`, delayMs });
}

/** How often the catch-up runs per shop. */
export const RECONCILE_EVERY_MS = Number(process.env.RECONCILE_EVERY_MS ?? 15 * 60_000);

/** While Shopify runs a bulk operation, look again this often (the finish webhook usually comes first). */
const POLL_MS = Number(process.env.BACKFILL_POLL_MS ?? 10_000);

async function adminFor(shopId: string) {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const { unauthenticated } = await import("~/shopify.server");
  const { admin } = await unauthenticated.admin(shop.domain);
  return admin.graphql;
}

export function registerJobs(queue: JobQueue) {
  queue.registerHandler(JOBS.startBackfill, async ({ shopId }) => {
    await startBackfill({ db, graphql: await adminFor(shopId) }, shopId);
    await queue.enqueue(JOBS.continueBackfill, {}, { shopId, jobId: `backfill:${shopId}`, delayMs: POLL_MS });
  });
  queue.registerHandler(JOBS.continueBackfill, async ({ shopId }) => {
    const state = await continueBackfill({ db, graphql: await adminFor(shopId) }, shopId);
    if (state === "waiting") {
      await queue.enqueue(JOBS.continueBackfill, {}, { shopId, jobId: `backfill:${shopId}:${Date.now()}`, delayMs: POLL_MS });
    }
    if (state === "completed") {
      await scheduleReconcile(queue, shopId);
      await enqueueAnalyticsRefresh(queue, shopId, 0);
    }
  });
  queue.registerHandler(JOBS.refreshAnalytics, async ({ shopId }) => {
    await refreshAnalyticsSnapshot(db, shopId, await observationEndFor(db, shopId));
  });
  queue.registerHandler(JOBS.reconcile, async ({ shopId }) => {
    const shop = await db.shop.findUnique({ where: { id: shopId } });
    if (!shop || shop.installState !== "installed") return; // uninstalled: nothing to catch up with
    const backfill = await db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: "backfill" } } });
    if (backfill?.status !== "completed") return; // the backfill's snapshot is not in yet
    const graphql = await adminFor(shopId);
    const result = await reconcile({ db, graphql }, shopId);
    // Redemptions interrupted between our commit and Shopify's answer are settled here too.
    await settlePendingRewardCodes(db, shopId, graphql);
    if (result.orders + result.customers > 0) await enqueueAnalyticsRefresh(queue, shopId);
  });
}

/** The shop's periodic catch-up (one schedule per shop, replaced when called again). */
export async function scheduleReconcile(queue: JobQueue, shopId: string) {
  await queue.schedule(`reconcile:${shopId}`, JOBS.reconcile, RECONCILE_EVERY_MS, {}, { shopId });
}

/** In-process schedules live in memory: after a restart, every synced shop gets its catch-up back. */
export async function restoreSchedules(queue: JobQueue) {
  const synced = await db.syncState.findMany({ where: { kind: "backfill", status: "completed", shop: { installState: "installed" } }, select: { shopId: true } });
  for (const { shopId } of synced) await scheduleReconcile(queue, shopId);
}
