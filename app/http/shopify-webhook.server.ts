// The common path of every Shopify webhook route: verify the HMAC (authenticate.webhook),
// parse the body with exact ids, resolve the shop, count each event once, run the topic's
// work, and answer quickly. Heavier follow-up work is enqueued as jobs by the handlers.
import db, { dbKind, type Db } from "~/db/client.server";
import { dateParam } from "~/db/sql-rows.server";
import { rawSqlFor } from "~/db/raw-sql.server";
import { parseJsonLossless } from "~/core/lossless-json";
import { PayloadError } from "~/platforms/shopify/rest-payloads";
import { findShopByDomain } from "~/models/shop.server";
import { authenticate } from "~/shopify.server";

type ShopRow = NonNullable<Awaited<ReturnType<typeof findShopByDomain>>>;

export interface WebhookWork {
  db: Db;
  shop: ShopRow;
  topic: string;
  payload: unknown; // parsed with ids above 2^53 kept as strings
}

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
    return recordFailure(shop.id, topic, webhookId, "body is not JSON", 400);
  }

  // One row per event: a second delivery (Shopify retries, or sends twice) is a no-op.
  // The two writes of every delivery go over the raw connection: each Prisma query costs a
  // query compilation, and this path takes hundreds of requests a second.
  const key = `${topic}:${eventId ?? webhookId}`;
  if (!(await recordEvent(shop.id, key, topic))) return new Response("duplicate delivery", { status: 200 });

  try {
    await work({ db, shop, topic, payload });
    // No row to update after shop/redact: it removed the shop and, with it, this event row.
    await markProcessed(shop.id, key);
    return new Response(null, { status: 200 });
  } catch (e) {
    return settleFailedEvent(shop.id, key, e);
  }
}

/**
 * A delivery whose work threw (Shopify's and WooCommerce's paths alike). A malformed body
 * will not improve on retry: it stays visible as a failed event and is acknowledged (422).
 * Anything else may be transient: the event is forgotten so the platform's retry is processed.
 */
export async function settleFailedEvent(shopId: string, eventId: string, e: unknown): Promise<Response> {
  if (e instanceof PayloadError) {
    await db.webhookEvent.update({
      where: { shopId_eventId: { shopId, eventId } },
      data: { status: "failed", error: e.message },
    });
    return new Response(e.message, { status: 422 });
  }
  await db.webhookEvent.delete({ where: { shopId_eventId: { shopId, eventId } } }).catch(() => {});
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

async function recordFailure(shopId: string, topic: string, webhookId: string, error: string, status: number) {
  await db.webhookEvent.upsert({
    where: { shopId_eventId: { shopId, eventId: `${topic}:${webhookId}` } },
    create: { shopId, eventId: `${topic}:${webhookId}`, topic, status: "failed", error },
    update: { status: "failed", error },
  });
  return new Response(error, { status });
}

/** Inserts the event's row; false when it was already there (a repeated delivery). */
export async function recordEvent(shopId: string, eventId: string, topic: string): Promise<boolean> {
  const kind = dbKind(db);
  const p = (n: number) => (kind === "postgresql" ? `$${n}` : "?");
  const inserted = await rawSqlFor(db).execute(
    `INSERT INTO "WebhookEvent" ("shopId", "eventId", "topic", "receivedAt", "status") VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 'received') ` +
      `ON CONFLICT ("shopId", "eventId") DO NOTHING`,
    [shopId, eventId, topic, dateParam(new Date(), kind)],
  );
  return inserted > 0;
}

export async function markProcessed(shopId: string, eventId: string) {
  const p = (n: number) => (dbKind(db) === "postgresql" ? `$${n}` : "?");
  await rawSqlFor(db).execute(
    `UPDATE "WebhookEvent" SET "status" = 'processed' WHERE "shopId" = ${p(1)} AND "eventId" = ${p(2)}`,
    [shopId, eventId],
  );
}
