import type { ActionFunctionArgs } from "@remix-run/node";
import { onScopesUpdate } from "~/webhooks/compliance.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// app/scopes_update: the stored sessions carry the scopes the merchant granted.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onScopesUpdate);
