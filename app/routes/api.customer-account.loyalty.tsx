import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "~/db/client.server";
import { resolveLocale, translate, type Locale, type MessageKey } from "~/i18n";
import { memberProfile } from "~/models/loyalty-profile.server";
import { joinLoyaltyProgram } from "~/workflows/loyalty-join.server";
import { findShopByDomain } from "~/models/shop.server";
import { authenticate } from "~/shopify.server";

// The customer account UI extension's data (Shopify's new customer accounts render no theme
// account page). The request carries the extension's session token: authenticate.public.
// customerAccount verifies it (signed with the app secret); the shop comes from its `dest`
// and the shopper from its `sub`, never from the request's own parameters.
// GET reads the profile and never enrols anyone (a shopper who has not joined gets `member: false`
// and the offer); POST { join: true } is the shopper's choice to join (the extension's Join button),
// as POST /proxy/api/join is on the theme and WooCommerce.
// The token names no language: the extension sends the buyer's (`?locale=`, only a language choice,
// so it needs no signature); a language the app does not have falls back to the shop's.

const joinSchema = z.object({ join: z.literal(true) });

async function customerAccount(request: Request, act: "read" | "join") {
  const { sessionToken, cors } = await authenticate.public.customerAccount(request);
  const domain = new URL(String(sessionToken.dest)).hostname;
  const customerId = /^gid:\/\/shopify\/Customer\/(\d+)$/.exec(String(sessionToken.sub ?? ""))?.[1] ?? null;
  const shop = await findShopByDomain(db, "shopify", domain);
  const locale: Locale = resolveLocale(new URL(request.url).searchParams.get("locale"), shop?.locale);
  const json = (body: unknown, status = 200) =>
    cors(Response.json(body, { status, headers: { "Cache-Control": "private, no-store" } }));
  const error = (status: number, key: MessageKey) => json({ error: translate(locale, key) }, status);
  if (!shop || shop.installState !== "installed") return error(404, "storefront.error.noRewards");
  if (!customerId) return error(401, "storefront.error.logIn");
  if (act === "read") return json(await memberProfile(db, shop, customerId, new Date(), locale));
  const body = joinSchema.safeParse(await request.json().catch(() => null));
  if (!body.success) return error(400, "storefront.error.invalid");
  return json(await joinLoyaltyProgram(db, shop, customerId, new Date(), locale));
}

export const loader = ({ request }: LoaderFunctionArgs) => customerAccount(request, "read");
// POST joins. Browsers send a CORS preflight (OPTIONS) first: Remix routes it to the action, where
// authenticate.public.customerAccount answers it before anything else runs.
export const action = ({ request }: ActionFunctionArgs) => customerAccount(request, "join");
