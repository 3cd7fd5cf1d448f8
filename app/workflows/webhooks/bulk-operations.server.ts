// bulk_operations/finish: Shopify says a bulk operation ended; the backfill job takes it
// from there (the route only enqueues, so it answers at once).
import { getJobQueue } from "~/jobs/queue.server";
import { enqueueBackfillFinished } from "~/jobs/enqueue.server";
import type { WebhookWork } from "./webhook-work";

export async function onBulkOperationFinish({ shop }: WebhookWork) {
  await enqueueBackfillFinished(await getJobQueue(), shop.id);
}
