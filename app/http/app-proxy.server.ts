// The common path of every storefront proxy route, for both shop platforms:
// - Shopify's app proxy (/apps/retention/* on the storefront arrives at /proxy/*), signed with
//   the app's API secret, shop = the myshopify domain;
// - the WordPress plugin's proxy (/wp-json/retention/v1/proxy/* on the store), signed the same
//   way with the store's plugin secret, shop = the app's shop id, with the body's hash signed
//   and each signature accepted once (woocommerce-plugin.server.ts).
// One verifier (app/core/signed-query.ts) for both: any parameter given twice is refused (a
// shopper's own `logged_in_customer_id` in front of the proxy's would otherwise be read), the
// timestamp must be within 90 s. The shopper comes only from the signed `logged_in_customer_id`;
// a customer id in the body or elsewhere in the query is ignored. Errors are `{ error }` JSON
// fit to show a shopper.
import crypto from "node:crypto";
import ipaddr from "ipaddr.js";
import type { z, ZodTypeAny } from "zod";
import { verifySignedQuery } from "~/core/signed-query";
import db from "~/db/client.server";
import { env } from "~/env.server";
import type { Shop } from "~/generated/sqlite";
import { findShopByDomain } from "~/models/shop.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { appSecretKey } from "~/crypto/app-key.server";
import {
  shopifyRewardIssuer,
  wooClientForShop,
  wooRewardIssuer,
  type RewardIssuer,
} from "~/workflows/reward-issuer.server";
import { wooId } from "~/platforms/woocommerce/order-status";
import { unauthenticated } from "~/shopify.server";
import { verifyPluginSignature } from "./woocommerce-plugin.server";

type ShopRow = Shop;

export interface ProxyContext {
  shop: ShopRow;
  platform: "shopify" | "woocommerce";
  /** The signed-in shopper's customer id as the app stores it (WooCommerce's namespaced "woo-7"), or null for a guest. */
  customerId: string | null;
  /**
   * The shopper's IP address as the shop's proxy forwarded it, as a keyed hash (for rate
   * limits; the address itself is never stored), or null when the proxy did not say.
   */
  shopperKey: string | null;
  /** Where the shop's reward codes are made: Shopify's Admin API as the offline session, or the WooCommerce store's REST API (created lazily: only redemptions and referral claims need it). */
  rewardIssuer: () => Promise<RewardIssuer>;
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

const NOT_VERIFIED = "This request could not be verified.";
const NO_REWARDS = "This shop does not offer rewards.";
const SHOPIFY_SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

/**
 * The first address in X-Forwarded-For: Shopify's proxy and the plugin put the shopper's address
 * there (the app's own load balancer appends after it). Only requests whose signature verified
 * get here, so the header came through the shop's proxy.
 */
function shopperKey(request: Request, shopId: string): string | null {
  const first = (request.headers.get("x-forwarded-for") ?? "").split(",")[0]?.trim() ?? "";
  if (!first || !ipaddr.isValid(first)) return null;
  const address = ipaddr.process(first).toString(); // ::ffff:1.2.3.4 and 1.2.3.4 are one shopper
  return crypto.createHmac("sha256", env.SHOPIFY_API_SECRET).update(`shopper-ip:${shopId}:${address}`).digest("hex");
}

type Verified =
  | { ok: true; shop: ShopRow; platform: ProxyContext["platform"]; customerId: string | null }
  | { ok: false; response: Response };

async function verifyShopify(params: URLSearchParams, domain: string): Promise<Verified> {
  const result = verifySignedQuery(params, {
    secret: env.SHOPIFY_API_SECRET,
    now: Math.floor(Date.now() / 1000),
    body: { kind: "unsigned" },
  });
  if (!result.ok) return { ok: false, response: jsonResponse({ error: NOT_VERIFIED }, 401) };
  const shop = await findShopByDomain(db, "shopify", domain);
  if (!shop || shop.installState !== "installed")
    return { ok: false, response: jsonResponse({ error: NO_REWARDS }, 404) };
  const raw = result.params.logged_in_customer_id ?? "";
  return { ok: true, shop, platform: "shopify", customerId: /^\d{1,20}$/.test(raw) ? raw : null };
}

async function verifyWooCommerce(request: Request, url: URL, shopId: string): Promise<Verified> {
  const raw = request.method === "POST" ? await request.clone().text() : null;
  if (raw !== null && raw.length > MAX_BODY_BYTES)
    return { ok: false, response: jsonResponse({ error: "The request is too large." }, 413) };
  const verified = await verifyPluginSignature(url, raw, shopId, { byIdOnly: true });
  if (!verified.ok)
    return {
      ok: false,
      response: jsonResponse({ error: verified.status === 404 ? NO_REWARDS : NOT_VERIFIED }, verified.status),
    };
  const { shop, disconnectedAt } = verified.store;
  if (shop.installState !== "installed" || disconnectedAt)
    return { ok: false, response: jsonResponse({ error: NO_REWARDS }, 404) };
  const customer = verified.params.logged_in_customer_id ?? "";
  return { ok: true, shop, platform: "woocommerce", customerId: /^\d{1,20}$/.test(customer) ? wooId(customer) : null };
}

export async function withProxy(
  request: Request,
  handler: (ctx: ProxyContext) => Promise<Response>,
): Promise<Response> {
  const url = new URL(request.url);
  const shopParam = url.searchParams.get("shop") ?? "";
  const verified = SHOPIFY_SHOP.test(shopParam)
    ? await verifyShopify(url.searchParams, shopParam)
    : await verifyWooCommerce(request, url, shopParam);
  if (!verified.ok) return verified.response;
  const { shop, platform, customerId } = verified;
  const rewardIssuer = async (): Promise<RewardIssuer> => {
    if (platform === "woocommerce") {
      const client = await wooClientForShop(db, appSecretKey(), shop.id);
      if (!client) throw new ProxyError(503, "Rewards are temporarily unavailable. Please try again later.");
      return wooRewardIssuer(client);
    }
    try {
      const { admin } = await unauthenticated.admin(shop.domain);
      return shopifyRewardIssuer(admin.graphql as unknown as AdminGraphql);
    } catch {
      throw new ProxyError(503, "Rewards are temporarily unavailable. Please try again later.");
    }
  };
  try {
    return await handler({ shop, platform, customerId, shopperKey: shopperKey(request, shop.id), rewardIssuer });
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
