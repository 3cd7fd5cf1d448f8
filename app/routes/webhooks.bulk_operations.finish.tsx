import type { ActionFunctionArgs } from "@remix-run/node";
import { onBulkOperationFinish } from "~/webhooks/bulk.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// bulk_operations/finish: the history backfill job picks up the finished operation's JSONL.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onBulkOperationFinish);
