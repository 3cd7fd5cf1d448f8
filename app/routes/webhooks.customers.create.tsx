import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomerCreate } from "~/workflows/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// customers/create: the customer row is written and the shopper joins the loyalty program.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomerCreate);
