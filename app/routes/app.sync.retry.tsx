import type { ActionFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { requireAdmin } from "~/http/admin-context.server";
import { getJobQueue } from "~/jobs/queue.server";
import { retryHistorySync } from "~/workflows/sync/retry-history-sync.server";

// POST /app/sync/retry: the Retry button of a failed history sync (dashboard and Sync status).
export const action = async ({ request }: ActionFunctionArgs) => {
  const { shop } = await requireAdmin(request);
  return { result: await retryHistorySync(db, await getJobQueue(), shop) };
};

export const loader = () => new Response("Method not allowed", { status: 405, headers: { Allow: "POST" } });
