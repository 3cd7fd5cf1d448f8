// Work for the order, refund and customer topics: map the body, write it through the
// shared ingest model (idempotent; an older updated_at never overwrites a newer one).
import { z } from "zod";
import { enqueueAnalyticsRefresh } from "~/jobs/enqueue.server";
import { getJobQueue } from "~/jobs/queue.server";
import { isErasedPerson } from "~/models/erased-shopper.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { applyOrderToLedger, ensureAccount, isMember } from "~/models/loyalty-ledger.server";
import { recordRefund } from "~/models/refunds.server";
import { PayloadError } from "~/core/payload-error";
import { customerFromRest, orderFromRest, refundFromRest } from "~/platforms/shopify/rest-payloads";
import type { WebhookWork } from "./webhook-work";

/** The dashboard follows the shop's changes: one debounced refresh per burst of webhooks. */
export async function refreshLater(shopId: string) {
  await enqueueAnalyticsRefresh(await getJobQueue(), shopId);
}

export function rejectIfAny(result: { rejected?: { id: string; reason: string }[] }) {
  const first = result.rejected?.[0];
  if (first) throw new PayloadError(`record ${first.id} refused: ${first.reason}`);
}

// After every order or refund write, the loyalty ledger catches up with the order's state
// (points for members only; idempotent, so a retried delivery appends nothing).
export async function onOrderWebhook({ db, shop, payload }: WebhookWork) {
  const order = orderFromRest(payload);
  rejectIfAny(await upsertOrders(db, shop.id, [order]));
  if (order.customerId && (await isMember(db, shop.id, order.customerId)))
    await applyOrderToLedger(db, shop.id, order.id);
  await refreshLater(shop.id);
}

// The refund's amount column is a 64-bit integer; the order's amounts are checked by the ingest.
const MAX_REFUND_MINOR = 2n ** 63n - 1n;

export async function onRefundCreate({ db, shop, payload }: WebhookWork) {
  const refund = refundFromRest(payload, shop.currency);
  if (refund.amountMinor < 0n || refund.amountMinor > MAX_REFUND_MINOR)
    throw new PayloadError(`refund ${refund.id} amount ${refund.amountMinor} is out of range`);
  if ((await recordRefund(db, shop.id, refund)) === "recorded") await applyOrderToLedger(db, shop.id, refund.orderId);
  await refreshLater(shop.id);
}

/** customers/create is the storefront sign-up: the shopper joins the loyalty program. */
export async function onCustomerCreate(work: WebhookWork) {
  await onCustomerWebhook(work);
  const customer = customerFromRest(work.payload);
  // An erased person's account sent again is not enrolled again (a sign-up after the erasure is new).
  const who = { customerId: customer.id, email: customer.email, at: customer.createdAt };
  if (await isErasedPerson(work.db, work.shop.id, who)) return;
  await ensureAccount(work.db, work.shop.id, customer.id, { since: customer.createdAt ?? undefined });
}

export async function onCustomerWebhook({ db, shop, payload }: WebhookWork) {
  rejectIfAny(await upsertCustomers(db, shop.id, [customerFromRest(payload)]));
}

export async function onCustomerDelete({ db, shop, payload }: WebhookWork) {
  const body = z
    .object({ id: z.union([z.string(), z.number()]).transform(String), admin_graphql_api_id: z.string().optional() })
    .safeParse(payload);
  if (!body.success) throw new PayloadError("malformed customers/delete payload: id is required");
  const id = body.data.admin_graphql_api_id?.split("/").pop() ?? body.data.id;
  await db.customer.deleteMany({ where: { shopId: shop.id, id } });
}
