// The Customers list and the customer page, read from the insight rows (one indexed query
// each, whatever the shop's size) plus the customer's own orders and loyalty ledger.
import { balance, type LedgerEntry } from "~/loyalty";
import type { Db } from "~/db/client.server";
import { MAX_PAGES, PAGE_SIZE, type CustomerListQuery } from "./customer-list-query";

export { parseCustomerListQuery } from "./customer-list-query";

const ORDER_BY = {
  revenue: [{ revenueMinor: "desc" }, { customerKey: "asc" }],
  recent: [{ lastOrderDate: "desc" }, { customerKey: "asc" }],
  risk: [{ pAlive: "asc" }, { revenueMinor: "desc" }, { customerKey: "asc" }],
  clv: [{ predictedClvMinor: "desc" }, { customerKey: "asc" }],
} as const;

// Up to this many search matches are fetched by key and sorted; more (a common name) are
// found fastest by walking the sort order until a page is full.
const SEARCH_BY_KEYS_BELOW = 2_000;

const SELECT = {
  customerKey: true,
  name: true,
  email: true,
  orders: true,
  revenueMinor: true,
  lastOrderDate: true,
  segment: true,
  rfmSegment: true,
  pAlive: true,
  predictedClvMinor: true,
} as const;

export async function listCustomers(db: Db, shopId: string, query: CustomerListQuery) {
  const filters = {
    shopId,
    ...(query.segment ? { segment: query.segment } : {}),
    ...(query.rfm ? { rfmSegment: query.rfm } : {}),
  };
  let where: object = query.q ? { ...filters, searchText: { contains: query.q.toLowerCase() } } : filters;
  const total = await db.customerInsight.count({ where });
  if (query.q && total > 0 && total < SEARCH_BY_KEYS_BELOW) {
    // The matching keys come from the narrow search index; the page is then read by key.
    const keys = await db.customerInsight.findMany({ where, select: { customerKey: true } });
    where = { shopId, customerKey: { in: keys.map((k) => k.customerKey) } };
  }
  const pages = Math.min(MAX_PAGES, Math.max(1, Math.ceil(total / PAGE_SIZE)));
  const rows = await db.customerInsight.findMany({
    where,
    orderBy: [...ORDER_BY[query.sort]],
    skip: (Math.min(query.page, pages) - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: SELECT,
  });
  return {
    total,
    pages,
    truncated: total > MAX_PAGES * PAGE_SIZE,
    rows: rows.map((r) => ({
      ...r,
      revenueMinor: Number(r.revenueMinor),
      predictedClvMinor: r.predictedClvMinor === null ? null : Number(r.predictedClvMinor),
    })),
  };
}

const MAX_ORDERS_SHOWN = 100;

/** Everything the customer page shows, or null when the key is not one of this shop's customers. */
export async function customerDetail(db: Db, shopId: string, customerKey: string, now: Date) {
  const insight = await db.customerInsight.findUnique({ where: { shopId_customerKey: { shopId, customerKey } } });
  if (!insight) return null;
  const customerId = insight.customerId;
  const [account, orders, entries, codes] = await Promise.all([
    customerId ? db.customer.findUnique({ where: { shopId_id: { shopId, id: customerId } } }) : null,
    // Account orders by id; a guest's by e-mail (the partial guest index). Sorted here, not in
    // SQL: an ORDER BY processedAt lures SQLite onto the shop-wide date index (seconds at 1M orders).
    db.order.findMany({
      where: customerId ? { shopId, customerId } : { shopId, customerId: null, email: insight.email },
      select: {
        id: true,
        name: true,
        processedAt: true,
        totalMinor: true,
        refundedMinor: true,
        netPaidMinor: true,
        financialStatus: true,
        cancelledAt: true,
        currency: true,
      },
    }),
    customerId ? db.loyaltyEntry.findMany({ where: { shopId, customerId }, orderBy: { createdAt: "asc" } }) : [],
    customerId
      ? db.rewardCode.findMany({ where: { shopId, customerId }, orderBy: { createdAt: "desc" }, take: 20 })
      : [],
  ]);
  const ledger: LedgerEntry[] = entries.map((e) => ({
    key: e.key,
    customerId: e.customerId,
    kind: e.kind as LedgerEntry["kind"],
    points: e.points,
    createdAt: e.createdAt,
    availableAt: e.availableAt,
    ...(e.orderId ? { orderId: e.orderId } : {}),
    ...(e.refundId ? { refundId: e.refundId } : {}),
    ...(e.rewardId ? { rewardId: e.rewardId } : {}),
  }));
  return {
    insight: {
      ...insight,
      revenueMinor: Number(insight.revenueMinor),
      expectedOrderValueMinor:
        insight.expectedOrderValueMinor === null ? null : Number(insight.expectedOrderValueMinor),
      predictedClvMinor: insight.predictedClvMinor === null ? null : Number(insight.predictedClvMinor),
      computedAt: insight.computedAt.toISOString(),
    },
    marketingConsent: account?.marketingConsent ?? "unknown",
    tags: account?.tags ? account.tags.split(",").filter(Boolean) : [],
    ordersShown: Math.min(orders.length, MAX_ORDERS_SHOWN),
    orders: orders
      .sort((a, b) => b.processedAt.getTime() - a.processedAt.getTime())
      .slice(0, MAX_ORDERS_SHOWN)
      .map((o) => ({
        ...o,
        processedAt: o.processedAt.toISOString(),
        cancelledAt: o.cancelledAt?.toISOString() ?? null,
        totalMinor: Number(o.totalMinor),
        refundedMinor: Number(o.refundedMinor),
        netPaidMinor: Number(o.netPaidMinor),
      })),
    loyalty: {
      enrolled: ledger.length > 0,
      ...balance(ledger, now),
      codes: codes.map((c) => ({ code: c.code, status: c.status, kind: c.kind })),
    },
  };
}
