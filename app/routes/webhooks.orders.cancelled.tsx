import type { ActionFunctionArgs } from "@remix-run/node";
import { onOrderWebhook } from "~/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// orders/cancelled: the order is kept with cancelled_at set, so it stops counting as a purchase.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onOrderWebhook);
