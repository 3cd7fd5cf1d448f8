import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { guestProfile, memberProfile } from "~/models/loyalty-profile.server";
import { jsonResponse, withProxy } from "~/http/app-proxy.server";

// GET /apps/retention/api/me: the shopper's points, tier, rewards and referral link.
// Only reads: a signed-in shopper who has not joined gets `member: false` and the offer to join
// (POST /api/join).
export const loader = ({ request }: LoaderFunctionArgs) =>
  withProxy(request, async ({ shop, customerId, locale }) =>
    jsonResponse(
      customerId
        ? await memberProfile(db, shop, customerId, new Date(), locale)
        : await guestProfile(db, shop.id, locale),
    ),
  );
