// What every admin page needs after authenticate.admin: the shop row and its language.
import db from "~/db/client.server";
import { resolveLocale } from "~/i18n";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { shopOnFirstSight } from "~/workflows/install.server";

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
