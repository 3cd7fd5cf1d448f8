import type { ActionFunctionArgs } from "@remix-run/node";
import { onScopesUpdate } from "~/workflows/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// app/scopes_update: the stored sessions carry the scopes the merchant granted.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onScopesUpdate);
