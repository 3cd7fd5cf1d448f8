import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { jsonResponse, withProxy } from "~/http/app-proxy.server";
import { programOffer } from "~/models/loyalty-offer.server";

// GET /apps/retention/api/program (Shopify) or /wp-json/retention/v1/proxy/api/program
// (WordPress): the program's numbers from the merchant's settings, and for a signed-in shopper
// their progress to the next tier, with the default tiers and rewards in the shopper's language (the
// signed `locale` parameter). Reading it never enrols anyone.
export const loader = ({ request }: LoaderFunctionArgs) =>
  withProxy(request, async ({ shop, customerId, locale }) =>
    jsonResponse(await programOffer(db, shop, customerId, new Date(), locale)),
  );
