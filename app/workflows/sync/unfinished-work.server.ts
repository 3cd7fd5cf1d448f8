// What a process finds unfinished when it starts (the in-process engine after any restart,
// kill -9 included, whose queue lived in memory; a BullMQ worker at start and whenever Redis
// comes back, since Redis may have lost jobs or schedulers). Everything is read from the
// database, the one place that survives both: the backfill's SyncState row and checkpoint,
// which shops are installed and connected, when the dashboard was last computed.
import type { Db } from "~/db/client.server";
import { WOOCOMMERCE_SYNC_KIND } from "./woocommerce-sync.server";

export interface UnfinishedWork {
  /** Backfills asked for (install) whose first job never ran. */
  backfillsToStart: string[];
  /** Backfills under way: a bulk operation and a checkpoint to continue from. */
  backfillsToContinue: string[];
  /** Installed Shopify shops with their history in: each needs its catch-up schedule. */
  reconcileShops: string[];
  /** Installed WooCommerce stores: each needs its sync schedule. */
  wooShops: string[];
  /**
   * Connected WooCommerce stores whose sync was cut off (still "running": a kill, a deploy): run
   * again now, from the watermark, rather than at the next schedule up to 15 minutes later (a
   * first sync would leave the store half-imported meanwhile).
   */
  wooSyncsToResume: string[];
  /** Shops whose stored webhooks are newer than their dashboard (a refresh that waited in memory). */
  staleAnalytics: string[];
}

export async function findUnfinishedWork(db: Db, opts: { staleAnalytics?: boolean } = {}): Promise<UnfinishedWork> {
  const installed = { installState: "installed" };
  const [backfills, connected, wooRunning] = await Promise.all([
    db.syncState.findMany({
      where: { kind: "backfill", status: { in: ["running", "completed"] }, shop: installed },
      select: { shopId: true, status: true, cursor: true },
    }),
    db.wooCommerceConnection.findMany({ where: { shop: installed }, select: { shopId: true } }),
    db.syncState.findMany({
      where: { kind: WOOCOMMERCE_SYNC_KIND, status: "running", shop: installed },
      select: { shopId: true },
    }),
  ]);
  const work: UnfinishedWork = {
    backfillsToStart: [],
    backfillsToContinue: [],
    reconcileShops: [],
    wooShops: connected.map((c) => c.shopId),
    wooSyncsToResume: wooRunning.map((r) => r.shopId).filter((id) => connected.some((c) => c.shopId === id)),
    staleAnalytics: [],
  };
  for (const b of backfills) {
    if (b.status === "completed") work.reconcileShops.push(b.shopId);
    else if (!b.cursor) work.backfillsToStart.push(b.shopId);
    else if ((JSON.parse(b.cursor) as { operationId?: string | null }).operationId)
      work.backfillsToContinue.push(b.shopId);
  }
  if (opts.staleAnalytics) work.staleAnalytics = await shopsWithStaleAnalytics(db);
  return work;
}

async function shopsWithStaleAnalytics(db: Db): Promise<string[]> {
  const shops = await db.shop.findMany({
    where: { installState: "installed" },
    select: { id: true, snapshots: { where: { kind: "dashboard" }, select: { computedAt: true } } },
  });
  const stale: string[] = [];
  for (const shop of shops) {
    // Per shop on the (shopId, receivedAt) index: the newest delivery, not a scan of all of them.
    const newest = await db.webhookEvent.findFirst({
      where: { shopId: shop.id, status: "processed" },
      orderBy: { receivedAt: "desc" },
      select: { receivedAt: true },
    });
    const computedAt = shop.snapshots[0]?.computedAt;
    if (newest && (!computedAt || newest.receivedAt > computedAt)) stale.push(shop.id);
  }
  return stale;
}
