import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomersDataRequest } from "~/workflows/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// Mandatory compliance topic: records the data held about the customer for the merchant.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomersDataRequest);
