import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomersDataRequest } from "~/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// Mandatory compliance topic: records the data held about the customer for the merchant.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomersDataRequest);
