import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomerDelete } from "~/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// customers/delete: the customer row goes (Shopify only deletes customers without orders).
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomerDelete);
