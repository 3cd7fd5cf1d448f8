import type { ActionFunctionArgs } from "@remix-run/node";
import { onOrderWebhook } from "~/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// orders/create: the order (with its customer link and refunds so far) is written.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onOrderWebhook);
