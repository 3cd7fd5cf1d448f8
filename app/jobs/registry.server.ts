// Every named job and its handler, registered on whichever queue engine the process uses.
import db from "~/db/client.server";
import { observationEndFor, refreshAnalyticsSnapshot } from "~/models/analytics-snapshot.server";
import { continueBackfill, startBackfill } from "~/workflows/sync/shopify-backfill.server";
import { settlePendingRewardCodes } from "~/workflows/reward-recovery.server";
import { pushSegments, removeSegmentTags, type PushOutcome } from "~/workflows/segment-push.server";
import { pushBlockedReason } from "~/models/winback.server";
import { reconcile } from "~/workflows/sync/shopify-reconcile.server";
import { syncWooCommerce } from "~/workflows/sync/woocommerce-sync.server";
import { loadWooConnection, registerWooWebhooks, wooWebhookUrl } from "~/models/woocommerce-connection.server";
import { createWooClient } from "~/platforms/woocommerce/rest-client.server";
import type { JobQueue } from "./queue.server";

export const JOBS = {
  startBackfill: "shopify.backfill.start",
  continueBackfill: "shopify.backfill.continue",
  reconcile: "shopify.reconcile",
  refreshAnalytics: "analytics.refresh",
  pushSegments: "winback.push",
  removeSegmentTags: "winback.remove",
  wooSync: "woocommerce.sync",
} as const;

/** Webhook bursts are batched: one analytics refresh per shop at most this often. */
export const ANALYTICS_DEBOUNCE_MS = Number(process.env.ANALYTICS_DEBOUNCE_MS ?? 60_000);

export async function enqueueAnalyticsRefresh(queue: JobQueue, shopId: string, delayMs = ANALYTICS_DEBOUNCE_MS) {
  await queue.enqueue(JOBS.refreshAnalytics, {}, { shopId, jobId: `analytics:${shopId}`, delayMs });
}

/**
 * The win-back push after a refresh, or when the merchant presses Push now (`retryFailed`):
 * one job id per shop, so a second request while one waits is the same job. Nothing is
 * queued for a shop that may not be pushed (switched off, demo shop, not Shopify, uninstalled).
 */
export async function enqueueSegmentPush(queue: JobQueue, shopId: string, opts: { retryFailed?: boolean } = {}) {
  if (await pushBlockedReason(db, shopId)) return false;
  await queue.enqueue(JOBS.pushSegments, opts.retryFailed ? { retryFailed: true } : {}, {
    shopId,
    jobId: `segments-push:${shopId}`,
  });
  return true;
}

/** The merchant switched the push off and asked for the app's tags and fields to come off the customers. */
export async function enqueueSegmentTagRemoval(queue: JobQueue, shopId: string) {
  await queue.enqueue(JOBS.removeSegmentTags, {}, { shopId, jobId: `segments-remove:${shopId}` });
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
      await queue.enqueue(
        JOBS.continueBackfill,
        {},
        { shopId, jobId: `backfill:${shopId}:${Date.now()}`, delayMs: POLL_MS },
      );
    }
    if (state === "completed") {
      await scheduleReconcile(queue, shopId);
      await enqueueAnalyticsRefresh(queue, shopId, 0);
    }
  });
  queue.registerHandler(JOBS.refreshAnalytics, async ({ shopId }) => {
    await refreshAnalyticsSnapshot(db, shopId, await observationEndFor(db, shopId));
    await enqueueSegmentPush(queue, shopId);
  });
  // A run stops after a budget of calls (or when a refresh rewrote the insights meanwhile) and
  // hands over to a continuation: its own id, as the running job still holds the shop's.
  const continueIfMore = async (outcome: PushOutcome, name: string, prefix: string, shopId: string) => {
    if (outcome.status === "more")
      await queue.enqueue(name, {}, { shopId, jobId: `${prefix}:${shopId}:${Date.now()}` });
  };
  queue.registerHandler(JOBS.pushSegments, async ({ shopId, retryFailed }) => {
    if (await pushBlockedReason(db, shopId)) return; // switched off or uninstalled since it was queued
    const outcome = await pushSegments({ db, graphql: await adminFor(shopId) }, shopId, {
      retryFailed: retryFailed === true,
    });
    await continueIfMore(outcome, JOBS.pushSegments, "segments-push", shopId);
  });
  queue.registerHandler(JOBS.removeSegmentTags, async ({ shopId }) => {
    if ((await pushBlockedReason(db, shopId)) !== "disabled") return; // switched on again, or uninstalled
    const outcome = await removeSegmentTags({ db, graphql: await adminFor(shopId) }, shopId);
    await continueIfMore(outcome, JOBS.removeSegmentTags, "segments-remove", shopId);
  });
  // A connected WooCommerce store: the first run (queued by the connect callback) registers the
  // app's webhooks after the history is in; every run syncs what changed since the watermark.
  queue.registerHandler(JOBS.wooSync, async ({ shopId }) => {
    const shop = await db.shop.findUnique({ where: { id: shopId } });
    if (!shop || shop.platform !== "woocommerce" || shop.installState !== "installed") return;
    const { appSecretKey } = await import("~/crypto/app-key.server");
    const connection = await loadWooConnection(db, appSecretKey(), shopId);
    if (!connection) return; // disconnected since it was queued
    const client = createWooClient({
      baseUrl: connection.siteUrl,
      consumerKey: connection.consumerKey,
      consumerSecret: connection.consumerSecret,
    });
    const result = await syncWooCommerce({ db, client }, shopId);
    if (!connection.webhooksRegisteredAt) {
      const { env } = await import("~/env.server");
      await registerWooWebhooks(db, client, shopId, {
        deliveryUrl: wooWebhookUrl(env.SHOPIFY_APP_URL, shopId),
        secret: connection.webhookSecret,
      });
    }
    if (result.ordersWritten + result.customersWritten > 0) await enqueueAnalyticsRefresh(queue, shopId);
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

/** One WooCommerce sync now (one job id per shop: a second request while one waits is the same job). */
export async function enqueueWooSync(queue: JobQueue, shopId: string) {
  await queue.enqueue(JOBS.wooSync, {}, { shopId, jobId: `woo-sync:${shopId}` });
}

/** A connected WooCommerce store's periodic sync, as often as a Shopify shop's catch-up. */
export async function scheduleWooSync(queue: JobQueue, shopId: string) {
  await queue.schedule(`woo-sync-every:${shopId}`, JOBS.wooSync, RECONCILE_EVERY_MS, {}, { shopId });
}

/** In-process schedules live in memory: after a restart, every synced shop gets its catch-up back. */
export async function restoreSchedules(queue: JobQueue) {
  const synced = await db.syncState.findMany({
    where: { kind: "backfill", status: "completed", shop: { installState: "installed" } },
    select: { shopId: true },
  });
  for (const { shopId } of synced) await scheduleReconcile(queue, shopId);
  const connected = await db.wooCommerceConnection.findMany({
    where: { shop: { installState: "installed" } },
    select: { shopId: true },
  });
  for (const { shopId } of connected) await scheduleWooSync(queue, shopId);
}
