// Analytics snapshots: the admin pages read precomputed results, so a page stays fast on a
// shop with 200,000 customers. A refresh reads the shop's orders (in pages), runs the
// analytics core and stores the result; it runs as a job after syncs and webhook batches.
import { analyzeShop, type OrderFact, type ShopAnalysis } from "~/analytics";
import type { Db } from "~/db.server";
import { getShopSettings } from "./shop.server";

const PAGE = 50_000;

export async function loadOrderFacts(db: Db, shopId: string): Promise<OrderFact[]> {
  const facts: OrderFact[] = [];
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.order.findMany({
      where: { shopId },
      select: { id: true, customerId: true, email: true, processedAt: true, currency: true, totalMinor: true, refundedMinor: true, cancelledAt: true },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { shopId_id: { shopId, id: cursor } } } : {}),
    });
    for (const r of rows) {
      facts.push({
        orderId: r.id,
        customerId: r.customerId,
        email: r.email,
        processedAt: r.processedAt,
        currency: r.currency,
        totalMinor: Number(r.totalMinor),
        refundedMinor: Number(r.refundedMinor),
        cancelled: r.cancelledAt !== null,
      });
    }
    if (rows.length < PAGE) return facts;
    cursor = rows[rows.length - 1].id;
  }
}

export type DashboardSnapshot = Omit<ShopAnalysis, "perCustomer">;

/** Recomputes and stores the shop's dashboard snapshot as of `now`. */
export async function refreshAnalyticsSnapshot(db: Db, shopId: string, now: Date): Promise<DashboardSnapshot> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const settings = await getShopSettings(db, shopId);
  const [facts, answers] = await Promise.all([
    loadOrderFacts(db, shopId),
    db.surveyAnswer.findMany({ where: { shopId, answeredAt: { lte: now } }, select: { score: true, answeredAt: true } }),
  ]);
  const { perCustomer: _perCustomer, ...snapshot } = analyzeShop(facts, {
    timeZone: shop.timezone,
    currency: shop.currency,
    observationEnd: now,
    period: { lastMonths: 12 },
    activeWindowDays: settings.activeWindowDays,
    segments: { inactiveAfterDays: settings.inactiveAfterDays, loyalMinOrders: settings.loyalMinOrders },
    cac: settings.cac,
    surveyAnswers: answers,
  });
  await db.analyticsSnapshot.upsert({
    where: { shopId_kind: { shopId, kind: "dashboard" } },
    create: { shopId, kind: "dashboard", computedAt: now, payload: JSON.stringify(snapshot) },
    update: { computedAt: now, payload: JSON.stringify(snapshot) },
  });
  return snapshot;
}

export async function readDashboardSnapshot(db: Db, shopId: string) {
  const row = await db.analyticsSnapshot.findUnique({ where: { shopId_kind: { shopId, kind: "dashboard" } } });
  return row ? { computedAt: row.computedAt.toISOString(), analysis: JSON.parse(row.payload) as DashboardSnapshot } : null;
}
