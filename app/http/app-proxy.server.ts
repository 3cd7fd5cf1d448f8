// The common path of every app-proxy route (/apps/retention/* on the storefront arrives at
// /proxy/*): verify Shopify's signature with authenticate.public.appProxy (which also refuses
// a timestamp more than 90 s off), map the signed `shop` to an installed Shop row, and take
// the shopper only from the signed `logged_in_customer_id`. Any customer id in the body or
// elsewhere in the query is ignored. Errors are `{ error }` JSON fit to show a shopper.
import type { z, ZodTypeAny } from "zod";
import db from "~/db/client.server";
import { findShopByDomain } from "~/models/shop.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { authenticate, unauthenticated } from "~/shopify.server";

type ShopRow = NonNullable<Awaited<ReturnType<typeof findShopByDomain>>>;

export interface ProxyContext {
  shop: ShopRow;
  /** The signed-in shopper's Shopify customer id, or null for a guest. */
  customerId: string | null;
  /** The Admin API as the shop's offline session (created lazily: only redemptions need it). */
  adminGraphql: () => Promise<AdminGraphql>;
}

const MAX_BODY_BYTES = 16_384;

export const jsonResponse = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "Cache-Control": "private, no-store" } });

/** Thrown inside a handler to answer `{ error }` with a 4xx/5xx status. */
export class ProxyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function withProxy(
  request: Request,
  handler: (ctx: ProxyContext) => Promise<Response>,
): Promise<Response> {
  try {
    await authenticate.public.appProxy(request);
  } catch (thrown) {
    // The library throws a bare 400 for a missing, forged or stale signature.
    if (thrown instanceof Response && thrown.status === 400)
      return jsonResponse({ error: "This request could not be verified." }, 401);
    throw thrown;
  }
  const params = new URL(request.url).searchParams;
  const domain = params.get("shop") ?? "";
  const shop = await findShopByDomain(db, "shopify", domain);
  if (!shop || shop.installState !== "installed")
    return jsonResponse({ error: "This shop does not offer rewards." }, 404);
  const raw = params.get("logged_in_customer_id") ?? "";
  const customerId = /^\d{1,20}$/.test(raw) ? raw : null;
  const adminGraphql = async () => {
    try {
      const { admin } = await unauthenticated.admin(shop.domain);
      return admin.graphql as unknown as AdminGraphql;
    } catch {
      throw new ProxyError(503, "Rewards are temporarily unavailable. Please try again later.");
    }
  };
  try {
    return await handler({ shop, customerId, adminGraphql });
  } catch (e) {
    if (e instanceof ProxyError) return jsonResponse({ error: e.message }, e.status);
    throw e;
  }
}

export function requireCustomer(ctx: ProxyContext): string {
  if (!ctx.customerId) throw new ProxyError(401, "Please log in to your account first.");
  return ctx.customerId;
}

/** The JSON body, validated; the first problem becomes a 400 `{ error }`. */
export async function readBody<S extends ZodTypeAny>(request: Request, schema: S): Promise<z.output<S>> {
  if (request.method !== "POST") throw new ProxyError(405, "Use POST.");
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) throw new ProxyError(413, "The request is too large.");
  let raw: unknown;
  try {
    raw = JSON.parse(text || "null");
  } catch {
    throw new ProxyError(400, "The request body must be JSON.");
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ProxyError(400, parsed.error.issues[0]?.message ?? "Invalid request.");
  return parsed.data;
}
