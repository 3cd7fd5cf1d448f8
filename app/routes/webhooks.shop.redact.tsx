import type { ActionFunctionArgs } from "@remix-run/node";
import { onShopRedact } from "~/workflows/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// Mandatory compliance topic: erases everything of the shop (an unknown shop has nothing to erase).
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onShopRedact);
