// What every admin page needs: who is signed in, for which shop, in which language. Two doors:
// Shopify's admin (authenticate.admin: the embedded app's session token) and the app's own
// session for WooCommerce merchants who came from WordPress (woocommerce-admin.server.ts).
// Pages ask `platform` for what differs (Shopify's Admin API exists only for Shopify shops).
import db from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";
import { resolveLocale, type Locale } from "~/i18n";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { authenticate } from "~/shopify.server";
import { shopOnFirstSight } from "~/workflows/install.server";
import { isShopifyAdminRequest, wooAdminSession } from "./woocommerce-admin.server";

export type AdminPlatform = "shopify" | "woocommerce";

export interface AdminContext {
  shop: Shop;
  locale: Locale;
  platform: AdminPlatform;
  /** Shopify's Admin API for the shop; null for a WooCommerce shop. */
  adminGraphql: AdminGraphql | null;
}

/** What authenticate.admin hands a loader: the session's shop and the Admin API client. */
export interface AdminAuth {
  session: { shop: string };
  admin: { graphql: AdminGraphql };
}

/**
 * The shop of an admin request. A page may load before the install hook stored the shop:
 * the admin's first load runs its layout and page loaders side by side, and the library runs
 * afterAuth for one of them only (the others go on at once), or afterAuth failed after the
 * session was stored. Such a request creates the shop itself, exactly as the install would.
 */
export async function shopForSession(request: Request, auth: AdminAuth) {
  const shop = await shopOnFirstSight(db, auth.session.shop, auth.admin.graphql);
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
  const auth = await authenticate.admin(request);
  const { shop, locale } = await shopForSession(request, auth);
  return { shop, locale, platform: "shopify", adminGraphql: auth.admin.graphql };
}
