// Where shoppers reach a shop's storefront, for links the app hands them (a member's referral
// link): a WooCommerce store's own site address as it registered when connecting (scheme, host
// and any path: a store served over http gets http links), a Shopify shop's primary domain
// (always https on Shopify), read at install, else its myshopify domain, which redirects there.
import type { Db } from "~/db/client.server";
import { saveSettingsSection } from "./shop.server";
import { settingsObject } from "./settings";

const SETTINGS_KEY = "storefront";
const HOST = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Keeps the Shopify shop's primary domain (a host name, as the Admin API's `primaryDomain.host` gives it). */
export async function saveShopifyPrimaryHost(db: Db, shopId: string, host: string | null | undefined) {
  const clean = host?.trim().toLowerCase() ?? "";
  if (!HOST.test(clean)) return;
  await saveSettingsSection(db, shopId, SETTINGS_KEY, { primaryHost: clean });
}

/** The storefront's base URL, without a trailing slash: "https://shop.example.com" or "http://127.0.0.1:8080/shop". */
export async function storefrontBaseUrl(
  db: Db,
  shop: { id: string; platform: string; domain: string; settings: string },
): Promise<string> {
  if (shop.platform === "woocommerce") {
    const connection = await db.wooCommerceConnection.findUnique({
      where: { shopId: shop.id },
      select: { siteUrl: true },
    });
    const site = connection ? safeUrl(connection.siteUrl) : null;
    if (site) return `${site.origin}${site.pathname.replace(/\/+$/, "")}`;
    return `https://${shop.domain}`;
  }
  const stored = settingsObject(shop.settings)[SETTINGS_KEY] as { primaryHost?: unknown } | undefined;
  const host = typeof stored?.primaryHost === "string" && HOST.test(stored.primaryHost) ? stored.primaryHost : null;
  return `https://${host ?? shop.domain}`;
}

function safeUrl(raw: string): URL | null {
  try {
    const url = new URL(raw);
    return url.protocol === "https:" || url.protocol === "http:" ? url : null;
  } catch {
    return null;
  }
}
