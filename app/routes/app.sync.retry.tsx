import type { ActionFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { shopForSession } from "~/http/admin-context.server";
import { getJobQueue } from "~/jobs/queue.server";
import { authenticate } from "~/shopify.server";
import { retryHistorySync } from "~/workflows/sync/retry-history-sync.server";

// POST /app/sync/retry: the Retry button of a failed history sync (dashboard and Sync status).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { shop } = await shopForSession(request, session.shop);
  return { result: await retryHistorySync(db, await getJobQueue(), shop) };
};

export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
