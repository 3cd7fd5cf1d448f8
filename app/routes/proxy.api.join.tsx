import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "~/db/client.server";
import { jsonResponse, ProxyError, readBody, withProxy } from "~/http/app-proxy.server";
import { joinLoyaltyProgram } from "~/workflows/loyalty-join.server";

// The storefront sends {} (a body keeps the request a POST the proxy signs, never a prefetch).
const bodySchema = z.object({}).passthrough();

// POST /apps/retention/api/join (Shopify) or /wp-json/retention/v1/proxy/api/join (WordPress)
// → the member profile: the signed-in shopper chose to join the rewards programme.
export const action = ({ request }: ActionFunctionArgs) =>
  withProxy(request, async (ctx) => {
    await readBody(request, bodySchema);
    if (!ctx.customerId) throw new ProxyError(401, "storefront.error.joinLogIn");
    return jsonResponse(await joinLoyaltyProgram(db, ctx.shop, ctx.customerId, new Date(), ctx.locale));
  });
