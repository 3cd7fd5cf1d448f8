// WooCommerce webhook deliveries to /webhooks/woocommerce/<shopId> (registered by
// registerWooWebhooks), the WooCommerce twin of receive.server.ts: the shop's connection holds
// the secret; X-WC-Webhook-Signature is checked on the raw body (401 on mismatch); each
// X-WC-Webhook-Delivery-ID counts once (WebhookEvent "woocommerce:<topic>:<delivery id>"); a
// malformed body is 422 and stays visible as a failed event; an unknown shop is acknowledged
// with nothing held. WooCommerce's first delivery, sent when a webhook is created, is a form-encoded
// ping (webhook_id=12) without topic or signature: it is answered 200 (otherwise WooCommerce
// refuses to create the webhook) and does nothing.
import crypto from "node:crypto";
import { z } from "zod";
import { appSecretKey } from "~/crypto/app-key.server";
import db, { type Db } from "~/db/client.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { applyOrderToLedger, isMember } from "~/models/loyalty-ledger.server";
import { wooWebhookSecret } from "~/models/woocommerce-connection.server";
import { wooId } from "~/platforms/woocommerce/order-status";
import {
  PayloadError,
  WooNotAnOrderError,
  wooCustomerFromRest,
  wooOrderFromRest,
} from "~/platforms/woocommerce/rest-payloads";
import { verifyWooWebhookSignature } from "~/platforms/woocommerce/webhook-signature";
import { refreshLater, rejectIfAny } from "~/workflows/webhooks/orders.server";
import { markProcessed, recordEvent, settleFailedEvent } from "./shopify-webhook.server";

const PING = /^webhook_id=\d+$/;

export async function receiveWooWebhook(request: Request, shopId: string): Promise<Response> {
  const rawBody = await request.text();
  const topic = request.headers.get("x-wc-webhook-topic");
  if (!topic && PING.test(rawBody.trim())) return new Response("pong", { status: 200 });

  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { id: true, platform: true } });
  const secret = shop?.platform === "woocommerce" ? await wooWebhookSecret(db, appSecretKey(), shopId) : null;
  if (!shop || secret === null) return new Response(`unknown shop ${shopId}: nothing held`, { status: 200 });

  if (!verifyWooWebhookSignature(rawBody, request.headers.get("x-wc-webhook-signature"), secret)) {
    return new Response("signature does not match", { status: 401 });
  }
  if (!topic) return new Response("X-WC-Webhook-Topic is missing", { status: 400 });

  // WooCommerce always sends a delivery id; without one the body's hash stands in.
  const delivery =
    request.headers.get("x-wc-webhook-delivery-id") || crypto.createHash("sha256").update(rawBody).digest("hex");
  const key = `woocommerce:${topic}:${delivery}`;
  if (!(await recordEvent(shopId, key, topic))) return new Response("duplicate delivery", { status: 200 });

  try {
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      throw new PayloadError(`malformed WooCommerce ${topic} delivery: the body is not JSON`);
    }
    const changed = await handleTopic(db, shopId, topic, payload);
    await markProcessed(shopId, key);
    if (changed) await refreshLater(shopId);
    return new Response(null, { status: 200 });
  } catch (e) {
    return settleFailedEvent(shopId, key, e);
  }
}

const deletedBody = z.object({ id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]) }).passthrough();

/** The topic's work; true when something may have changed. Unknown topics are acknowledged. */
async function handleTopic(db: Db, shopId: string, topic: string, payload: unknown): Promise<boolean> {
  switch (topic) {
    case "order.created":
    case "order.updated":
    case "order.restored": {
      let record;
      try {
        record = wooOrderFromRest(payload);
      } catch (e) {
        // A draft (checkout-draft) is not an order yet; a trashed one arrives as order.deleted too.
        if (e instanceof WooNotAnOrderError) return false;
        throw e;
      }
      // Customer first: the order then never names a customer the table does not hold.
      if (record.customer) rejectIfAny(await upsertCustomers(db, shopId, [record.customer]));
      rejectIfAny(await upsertOrders(db, shopId, [record.order]));
      const customerId = record.order.customerId;
      if (customerId && (await isMember(db, shopId, customerId))) await applyOrderToLedger(db, shopId, record.order.id);
      return true;
    }
    case "order.deleted": {
      const body = deletedBody.safeParse(payload);
      if (!body.success) throw new PayloadError(`malformed WooCommerce order.deleted delivery: id is required`);
      const removed = await db.order.deleteMany({ where: { shopId, id: wooId(body.data.id) } });
      return removed.count > 0;
    }
    case "customer.created":
    case "customer.updated":
      rejectIfAny(await upsertCustomers(db, shopId, [wooCustomerFromRest(payload)]));
      return true;
    default:
      return false;
  }
}
