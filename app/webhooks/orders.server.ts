// Work for the order, refund and customer topics: map the body, write it through the
// shared ingest model (idempotent; an older updated_at never overwrites a newer one).
import { z } from "zod";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { recordRefund } from "~/models/refunds.server";
import { customerFromRest, orderFromRest, PayloadError, refundFromRest } from "~/platforms/shopify/rest-payloads";
import type { WebhookWork } from "./receive.server";

/** The dashboard follows the shop's changes: one debounced refresh per burst of webhooks. */
async function refreshLater(shopId: string) {
  const { getJobQueue } = await import("~/jobs/queue.server");
  const { enqueueAnalyticsRefresh } = await import("~/jobs/registry.server");
  await enqueueAnalyticsRefresh(await getJobQueue(), shopId);
}

function rejectIfAny(result: { rejected?: { id: string; reason: string }[] }) {
  const first = result.rejected?.[0];
  if (first) throw new PayloadError(`record ${first.id} refused: ${first.reason}`);
}

export async function onOrderWebhook({ db, shop, payload }: WebhookWork) {
  rejectIfAny(await upsertOrders(db, shop.id, [orderFromRest(payload)]));
  await refreshLater(shop.id);
}

export async function onRefundCreate({ db, shop, payload }: WebhookWork) {
  await recordRefund(db, shop.id, refundFromRest(payload, shop.currency));
  await refreshLater(shop.id);
}

export async function onCustomerWebhook({ db, shop, payload }: WebhookWork) {
  rejectIfAny(await upsertCustomers(db, shop.id, [customerFromRest(payload)]));
}

export async function onCustomerDelete({ db, shop, payload }: WebhookWork) {
  const body = z.object({ id: z.union([z.string(), z.number()]).transform(String), admin_graphql_api_id: z.string().optional() }).safeParse(payload);
  if (!body.success) throw new PayloadError("malformed customers/delete payload: id is required");
  const id = body.data.admin_graphql_api_id?.split("/").pop() ?? body.data.id;
  await db.customer.deleteMany({ where: { shopId: shop.id, id } });
}
