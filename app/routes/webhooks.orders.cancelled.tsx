import type { ActionFunctionArgs } from "@remix-run/node";
import { onOrderWebhook } from "~/workflows/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// orders/cancelled: the order is kept with cancelled_at set, so it stops counting as a purchase.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onOrderWebhook);
