import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomersRedact } from "~/workflows/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// Mandatory compliance topic: erases the customer's personal data and orders.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomersRedact);
