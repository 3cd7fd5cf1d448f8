// bulk_operations/finish: Shopify says a bulk operation ended; the backfill job takes it
// from there (the route only enqueues, so it answers at once).
import { getJobQueue } from "~/jobs/queue.server";
import { JOBS } from "~/jobs/registry.server";
import type { WebhookWork } from "~/http/shopify-webhook.server";

export async function onBulkOperationFinish({ shop }: WebhookWork) {
  const queue = await getJobQueue();
  await queue.enqueue(JOBS.continueBackfill, {}, { shopId: shop.id, jobId: `backfill:${shop.id}:finish` });
}
