// Analytics snapshots: the admin pages read precomputed results, so a page stays fast on a
// shop with 200,000 customers. A refresh reads the shop's orders (in pages), runs the
// analytics core and stores the result; it runs as a job after syncs and webhook batches.
import { analyzeShop, OrderColumnsBuilder, type OrderColumns, type OrderFact, type ShopAnalysis } from "~/analytics";
import { dbKind, type Db } from "~/db/client.server";
import { rawSqlFor } from "~/db/raw-sql.server";
import { epochMs, placeholder, timestampColumn } from "~/db/sql-rows.server";
import { writeCustomerInsights } from "./customer-insights.server";
import { getShopSettings } from "./shop.server";

const PAGE = 50_000;

/**
 * The shop's orders as analytics facts, read in pages by id on the raw driver connection:
 * a million orders in seconds and a few hundred MB, where Prisma objects took a minute and GBs.
 */
export async function loadOrderFacts(db: Db, shopId: string): Promise<OrderFact[]> {
  const dialect = dbKind(db);
  const p = placeholder(dialect);
  const raw = rawSqlFor(db);
  // PostgreSQL's timestamp(3) has no zone (Prisma stores UTC): read it as epoch ms, not via the driver's local-time parser.
  const ts = (c: string) => timestampColumn(c, dialect);
  const sql = (after: boolean) =>
    `SELECT "id", "customerId", "email", ${ts("processedAt")}, "currency", "totalMinor", "refundedMinor", "cancelledAt" IS NOT NULL AS "cancelled" ` +
    `FROM "Order" WHERE "shopId" = ${p(1)}${after ? ` AND "id" > ${p(2)}` : ""} ORDER BY "id" LIMIT ${PAGE}`;
  const facts: OrderFact[] = [];
  let cursor: string | null = null;
  for (;;) {
    const rows: Record<string, unknown>[] = await raw.rows(
      sql(cursor !== null),
      cursor === null ? [shopId] : [shopId, cursor],
    );
    for (const r of rows) {
      facts.push({
        orderId: r.id as string,
        customerId: (r.customerId as string | null) ?? null,
        email: (r.email as string | null) ?? null,
        processedAt: new Date(epochMs(r.processedAt)),
        currency: r.currency as string,
        totalMinor: Number(r.totalMinor),
        refundedMinor: Number(r.refundedMinor),
        cancelled: Boolean(r.cancelled),
      });
    }
    if (rows.length < PAGE) return facts;
    cursor = rows[rows.length - 1].id as string;
  }
}

/**
 * The shop's orders as columns (OrderColumns), in the same order as loadOrderFacts (by id, so
 * both give the same analysis to the last digit): one streamed query on the raw driver, each
 * row an array of the seven columns the analysis reads, the timestamp turned into epoch
 * milliseconds by the database. A million orders in about a second and tens of MB, where
 * OrderFact objects (a Date and strings each) took 3.5 s and kept the garbage collector busy
 * through the whole analysis.
 */
export async function loadOrderColumns(db: Db, shopId: string): Promise<OrderColumns> {
  const dialect = dbKind(db);
  // SQLite holds Prisma's ISO text (or epoch ms from other writers); PostgreSQL a zone-less UTC timestamp(3).
  const ms =
    dialect === "postgresql"
      ? `(extract(epoch from "processedAt") * 1000)::float8`
      : `CASE WHEN typeof("processedAt") IN ('integer', 'real') THEN "processedAt" ` +
        `ELSE CAST(ROUND(unixepoch("processedAt", 'subsec') * 1000) AS INTEGER) END`;
  const money = (c: string) => (dialect === "postgresql" ? `"${c}"::float8` : `"${c}"`);
  const sql =
    `SELECT "customerId", "email", ${ms}, "currency", ${money("totalMinor")}, ${money("refundedMinor")}, "cancelledAt" IS NOT NULL ` +
    `FROM "Order" WHERE "shopId" = ${placeholder(dialect)(1)} ORDER BY "id"`;
  const b = new OrderColumnsBuilder(1 << 16);
  await rawSqlFor(db).eachRow(sql, [shopId], (r) =>
    b.add(
      r[0] as string | null,
      r[1] as string | null,
      r[2] === null ? NaN : Number(r[2]),
      r[3] as string,
      Number(r[4]),
      Number(r[5]),
      r[6] === true || r[6] === 1,
    ),
  );
  return b.finish();
}

export type DashboardSnapshot = Omit<ShopAnalysis, "perCustomer"> & {
  /**
   * Customers with a platform account (not guests) per segment, and the guests: what the
   * win-back push tags and skips. Counted here from the analysis, since counting them from the
   * insight rows reads every row (200k rows: 0.4 s). Absent in snapshots written before it existed.
   */
  accounts?: CustomerAccounts;
};

export interface CustomerAccounts {
  bySegment: Record<string, number>;
  guests: number;
}

/** Customers with an account ("c:" keys) per segment, and guests ("e:" keys). */
export function customerAccounts(perCustomer: ShopAnalysis["perCustomer"]): CustomerAccounts {
  const bySegment: Record<string, number> = {};
  let guests = 0;
  perCustomer.keys.forEach((key, c) => {
    if (key.startsWith("c:")) bySegment[perCustomer.segment[c]] = (bySegment[perCustomer.segment[c]] ?? 0) + 1;
    else guests++;
  });
  return { bySegment, guests };
}

/** Recomputes and stores the shop's dashboard snapshot as of `now`. */
export async function refreshAnalyticsSnapshot(db: Db, shopId: string, now: Date): Promise<DashboardSnapshot> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const settings = await getShopSettings(db, shopId);
  const [orders, answers] = await Promise.all([
    loadOrderColumns(db, shopId),
    db.surveyAnswer.findMany({
      where: { shopId, answeredAt: { lte: now } },
      select: { score: true, answeredAt: true },
    }),
  ]);
  const { perCustomer, ...analysis } = analyzeShop(orders, {
    timeZone: shop.timezone,
    currency: shop.currency,
    observationEnd: now,
    // The last complete quarter: the span the retention bands are made for (interpretation.ts).
    period: { kind: "quarter", complete: true },
    activeWindowDays: settings.activeWindowDays,
    segments: { inactiveAfterDays: settings.inactiveAfterDays, loyalMinOrders: settings.loyalMinOrders },
    cac: settings.cac,
    surveyAnswers: answers,
  });
  const snapshot: DashboardSnapshot = { ...analysis, accounts: customerAccounts(perCustomer) };
  // Stamped with the wall clock (not the observation end): the stamp tells this run's rows from older ones.
  await writeCustomerInsights(db, shopId, perCustomer, new Date());
  await db.analyticsSnapshot.upsert({
    where: { shopId_kind: { shopId, kind: "dashboard" } },
    create: { shopId, kind: "dashboard", computedAt: now, payload: JSON.stringify(snapshot) },
    update: { computedAt: now, payload: JSON.stringify(snapshot) },
  });
  return snapshot;
}

export async function readDashboardSnapshot(db: Db, shopId: string) {
  const row = await db.analyticsSnapshot.findUnique({ where: { shopId_kind: { shopId, kind: "dashboard" } } });
  return row
    ? { computedAt: row.computedAt.toISOString(), analysis: JSON.parse(row.payload) as DashboardSnapshot }
    : null;
}
