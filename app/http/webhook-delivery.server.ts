// One verified webhook delivery, the same for Shopify and WooCommerce: its WebhookEvent row is
// claimed, its work runs, and only then is it marked processed (app/models/webhook-events).
// A delivery seen before but never finished (the process died, or the database went away
// mid-work) runs again; the work is idempotent. What the answer is when the work throws
// depends on why (failure-kind.server.ts): bad input is recorded as a failed event and
// acknowledged with 200 (the sender would retry the same bytes for days; WooCommerce even
// disables a webhook after a few failed deliveries), a database outage is 503 (retry), and
// anything else is left for the sender's retry.
import db from "~/db/client.server";
import { claimDelivery, markFailed, markProcessed, noteAttemptFailed } from "~/models/webhook-events.server";
import { failureKind, reasonOf } from "./failure-kind.server";
import { databaseOutage, serviceUnavailable } from "./service-unavailable.server";

export interface Delivery {
  shopId: string;
  /** The WebhookEvent id: "<topic>:<event id>" (Shopify), "woocommerce:<topic>:<delivery id>:<body hash>". */
  key: string;
  topic: string;
}

export async function runDelivery(delivery: Delivery, work: () => Promise<void>): Promise<Response> {
  const { shopId, key, topic } = delivery;
  const state = await claimDelivery(db, shopId, key, topic);
  if (state === "done") return new Response("duplicate delivery", { status: 200 });
  try {
    await work();
    // No row to update after shop/redact: it removed the shop and, with it, this event row.
    await markProcessed(db, shopId, key);
  } catch (e) {
    return settleFailedDelivery(delivery, e);
  }
  databaseOutage.up();
  return new Response(null, { status: 200 });
}

/** The answer for a delivery whose handling threw (see the header). */
export async function settleFailedDelivery({ shopId, key, topic }: Delivery, e: unknown): Promise<Response> {
  const kind = failureKind(e);
  if (kind === "bad-input") {
    const reason = reasonOf(e);
    await markFailed(db, shopId, key, topic, reason);
    return new Response(`not stored, recorded as a failed delivery: ${reason}`, { status: 200 });
  }
  if (kind === "unavailable") return serviceUnavailable(e);
  await noteAttemptFailed(db, shopId, key, reasonOf(e)).catch(() => {});
  throw e;
}
