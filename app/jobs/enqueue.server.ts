// Every named job, and how each is queued. Workflows and routes import from here to ask for
// work; the handlers are wired in app/jobs/registry.server.ts, which nothing below imports.
import { env } from "~/env.server";
import type { JobQueue } from "./queue.server";

export const JOBS = {
  startBackfill: "shopify.backfill.start",
  continueBackfill: "shopify.backfill.continue",
  reconcile: "shopify.reconcile",
  refreshAnalytics: "analytics.refresh",
  pushSegments: "winback.push",
  removeSegmentTags: "winback.remove",
  wooSync: "woocommerce.sync",
  segmentWebhook: "winback.segment-webhook",
} as const;

/** The history backfill of a newly installed shop (one per shop while it waits). */
export async function enqueueBackfillStart(queue: JobQueue, shopId: string) {
  await queue.enqueue(JOBS.startBackfill, {}, { shopId, jobId: `backfill-start:${shopId}` });
}

/** Looks at the shop's running bulk operation again after `delayMs` (the finish webhook usually comes first). */
export async function enqueueBackfillCheck(queue: JobQueue, shopId: string, delayMs = env.BACKFILL_POLL_MS) {
  await queue.enqueue(JOBS.continueBackfill, {}, { shopId, jobId: `backfill:${shopId}:${Date.now()}`, delayMs });
}

/** Shopify said the bulk operation ended (bulk_operations/finish; one job however often it says so). */
export async function enqueueBackfillFinished(queue: JobQueue, shopId: string) {
  await queue.enqueue(JOBS.continueBackfill, {}, { shopId, jobId: `backfill:${shopId}:finish` });
}

/** An unfinished backfill found at start-up continues from its checkpoint (one such job per shop while it waits). */
export async function enqueueBackfillResume(queue: JobQueue, shopId: string) {
  await queue.enqueue(JOBS.continueBackfill, {}, { shopId, jobId: `backfill:${shopId}:resume` });
}

/** Webhook bursts are batched: one analytics refresh per shop at most this often. */
export async function enqueueAnalyticsRefresh(queue: JobQueue, shopId: string, delayMs = env.ANALYTICS_DEBOUNCE_MS) {
  await queue.enqueue(JOBS.refreshAnalytics, {}, { shopId, jobId: `analytics:${shopId}`, delayMs });
}

/**
 * The win-back push after a refresh, or when the merchant presses Push now (`retryFailed`):
 * one job id per shop, so a second request while one waits is the same job. Callers check
 * first that the shop may be pushed (app/workflows/segment-push.server.ts, requestSegmentPush).
 */
export async function enqueueSegmentPush(queue: JobQueue, shopId: string, opts: { retryFailed?: boolean } = {}) {
  await queue.enqueue(JOBS.pushSegments, opts.retryFailed ? { retryFailed: true } : {}, {
    shopId,
    jobId: `segments-push:${shopId}`,
  });
}

/** A run that spent its budget hands over to a continuation: its own id, as the running job still holds the shop's. */
export async function enqueueContinuation(queue: JobQueue, name: string, prefix: string, shopId: string) {
  await queue.enqueue(name, {}, { shopId, jobId: `${prefix}:${shopId}:${Date.now()}` });
}

/**
 * A run found the push's lease held: by a live run (which hands over by itself) or by one that
 * died holding it. One job when the lease lapses picks up a dead run's pass from its saved position;
 * every busy answer for the same lease names the same job, so they queue it once.
 */
export async function enqueueAfterLease(queue: JobQueue, name: string, prefix: string, shopId: string, lapsesAt: Date) {
  await queue.enqueue(
    name,
    {},
    {
      shopId,
      jobId: `${prefix}:${shopId}:after-lease:${lapsesAt.getTime()}`,
      delayMs: Math.max(0, lapsesAt.getTime() - Date.now()) + 1_000,
    },
  );
}

/** The merchant switched the push off and asked for the app's tags and fields to come off the customers. */
export async function enqueueSegmentTagRemoval(queue: JobQueue, shopId: string) {
  await queue.enqueue(JOBS.removeSegmentTags, {}, { shopId, jobId: `segments-remove:${shopId}` });
}

/** The shop's periodic catch-up (one schedule per shop, replaced when called again). */
export async function scheduleReconcile(queue: JobQueue, shopId: string) {
  await queue.schedule(`reconcile:${shopId}`, JOBS.reconcile, env.RECONCILE_EVERY_MS, {}, { shopId });
}

/** One WooCommerce sync now (one job id per shop: a second request while one waits is the same job). */
export async function enqueueWooSync(queue: JobQueue, shopId: string) {
  await queue.enqueue(JOBS.wooSync, {}, { shopId, jobId: `woo-sync:${shopId}` });
}

/** A connected WooCommerce store's periodic sync, as often as a Shopify shop's catch-up. */
export async function scheduleWooSync(queue: JobQueue, shopId: string) {
  await queue.schedule(`woo-sync-every:${shopId}`, JOBS.wooSync, env.RECONCILE_EVERY_MS, {}, { shopId });
}

/**
 * One signed "segment changed" webhook to the merchant's URL (WooCommerce shops), retried with
 * backoff (30 s, doubling, 8 attempts: about two hours) while the receiver fails. The body is
 * fixed when queued, so every attempt sends the same bytes and event id.
 */
export async function enqueueSegmentWebhook(queue: JobQueue, shopId: string, event: { eventId: string; body: string }) {
  await queue.enqueue(JOBS.segmentWebhook, event, {
    shopId,
    jobId: `segment-webhook:${shopId}:${event.eventId}`,
    attempts: 8,
    backoffMs: 30_000,
  });
}
