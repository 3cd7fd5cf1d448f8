// Where reward and referral codes are made: a Shopify discount code or a WooCommerce coupon.
// The redemption, the referral claim and the recovery of interrupted redemptions are one
// platform-neutral flow (rewards.server.ts, referrals.server.ts, reward-recovery.server.ts);
// only these calls differ per platform.
import type { Db } from "~/db/client.server";
import type { SecretKey } from "~/core/secret-box";
import type { CombinesWith, RewardType } from "~/loyalty";
import { loadWooConnection } from "~/models/woocommerce-connection.server";
import { AdminApiError, adminQuery, type AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { fetchReferralParties } from "~/platforms/shopify/customer-emails.server";
import { createDiscountCode } from "~/platforms/shopify/discount-codes.server";
import { CODE_DISCOUNT_BY_CODE } from "~/platforms/shopify/graphql/discounts";
import { createWooCoupon, findWooCoupon } from "~/platforms/woocommerce/coupons.server";
import { fetchWooCustomer } from "~/platforms/woocommerce/customer-meta.server";
import { createWooClient, WooApiError, type WooClient } from "~/platforms/woocommerce/rest-client.server";
import { StoreNetworkError } from "~/platforms/woocommerce/store-network.server";

/** A WooCommerce reward coupon expires this long after it was made (WooCommerce needs a date to enforce one). */
export const WOO_CODE_VALID_DAYS = 90;

export interface CodeSpec {
  code: string;
  title: string;
  customerId: string; // the app's id; the code works for this customer only
  type: RewardType;
  value: number; // minor units (fixed_amount) or percent (percentage); ignored for free_shipping
  currency: string;
  minimumOrderMinor: number;
  combinesWith: CombinesWith;
}

export type IssueResult =
  | { ok: true; discountId: string }
  /** maybeCreated: no clear answer came back, the shop may hold the code: recovery decides later. */
  | { ok: false; error: string; maybeCreated?: boolean };

export interface ReferralParties {
  friend: { exists: boolean; email: string | null };
  referrer: { exists: boolean; email: string | null };
}

/** The shop's platform could not answer (down, keys revoked): nothing should be decided on stale copies. */
export class ShopUnavailableError extends Error {}

export interface RewardIssuer {
  create(spec: CodeSpec, now: Date): Promise<IssueResult>;
  /** The code's id in the shop, or null when the shop has no such code; throws when it cannot tell. */
  find(code: string): Promise<string | null>;
  /** Both referral parties' e-mail addresses as the shop holds them now; throws ShopUnavailableError. */
  referralParties(friendId: string, referrerId: string): Promise<ReferralParties>;
}

export function shopifyRewardIssuer(graphql: AdminGraphql): RewardIssuer {
  return {
    create: (spec, now) => createDiscountCode(graphql, spec, now),
    async find(code) {
      const { data } = await adminQuery<{ codeDiscountNodeByCode: { id: string } | null }>(
        graphql,
        CODE_DISCOUNT_BY_CODE,
        { variables: { code } },
      );
      return data.codeDiscountNodeByCode?.id ?? null;
    },
    async referralParties(friendId, referrerId) {
      try {
        const parties = await fetchReferralParties(graphql, friendId, referrerId);
        return { friend: parties.friend, referrer: parties.referrer };
      } catch (e) {
        if (e instanceof AdminApiError) throw new ShopUnavailableError(e.message);
        throw e;
      }
    },
  };
}

const unavailable = (e: unknown): never => {
  if (e instanceof WooApiError || e instanceof StoreNetworkError) throw new ShopUnavailableError(e.message);
  throw e;
};

export function wooRewardIssuer(client: WooClient): RewardIssuer {
  return {
    async create(spec, now) {
      // The address is asked fresh: the coupon must name the one WooCommerce checks at checkout.
      let email: string | null;
      try {
        email = (await fetchWooCustomer(client, spec.customerId)).email;
      } catch (e) {
        return { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      if (!email) return { ok: false, error: "the customer account has no e-mail address" };
      const result = await createWooCoupon(client, {
        code: spec.code,
        description: spec.title,
        email,
        type: spec.type,
        value: spec.value,
        currency: spec.currency,
        minimumOrderMinor: spec.minimumOrderMinor,
        combinesWithOtherCoupons: spec.combinesWith.order || spec.combinesWith.product || spec.combinesWith.shipping,
        expiresAt: new Date(now.getTime() + WOO_CODE_VALID_DAYS * 86_400_000),
      });
      return result.ok
        ? { ok: true, discountId: result.couponId }
        : { ok: false, error: result.error, maybeCreated: result.maybeCreated };
    },
    find: (code) => findWooCoupon(client, code),
    async referralParties(friendId, referrerId) {
      try {
        const [friend, referrer] = await Promise.all([
          fetchWooCustomer(client, friendId),
          fetchWooCustomer(client, referrerId),
        ]);
        return {
          friend: { exists: friend.exists, email: friend.email },
          referrer: { exists: referrer.exists, email: referrer.email },
        };
      } catch (e) {
        return unavailable(e);
      }
    },
  };
}

/** The REST client of a connected WooCommerce shop, or null when it is not connected (any more). */
export async function wooClientForShop(
  db: Db,
  key: SecretKey,
  shopId: string,
  opts: { forJobs?: boolean } = {},
): Promise<WooClient | null> {
  const connection = await loadWooConnection(db, key, shopId);
  if (!connection) return null;
  return createWooClient({
    baseUrl: connection.siteUrl,
    consumerKey: connection.consumerKey,
    consumerSecret: connection.consumerSecret,
    // A shopper waits on these calls: fail fast rather than retry for minutes (jobs keep the defaults).
    ...(opts.forJobs ? {} : { timeoutMs: 15_000, maxAttempts: 2 }),
  });
}
