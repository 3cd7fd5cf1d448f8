// Orders the shop's platform no longer holds as orders (a WooCommerce order moved to the trash,
// or deleted for good): they leave the app's tables, their refunds with them (cascade), so no
// figure counts them. A removal names the platform's change time: a version the app holds
// that is newer (the order was restored and delivered since) is kept.
import type { Db } from "~/db/client.server";

export interface OrderRemoval {
  id: string;
  /** When the platform removed it; null: unknown (deleted for good), removed whatever the app holds. */
  removedAt: Date | null;
}

/** Removes the orders; the number removed. */
export async function removeOrders(db: Db, shopId: string, removals: OrderRemoval[]): Promise<number> {
  let removed = 0;
  for (const r of removals) {
    const res = await db.order.deleteMany({
      where: {
        shopId,
        id: r.id,
        ...(r.removedAt ? { OR: [{ platformUpdatedAt: null }, { platformUpdatedAt: { lte: r.removedAt } }] } : {}),
      },
    });
    removed += res.count;
  }
  return removed;
}

/** The shop's order ids that start with `prefix`, ascending, with their newest platform change. */
export async function orderIdsWithPrefix(db: Db, shopId: string, prefix: string) {
  return db.order.findMany({
    where: { shopId, id: { startsWith: prefix } },
    select: { id: true, platformUpdatedAt: true },
    orderBy: { id: "asc" },
  });
}
