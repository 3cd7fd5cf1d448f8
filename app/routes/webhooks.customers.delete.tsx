import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomerDelete } from "~/workflows/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// customers/delete: the customer row goes (Shopify only deletes customers without orders).
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomerDelete);
