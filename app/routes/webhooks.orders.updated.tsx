import type { ActionFunctionArgs } from "@remix-run/node";
import { onOrderWebhook } from "~/workflows/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// orders/updated: the newer version replaces the stored one; an older delivery is ignored.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onOrderWebhook);
