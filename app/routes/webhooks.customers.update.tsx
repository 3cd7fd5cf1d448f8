import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomerWebhook } from "~/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// customers/update: the newer version replaces the stored one; an older delivery is ignored.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomerWebhook);
