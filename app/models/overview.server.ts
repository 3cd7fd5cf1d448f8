// Headline counts for a shop, straight from its orders (the full analytics snapshot
// replaces this on the dashboard once computed). Cancelled and fully refunded orders are
// not purchases.
import type { Db } from "~/db/client.server";

export interface ShopOverview {
  customers: number;
  purchasers: number;
  repeatPurchasers: number;
  orders: number;
  netRevenueMinor: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
}

export async function shopOverview(db: Db, shopId: string): Promise<ShopOverview> {
  const counted = { shopId, cancelledAt: null, netPaidMinor: { gt: 0 } };
  const [customers, agg, perCustomer] = await Promise.all([
    db.customer.count({ where: { shopId } }),
    db.order.aggregate({
      where: counted,
      _count: { _all: true },
      _sum: { netPaidMinor: true },
      _min: { processedAt: true },
      _max: { processedAt: true },
    }),
    db.order.groupBy({ by: ["customerId"], where: { ...counted, customerId: { not: null } }, _count: { _all: true } }),
  ]);
  return {
    customers,
    purchasers: perCustomer.length,
    repeatPurchasers: perCustomer.filter((c) => c._count._all >= 2).length,
    orders: agg._count._all,
    netRevenueMinor: Number(agg._sum.netPaidMinor ?? 0n),
    firstOrderAt: agg._min.processedAt?.toISOString() ?? null,
    lastOrderAt: agg._max.processedAt?.toISOString() ?? null,
  };
}
