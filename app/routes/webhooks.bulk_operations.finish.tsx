import type { ActionFunctionArgs } from "@remix-run/node";
import { onBulkOperationFinish } from "~/workflows/webhooks/bulk-operations.server";
import { receiveShopifyWebhook } from "~/http/shopify-webhook.server";

// bulk_operations/finish: the history backfill job picks up the finished operation's JSONL.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onBulkOperationFinish);
