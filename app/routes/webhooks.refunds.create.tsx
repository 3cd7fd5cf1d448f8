import type { ActionFunctionArgs } from "@remix-run/node";
import { onRefundCreate } from "~/workflows/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// refunds/create: the refund is stored and the order's net amount reduced.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onRefundCreate);
