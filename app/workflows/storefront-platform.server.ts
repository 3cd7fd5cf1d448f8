// What the storefront's workflows (rewards, referrals) need from the shop's platform, the same
// for Shopify and WooCommerce: issue a single-use code for one customer, and read the two
// parties of a referral as the platform holds them now. The proxy front door
// (app/http/app-proxy.server.ts) builds the shop's one; the workflows never ask which it is.
import type { Db } from "~/db/client.server";
import type { SecretKey } from "~/core/secret-box";
import { loadWooConnection } from "~/models/woocommerce-connection.server";
import { AdminApiError, type AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { fetchReferralParties } from "~/platforms/shopify/customer-emails.server";
import { createDiscountCode, type DiscountResult, type DiscountSpec } from "~/platforms/shopify/discount-codes.server";
import { WOO_ID_PREFIX } from "~/platforms/woocommerce/order-status";
import { createWooClient, WooApiError } from "~/platforms/woocommerce/rest-client.server";
import { StoreNetworkError } from "~/platforms/woocommerce/store-network.server";

export interface ReferralParty {
  exists: boolean;
  email: string | null;
}

/** The platform could not answer now (network, outage): the caller answers 503, nothing is decided on stale copies. */
export class PlatformUnavailableError extends Error {}

export interface StorefrontPlatform {
  /**
   * Creates the code on the platform; null where the platform cannot issue codes yet (the
   * workflows then refuse before spending anything).
   */
  issueCode: ((spec: DiscountSpec) => Promise<DiscountResult>) | null;
  /** Both parties' current e-mail addresses; throws PlatformUnavailableError. */
  referralParties(friendId: string, referrerId: string): Promise<{ friend: ReferralParty; referrer: ReferralParty }>;
}

export function shopifyStorefront(graphql: AdminGraphql): StorefrontPlatform {
  return {
    issueCode: (spec) => createDiscountCode(graphql, spec),
    async referralParties(friendId, referrerId) {
      try {
        return await fetchReferralParties(graphql, friendId, referrerId);
      } catch (e) {
        if (e instanceof AdminApiError) throw new PlatformUnavailableError(e.message);
        throw e;
      }
    },
  };
}

/**
 * A WooCommerce store through its REST API keys. Coupons for rewards and referral friends are
 * not issued here yet (issueCode null): redeeming answers "not available" without spending.
 */
export function wooCommerceStorefront(db: Db, key: SecretKey, shopId: string): StorefrontPlatform {
  const client = async () => {
    const connection = await loadWooConnection(db, key, shopId);
    if (!connection) throw new PlatformUnavailableError("the store is not connected");
    return createWooClient({
      baseUrl: connection.siteUrl,
      consumerKey: connection.consumerKey,
      consumerSecret: connection.consumerSecret,
      maxAttempts: 2,
      timeoutMs: 10_000,
    });
  };
  const party = async (store: Awaited<ReturnType<typeof client>>, customerId: string): Promise<ReferralParty> => {
    // The app keeps WooCommerce customers as "woo-<WordPress user id>".
    const raw = customerId.startsWith(WOO_ID_PREFIX) ? customerId.slice(WOO_ID_PREFIX.length) : "";
    const id = /^\d{1,15}$/.test(raw) ? Number(raw) : null;
    const customer = id === null ? null : await store.customer(id);
    const email = customer && typeof customer.email === "string" && customer.email ? customer.email : null;
    return { exists: customer !== null, email };
  };
  return {
    issueCode: null,
    async referralParties(friendId, referrerId) {
      try {
        const store = await client();
        return { friend: await party(store, friendId), referrer: await party(store, referrerId) };
      } catch (e) {
        if (e instanceof WooApiError || e instanceof StoreNetworkError) throw new PlatformUnavailableError(e.message);
        throw e;
      }
    },
  };
}
