import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { resolveLocale, translate } from "~/i18n";
import { joinLoyaltyProgram } from "~/workflows/loyalty-join.server";
import { findShopByDomain } from "~/models/shop.server";
import { authenticate } from "~/shopify.server";

// The customer account UI extension's data (Shopify's new customer accounts render no theme
// account page). The request carries the extension's session token: authenticate.public.
// customerAccount verifies it (signed with the app secret); the shop comes from its `dest`
// and the shopper from its `sub`, never from the request's own parameters.
async function profile(request: Request) {
  const { sessionToken, cors } = await authenticate.public.customerAccount(request);
  const domain = new URL(String(sessionToken.dest)).hostname;
  const customerId = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(String(sessionToken.sub ?? ""))?.[1] ?? null;
  const json = (body: unknown, status = 200) =>
    cors(Response.json(body, { status, headers: { "Cache-Control": "private, no-store" } }));
  const shop = await findShopByDomain(db, "shopify", domain);
  // The shopper's language is the shop's (the session token names none).
  const locale = resolveLocale(shop?.locale);
  if (!shop || shop.installState !== "installed")
    return json({ error: translate(locale, "storefront.error.noRewards") }, 404);
  if (!customerId) return json({ error: translate(locale, "storefront.error.logIn") }, 401);
  // The extension has no Join button yet: opening its Rewards page is taken as joining, as before.
  return json(await joinLoyaltyProgram(db, shop, customerId, new Date(), locale));
}

export const loader = ({ request }: LoaderFunctionArgs) => profile(request);
// Browsers send a CORS preflight (OPTIONS) first: Remix routes it to the action; the library answers it.
export const action = ({ request }: ActionFunctionArgs) => profile(request);
