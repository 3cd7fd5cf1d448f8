// The body of the plugin's privacy requests (WordPress's Export / Erase Personal Data tools):
// { email, customer_id, request_id } as JSON, signed like every S request.
import { z } from "zod";
import { wooId } from "~/platforms/woocommerce/order-status";
import type { ShopperRequest } from "~/models/compliance.server";
import { pluginJson } from "./woocommerce-plugin.server";

const bodySchema = z.object({
  email: z.string().trim().email().max(254),
  // The WordPress user with the e-mail, when the store has one (WooCommerce's customer id).
  customer_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullish(),
  // The store's id of the privacy request (a user_request post).
  request_id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).nullish(),
});

/** The shopper the body names, or a 400 answer. `kind` keeps an export's and an erasure's records apart. */
export function shopperFromBody(body: string | null, kind: "export" | "erase"): ShopperRequest | Response {
  let json: unknown;
  try {
    json = JSON.parse(body ?? "");
  } catch {
    return pluginJson({ error: "The request body must be JSON." }, 400);
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) return pluginJson({ error: "email must be an e-mail address." }, 400);
  const { email, customer_id, request_id } = parsed.data;
  return {
    email,
    customerId: customer_id ? wooId(customer_id) : null,
    requestId: request_id ? `wp-${kind}-${request_id}` : null,
  };
}
