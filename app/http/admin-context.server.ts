// What every admin page needs: who is signed in, for which shop, in which language. Two doors:
// Shopify's admin (authenticate.admin: the embedded app's session token) and the app's own
// session for WooCommerce merchants who came from WordPress (woocommerce-admin.server.ts).
// Pages ask `platform` for what differs (Shopify's Admin API exists only for Shopify shops).
import db from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";
import { resolveLocale, type Locale } from "~/i18n";
import { requireShop } from "~/models/shop.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { authenticate } from "~/shopify.server";
import { isShopifyAdminRequest, wooAdminSession } from "./woocommerce-admin.server";

export type AdminPlatform = "shopify" | "woocommerce";

export interface AdminContext {
  shop: Shop;
  locale: Locale;
  platform: AdminPlatform;
  /** Shopify's Admin API for the shop; null for a WooCommerce shop. */
  adminGraphql: AdminGraphql | null;
}

export async function shopForSession(request: Request, sessionShop: string) {
  const shop = await requireShop(db, "shopify", sessionShop);
  const locale = resolveLocale(new URL(request.url).searchParams.get("locale"), shop.locale);
  return { shop, locale };
}

/**
 * The signed-in admin of the request: a WooCommerce merchant's session when the request
 * carries its cookie and nothing of Shopify's, else Shopify's admin (which redirects or throws
 * as Shopify requires).
 */
export async function requireAdmin(request: Request): Promise<AdminContext> {
  if (!isShopifyAdminRequest(request)) {
    const woo = await wooAdminSession(request);
    if (woo) {
      const locale = resolveLocale(new URL(request.url).searchParams.get("locale"), woo.shop.locale);
      return { shop: woo.shop, locale, platform: "woocommerce", adminGraphql: null };
    }
  }
  const { session, admin } = await authenticate.admin(request);
  const { shop, locale } = await shopForSession(request, session.shop);
  return { shop, locale, platform: "shopify", adminGraphql: admin.graphql as unknown as AdminGraphql };
}
