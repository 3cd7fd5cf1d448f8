import type { ActionFunctionArgs } from "@remix-run/node";
import { onShopRedact } from "~/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// Mandatory compliance topic: erases everything of the shop (an unknown shop has nothing to erase).
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onShopRedact);
