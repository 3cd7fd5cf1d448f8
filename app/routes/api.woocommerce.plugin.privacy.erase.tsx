import type { ActionFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { shopperFromBody } from "~/http/woocommerce-privacy.server";
import { pluginJson, withPluginRequest } from "~/http/woocommerce-plugin.server";
import { redactShopper } from "~/models/compliance.server";

// POST /api/woocommerce/plugin/privacy/erase (signed, S) { email, customer_id, request_id } ->
// { erased: { orders, customers, ... }, repeated }: WordPress's Erase Personal Data tool asks the
// app for the same erasure as Shopify's customers/redact. The same request asked again answers
// its first counts and erases nothing twice; an e-mail the app does not know erases nothing.
export const action = ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return pluginJson({ error: "Use POST." }, 405);
  return withPluginRequest(request, async ({ store, body }) => {
    const shopper = shopperFromBody(body, "erase");
    if (shopper instanceof Response) return shopper;
    const { counts, repeated } = await redactShopper(db, store.shop.id, shopper);
    return pluginJson({ erased: counts, repeated });
  });
};
