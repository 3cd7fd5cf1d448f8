// The common path of every Shopify webhook route: verify the HMAC (authenticate.webhook),
// parse the body with exact ids, resolve the shop, run the delivery (webhook-delivery.server.ts:
// counted once, marked processed only after its work), and answer within Shopify's 5 s.
// Heavier follow-up work is enqueued as jobs by the handlers.
//
// Answers: 401 for a forged HMAC (Shopify's documented answer), 400 when Shopify's headers are
// missing; for a correctly signed delivery always 2xx unless the database is away (503) or a
// bug threw (500): a body that is not JSON, a wrong shape, an amount no column holds or a shop
// header that is not a shop domain is acknowledged and, where the shop is known, recorded as a
// failed event (Sync status page).
import crypto from "node:crypto";
import { InvalidShopError } from "@shopify/shopify-api";
import db from "~/db/client.server";
import { env } from "~/env.server";
import type { WebhookWork } from "~/workflows/webhooks/webhook-work";
import { parseJsonLossless } from "~/core/lossless-json";
import { PayloadError } from "~/core/payload-error";
import { findShopByDomain } from "~/models/shop.server";
import { authenticate } from "~/shopify.server";
import { isUnavailable, serviceUnavailable } from "./service-unavailable.server";
import { runDelivery, settleFailedDelivery } from "./webhook-delivery.server";

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
  try {
    return await receive(request, rawBody, work, options);
  } catch (e) {
    if (isUnavailable(e)) return serviceUnavailable(e);
    throw e;
  }
}

async function receive(
  request: Request,
  rawBody: string,
  work: (w: WebhookWork) => Promise<void>,
  options: ReceiveOptions,
): Promise<Response> {
  let context: Awaited<ReturnType<typeof authenticate.webhook>>;
  try {
    context = await authenticate.webhook(shopifyPart(request, rawBody)); // 401 on a forged HMAC
  } catch (e) {
    const refused = await refuseSignedGarbage(request, rawBody, e);
    if (refused) return refused;
    throw e;
  }
  const { shop: domain, topic, webhookId, eventId } = context;

  const shop = await findShopByDomain(db, "shopify", domain);
  if (!shop) {
    await options.unknownShop?.(domain);
    return new Response(`unknown shop ${domain}: nothing held`, { status: 200 });
  }

  // One row per event: a second delivery (Shopify retries, or sends twice) is a no-op.
  const key = `${topic}:${eventId ?? webhookId}`;
  return runDelivery({ shopId: shop.id, key, topic }, async () => {
    // The library parsed the body already, but rounds ids above 2^53: parse it exactly.
    const payload = parseJsonLossless(rawBody);
    await work({ db, shop, topic, payload });
  });
}

/**
 * authenticate.webhook checks the HMAC first and only then reads the shop header and parses
 * the body; what it throws after a valid HMAC is about a delivery Shopify signed. A body that
 * is not JSON is recorded as failed for its shop; a shop header that is not a shop domain has
 * no shop to record it for and is logged. Both are acknowledged: the retry would be the same.
 */
async function refuseSignedGarbage(request: Request, rawBody: string, e: unknown): Promise<Response | null> {
  if (!(e instanceof SyntaxError || e instanceof InvalidShopError) || !signedByShopify(request, rawBody)) return null;
  const header = (name: string) => request.headers.get(`x-shopify-${name}`) ?? request.headers.get(`shopify-${name}`);
  const domain = header("shop-domain") ?? "";
  if (e instanceof InvalidShopError) {
    console.warn(`Shopify webhook refused: the shop header "${domain.slice(0, 100)}" is not a shop domain`);
    return new Response("invalid shop header: nothing held", { status: 200 });
  }
  const shop = await findShopByDomain(db, "shopify", domain);
  if (!shop) return new Response(`unknown shop ${domain}: nothing held`, { status: 200 });
  const sent = header("topic") ?? "unknown";
  // Stored as authenticate.webhook names topics ("orders/create" -> "ORDERS_CREATE"), like every other event.
  const topic = sent.toUpperCase().replace(/\/|\./g, "_");
  const key = `${topic}:${header("event-id") ?? header("webhook-id") ?? crypto.randomUUID()}`;
  return settleFailedDelivery(
    { shopId: shop.id, key, topic },
    new PayloadError(`malformed ${sent} delivery: the body is not JSON`),
  );
}

/** Shopify's HMAC over the raw body (the check authenticate.webhook made before it threw). */
function signedByShopify(request: Request, rawBody: string): boolean {
  const given = request.headers.get("x-shopify-hmac-sha256") ?? request.headers.get("shopify-hmac-sha256") ?? "";
  const expected = crypto.createHmac("sha256", env.SHOPIFY_API_SECRET).update(rawBody, "utf8").digest("base64");
  return given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected));
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
