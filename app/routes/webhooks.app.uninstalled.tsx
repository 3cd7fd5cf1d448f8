import type { ActionFunctionArgs } from "@remix-run/node";
import { onAppUninstalled } from "~/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// app/uninstalled: sessions go, the shop is marked uninstalled (data stays until shop/redact).
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onAppUninstalled);
