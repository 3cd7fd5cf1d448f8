// WooCommerce webhook deliveries to /webhooks/woocommerce/<shopId> (registered by
// ensureWooWebhooks), the WooCommerce twin of shopify-webhook.server.ts: the shop's connection holds
// the secret; X-WC-Webhook-Signature is checked on the raw body (401 on mismatch); each
// delivery counts once (WebhookEvent "woocommerce:<topic>:<delivery id>:<body hash>", run by
// webhook-delivery.server.ts: processed only after its work, re-run when it never finished); a
// malformed body is acknowledged with 200 and stays visible as a failed event (WooCommerce
// disables a webhook after a few non-2xx answers in a row, and would resend the same bytes); an
// unknown shop is acknowledged with nothing held; the database away is 503. WooCommerce's first
// delivery, sent when a webhook is created, is a form-encoded ping (webhook_id=12) without topic
// or signature: it is answered 200 (otherwise WooCommerce refuses to create the webhook) and does
// nothing.
import crypto from "node:crypto";
import { appSecretKey } from "~/crypto/app-key.server";
import db from "~/db/client.server";
import { wooWebhookSecret } from "~/models/woocommerce-connection.server";
import { PayloadError } from "~/core/payload-error";
import { verifyWooWebhookSignature } from "~/platforms/woocommerce/webhook-signature";
import { refreshLater } from "~/workflows/webhooks/orders.server";
import { handleWooTopic } from "~/workflows/webhooks/woocommerce-topics.server";
import { isUnavailable, serviceUnavailable } from "./service-unavailable.server";
import { runDelivery } from "./webhook-delivery.server";

const PING = /^webhook_id=\d+$/;

export async function receiveWooWebhook(request: Request, shopId: string): Promise<Response> {
  const rawBody = await request.text();
  try {
    return await receive(request, rawBody, shopId);
  } catch (e) {
    if (isUnavailable(e)) return serviceUnavailable(e);
    throw e;
  }
}

async function receive(request: Request, rawBody: string, shopId: string): Promise<Response> {
  const topic = request.headers.get("x-wc-webhook-topic");
  if (!topic && PING.test(rawBody.trim())) return new Response("pong", { status: 200 });

  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { id: true, platform: true } });
  const secret = shop?.platform === "woocommerce" ? await wooWebhookSecret(db, appSecretKey(), shopId) : null;
  if (!shop || secret === null) return new Response(`unknown shop ${shopId}: nothing held`, { status: 200 });

  if (!verifyWooWebhookSignature(rawBody, request.headers.get("x-wc-webhook-signature"), secret)) {
    return new Response("signature does not match", { status: 401 });
  }
  if (!topic) return new Response("X-WC-Webhook-Topic is missing", { status: 400 });

  // WooCommerce's delivery id is wp_hash(webhook id . current second) (WC_Webhook::get_new_delivery_id),
  // so two different deliveries of one webhook in the same second share it (a refund and then a
  // cancellation, or two orders): the body's hash tells them apart, and a resend of the same bytes
  // still counts once.
  const bodyHash = crypto.createHash("sha256").update(rawBody).digest("hex");
  const delivery = request.headers.get("x-wc-webhook-delivery-id") || "no-id";
  const key = `woocommerce:${topic}:${delivery}:${bodyHash.slice(0, 32)}`;
  return runDelivery({ shopId, key, topic }, async () => {
    let payload: unknown;
    try {
      payload = JSON.parse(rawBody);
    } catch {
      throw new PayloadError(`malformed WooCommerce ${topic} delivery: the body is not JSON`);
    }
    // The refresh is asked for before the delivery is marked processed: a crash in between
    // re-runs the delivery rather than losing the refresh.
    if (await handleWooTopic(db, shopId, topic, payload)) await refreshLater(shopId);
  });
}
