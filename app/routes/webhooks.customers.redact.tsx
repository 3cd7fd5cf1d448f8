import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomersRedact } from "~/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// Mandatory compliance topic: erases the customer's personal data and orders.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomersRedact);
