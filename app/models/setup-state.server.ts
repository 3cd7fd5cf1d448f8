// What the dashboard's setup checklist needs from the database: how the history sync stands
// (Shopify's backfill, the WooCommerce sync, or the demo shop's generated history), whether
// the storefront has been heard from, and how much data the analysis has. Settings-based steps
// (loyalty, pixels, win-back) are read from the shop row by the route.
import type { Db } from "~/db/client.server";

/** The sync kinds that bring a shop's history in, by platform (the demo seed stands in for one). */
const HISTORY_KINDS = ["backfill", "woocommerce", "demo-seed"];

export type SyncStatus = "idle" | "running" | "completed" | "failed";

export interface HistorySync {
  kind: string;
  status: SyncStatus;
  processed: number;
  total: number | null;
  percent: number | null;
  error: string | null;
  finishedAt: string | null;
}

export async function historySync(db: Db, shopId: string): Promise<HistorySync> {
  const states = await db.syncState.findMany({ where: { shopId, kind: { in: HISTORY_KINDS } } });
  // A completed one wins (the demo seed and a backfill may both exist); else the latest touched.
  const s =
    states.find((x) => x.status === "completed") ??
    states.sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())[0];
  if (!s)
    return {
      kind: "backfill",
      status: "idle",
      processed: 0,
      total: null,
      percent: null,
      error: null,
      finishedAt: null,
    };
  const status = (["idle", "running", "completed", "failed"].includes(s.status) ? s.status : "idle") as SyncStatus;
  return {
    kind: s.kind,
    status,
    processed: s.processed,
    total: s.total,
    percent: s.total ? Math.min(100, Math.round((s.processed / s.total) * 100)) : status === "completed" ? 100 : null,
    error: s.error,
    finishedAt: s.finishedAt?.toISOString() ?? null,
  };
}

/** True once a shopper has used a storefront block (joined the loyalty program or answered the survey). */
export async function storefrontSeen(db: Db, shopId: string): Promise<boolean> {
  const [account, answer] = await Promise.all([
    db.loyaltyAccount.findFirst({ where: { shopId }, select: { customerId: true } }),
    db.surveyAnswer.findFirst({ where: { shopId }, select: { id: true } }),
  ]);
  return account !== null || answer !== null;
}

/** Counts for the empty states: what is in so far. */
export async function dataSoFar(db: Db, shopId: string) {
  const [customers, orders] = await Promise.all([
    db.customer.count({ where: { shopId } }),
    db.order.count({ where: { shopId } }),
  ]);
  return { customers, orders };
}
