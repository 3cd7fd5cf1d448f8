// The common path of every Shopify webhook route: verify the HMAC (authenticate.webhook),
// parse the body with exact ids, resolve the shop, count each event once, run the topic's
// work, and answer quickly. Heavier follow-up work is enqueued as jobs by the handlers.
import db from "~/db/client.server";
import type { WebhookWork } from "~/workflows/webhooks/webhook-work";
import { forgetEvent, markFailed, markProcessed, recordEvent } from "~/models/webhook-events.server";
import { parseJsonLossless } from "~/core/lossless-json";
import { PayloadError } from "~/core/payload-error";
import { findShopByDomain } from "~/models/shop.server";
import { authenticate } from "~/shopify.server";

export interface ReceiveOptions {
  /** Work for a shop we do not know (never installed, or already redacted). Default: acknowledge, nothing held. */
  unknownShop?: (domain: string) => Promise<void>;
}

export async function receiveShopifyWebhook(
  request: Request,
  work: (w: WebhookWork) => Promise<void>,
  options: ReceiveOptions = {},
): Promise<Response> {
  const rawBody = await request.text();
  const { shop: domain, topic, webhookId, eventId } = await authenticate.webhook(shopifyPart(request, rawBody)); // 401 on a forged HMAC

  const shop = await findShopByDomain(db, "shopify", domain);
  if (!shop) {
    await options.unknownShop?.(domain);
    return new Response(`unknown shop ${domain}: nothing held`, { status: 200 });
  }

  let payload: unknown;
  try {
    payload = parseJsonLossless(rawBody);
  } catch {
    await markFailed(db, shop.id, `${topic}:${webhookId}`, topic, "body is not JSON");
    return new Response("body is not JSON", { status: 400 });
  }

  // One row per event: a second delivery (Shopify retries, or sends twice) is a no-op.
  const key = `${topic}:${eventId ?? webhookId}`;
  if (!(await recordEvent(db, shop.id, key, topic))) return new Response("duplicate delivery", { status: 200 });

  try {
    await work({ db, shop, topic, payload });
    // No row to update after shop/redact: it removed the shop and, with it, this event row.
    await markProcessed(db, shop.id, key);
    return new Response(null, { status: 200 });
  } catch (e) {
    return settleFailedEvent(shop.id, key, topic, e);
  }
}

/**
 * A delivery whose work threw (Shopify's and WooCommerce's paths alike). A malformed body
 * will not improve on retry: it stays visible as a failed event and is acknowledged (422).
 * Anything else may be transient: the event is forgotten so the platform's retry is processed.
 */
export async function settleFailedEvent(shopId: string, eventId: string, topic: string, e: unknown): Promise<Response> {
  if (e instanceof PayloadError) {
    await markFailed(db, shopId, eventId, topic, e.message);
    return new Response(e.message, { status: 422 });
  }
  await forgetEvent(db, shopId, eventId).catch(() => {});
  throw e;
}

/**
 * The delivery as authenticate.webhook needs it: Shopify's own headers (webhooks send
 * X-Shopify-*, events Shopify-*) and the body. The library canonicalizes every header name
 * on every lookup; proxies add a dozen headers it never reads.
 */
function shopifyPart(request: Request, rawBody: string): Request {
  const headers = new Headers();
  for (const [name, value] of request.headers) {
    if (name.startsWith("x-shopify-") || name.startsWith("shopify-") || name === "content-type")
      headers.set(name, value);
  }
  return new Request(request.url, {
    method: request.method,
    headers,
    body: request.method === "POST" ? rawBody : undefined,
  });
}
