// What every admin page needs after authenticate.admin: the shop row and its language.
import db from "~/db/client.server";
import { resolveLocale } from "~/i18n";
import { requireShop } from "~/models/shop.server";

export async function shopForSession(request: Request, sessionShop: string) {
  const shop = await requireShop(db, "shopify", sessionShop);
  const locale = resolveLocale(new URL(request.url).searchParams.get("locale"), shop.locale);
  return { shop, locale };
}
