// Every named job and its handler, registered on whichever queue engine the process uses.
import db from "~/db.server";
import { continueBackfill, startBackfill } from "~/sync/backfill.server";
import type { JobQueue } from "./queue.server";

export const JOBS = {
  startBackfill: "shopify.backfill.start",
  continueBackfill: "shopify.backfill.continue",
} as const;

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
  });
}
