// Loyalty rewards and referral welcome codes as WooCommerce coupons (POST /wp-json/wc/v3/coupons).
// A coupon is the shopper's alone: WooCommerce checks `email_restrictions` against the logged-in
// user's e-mail and the cart's or order's billing e-mail (WC_Discounts::validate_coupon_allowed_emails
// when the coupon is applied, and again at checkout), `usage_limit` 1 makes it single-use across the
// shop and `usage_limit_per_user` 1 per customer. No database here.
import type { RewardType } from "~/loyalty";
import { minorToDecimal } from "~/core/money";
import { WooApiError, type WooClient } from "./rest-client.server";
import { StoreNetworkError } from "./store-network.server";

export interface WooCouponSpec {
  code: string;
  description: string;
  /** The one address the coupon works for (WooCommerce compares lower case). */
  email: string;
  type: RewardType;
  /** Minor units (fixed_amount) or percent (percentage); ignored for free_shipping. */
  value: number;
  currency: string;
  minimumOrderMinor: number;
  /** false: WooCommerce's "Individual use only" (no other coupon in the same cart). */
  combinesWithOtherCoupons: boolean;
  expiresAt: Date;
}

/** The body of POST /wc/v3/coupons for a spec; exported for tests. */
export function wooCouponBody(spec: WooCouponSpec) {
  const amount =
    spec.type === "fixed_amount"
      ? minorToDecimal(spec.value, spec.currency)
      : spec.type === "percentage"
        ? String(spec.value)
        : "0";
  return {
    code: spec.code,
    description: spec.description,
    // Free shipping is a fixed-cart coupon of 0 that unlocks a "Free shipping" method set to
    // "requires a valid free shipping coupon" (WooCommerce's own model).
    discount_type: spec.type === "percentage" ? "percent" : "fixed_cart",
    amount,
    free_shipping: spec.type === "free_shipping",
    email_restrictions: [spec.email.trim().toLowerCase()],
    usage_limit: 1,
    usage_limit_per_user: 1,
    individual_use: !spec.combinesWithOtherCoupons,
    // WooCommerce refuses the coupon from this instant on (WC_Discounts::validate_coupon_expiry_date).
    // date_expires_gmt is read-only on write; date_expires with a "Z" is read as UTC (WC_Data::set_date_prop).
    date_expires: `${spec.expiresAt.toISOString().slice(0, 19)}Z`,
    ...(spec.minimumOrderMinor > 0 ? { minimum_amount: minorToDecimal(spec.minimumOrderMinor, spec.currency) } : {}),
  };
}

export type WooCouponResult =
  | { ok: true; couponId: string }
  /** `maybeCreated`: the store may have made it (no answer came back): look it up before giving points back. */
  | { ok: false; error: string; maybeCreated: boolean };

/** Creates the coupon; refusals and failures come back as `{ ok: false }`, never thrown. */
export async function createWooCoupon(client: WooClient, spec: WooCouponSpec): Promise<WooCouponResult> {
  try {
    const body = (await client.request("POST", "wc/v3/coupons", { body: wooCouponBody(spec) })) as { id?: unknown };
    if (typeof body?.id !== "number") return { ok: false, error: "WooCommerce returned no coupon", maybeCreated: true };
    return { ok: true, couponId: String(body.id) };
  } catch (e) {
    if (e instanceof WooApiError) {
      // An HTTP answer from WooCommerce (400, 401, ...) is a refusal; no answer or a 5xx may hide a coupon made.
      const refused = e.kind === "auth" || (e.status !== undefined && e.status < 500);
      return { ok: false, error: e.message, maybeCreated: !refused };
    }
    if (e instanceof StoreNetworkError) return { ok: false, error: e.message, maybeCreated: e.kind === "unreachable" };
    if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))
      return { ok: false, error: e.message, maybeCreated: true };
    throw e;
  }
}

/** The coupon's id when the store has a coupon with this code, else null (GET /coupons?code=). Throws when it cannot tell. */
export async function findWooCoupon(client: WooClient, code: string): Promise<string | null> {
  const list = await client.request("GET", "wc/v3/coupons", { params: { code, _fields: "id,code" } });
  if (!Array.isArray(list)) throw new WooApiError(`GET /wc/v3/coupons answered no list`, "not_json");
  // WooCommerce matches `code` exactly, lower-cased; compare the same way.
  const hit = (list as { id?: unknown; code?: unknown }[]).find(
    (c) => typeof c.code === "string" && c.code.toLowerCase() === code.toLowerCase(),
  );
  return typeof hit?.id === "number" ? String(hit.id) : null;
}
