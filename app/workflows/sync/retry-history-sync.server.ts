// "Retry" on a failed history sync: asks again for whatever brings this shop's history in.
// Shopify: the backfill starts over (its writes are idempotent, so rows already in stay as they
// are); WooCommerce: the sync job runs now. The demo shop has no store behind it: its history
// is the generated one, so its history row (the seed's) is set back to completed; it never gets
// a backfill row, which would schedule catch-ups against a store that does not exist.
import type { Db } from "~/db/client.server";
import { isDemoShop } from "~/demo/demo-mode.server";
import { enqueueWooSync } from "~/jobs/enqueue.server";
import type { JobQueue } from "~/jobs/queue.server";
import { requestBackfill } from "./shopify-backfill.server";

export async function retryHistorySync(
  db: Db,
  queue: JobQueue,
  shop: { id: string; platform: string; domain: string },
): Promise<"queued" | "completed"> {
  if (isDemoShop(shop.domain)) {
    const orders = await db.order.count({ where: { shopId: shop.id } });
    const done = { status: "completed", processed: orders, total: orders, error: null, finishedAt: new Date() };
    await db.syncState.upsert({
      where: { shopId_kind: { shopId: shop.id, kind: "demo-seed" } },
      create: { shopId: shop.id, kind: "demo-seed", ...done, startedAt: new Date() },
      update: done,
    });
    return "completed";
  }
  if (shop.platform === "woocommerce") {
    await enqueueWooSync(queue, shop.id);
    return "queued";
  }
  await requestBackfill(db, queue, shop.id);
  return "queued";
}
