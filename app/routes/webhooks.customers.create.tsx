import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomerWebhook } from "~/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// customers/create: the customer row is written.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomerWebhook);
