import type { ActionFunctionArgs } from "@remix-run/node";
import { onOrderWebhook } from "~/workflows/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// orders/create: the order (with its customer link and refunds so far) is written.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onOrderWebhook);
