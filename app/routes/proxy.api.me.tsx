import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { guestProfile, memberProfile } from "~/models/loyalty-profile.server";
import { jsonResponse, withProxy } from "~/http/app-proxy.server";

// GET /apps/retention/api/me: the shopper's points, tier, rewards and referral link.
// A signed-in shopper's first visit opens their loyalty account (sign-up bonus included).
export const loader = ({ request }: LoaderFunctionArgs) =>
  withProxy(request, async ({ shop, customerId, locale }) =>
    jsonResponse(customerId ? await memberProfile(db, shop, customerId) : await guestProfile(db, shop.id, locale)),
  );
