// A signed-in shopper joins the loyalty program by their own choice (the storefront's Join
// button, POST /api/join; the same for Shopify and WooCommerce shops). Joining opens the account
// once, with the sign-up bonus and the points of the shopper's orders since; joining again
// changes nothing (ensureAccount is keyed by shop and customer, so a doubled or retried request,
// or a crash between the two, never gives a second bonus).
import type { Db } from "~/db/client.server";
import type { Locale } from "~/i18n";
import { ensureAccount } from "~/models/loyalty-ledger.server";
import { memberProfile } from "~/models/loyalty-profile.server";

export async function joinLoyaltyProgram(
  db: Db,
  shop: { id: string; platform: string; domain: string; settings: string },
  customerId: string,
  now = new Date(),
  locale: Locale = "en",
) {
  await ensureAccount(db, shop.id, customerId, { now });
  return memberProfile(db, shop, customerId, now, locale);
}
