import type { ActionFunctionArgs } from "@remix-run/node";
import { onAppUninstalled } from "~/workflows/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// app/uninstalled: sessions go, the shop is marked uninstalled (data stays until shop/redact).
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onAppUninstalled);
