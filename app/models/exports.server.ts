// What the admin's CSV downloads hold: the customer list (with the list's filters), the NPS
// answers and the loyalty ledger, each read in keyset pages (never one big array) so a
// 200,000-customer shop streams in constant memory; and the segment table from the snapshot.
// Every query is scoped by shop. Rows come out as plain values (numbers with a dot, dates as
// Date or YYYY-MM-DD text); the CSV writer (app/http/csv-download.server.ts) formats them.
import { minorToDecimal } from "~/core/money";
import { dbKind, type Db } from "~/db/client.server";
import { rawSqlFor, type SqlParam } from "~/db/raw-sql.server";
import { placeholder } from "~/db/sql-rows.server";
import type { CustomerListQuery } from "./customer-list-query";
import { readDashboardSnapshot } from "./analytics-snapshot.server";

export type CsvValue = string | number | Date | null;
export type CsvRow = Record<string, CsvValue>;

/** Rows per keyset page: big enough that round trips do not dominate, small enough to stream. */
export const EXPORT_PAGE = 5_000;

// Prisma binds each value of an `in` list as a parameter; SQLite's driver allows 999 per statement.
const IN_CHUNK = 500;

async function inChunks<T>(ids: string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK) out.push(...(await read(ids.slice(i, i + IN_CHUNK))));
  return out;
}

const money = (minor: bigint | number | null, currency: string) =>
  minor === null ? null : Number(minorToDecimal(minor, currency));

const round = (v: number | null, digits: number) => (v === null ? null : Number(v.toFixed(digits)));

export const CUSTOMER_COLUMNS = [
  "customer_id",
  "email",
  "name",
  "orders",
  "revenue",
  "currency",
  "first_order_date",
  "last_order_date",
  "group",
  "rfm_r",
  "rfm_f",
  "rfm_m",
  "rfm_segment",
  "churn_risk",
  "expected_orders",
  "predicted_value",
  "marketing_consent",
] as const;

interface InsightExportRow {
  customerKey: string;
  customerId: string | null;
  email: string | null;
  name: string | null;
  orders: number;
  revenueMinor: number | bigint | string;
  firstOrderDate: string;
  lastOrderDate: string;
  segment: string;
  rfmR: number;
  rfmF: number;
  rfmM: number;
  rfmSegment: string;
  pAlive: number | null;
  expectedPurchases: number | null;
  predictedClvMinor: number | bigint | string | null;
  marketingConsent: string | null;
}

/**
 * The customers the list shows for `query` (search, group, RFM segment; the sort is the
 * export's own: by customer key, the keyset that pages without ever re-reading a row), in
 * pages of EXPORT_PAGE. A guest without an account has an empty customer_id.
 */
export async function* customerExportRows(
  db: Db,
  shopId: string,
  currency: string,
  query: Pick<CustomerListQuery, "q" | "segment" | "rfm">,
): AsyncGenerator<CsvRow[]> {
  // A bulk read (README's raw-SQL rule): 200,000 rows through Prisma objects cost seconds, and
  // the consent comes from a join instead of a second query per page.
  const dialect = dbKind(db);
  const p = placeholder(dialect);
  const filters: string[] = [];
  const params: SqlParam[] = [shopId];
  if (query.segment) filters.push(`i."segment" = ${p(params.push(query.segment))}`);
  if (query.rfm) filters.push(`i."rfmSegment" = ${p(params.push(query.rfm))}`);
  // As the list's Prisma `contains`: the search text is lower case, the query is made so.
  if (query.q) filters.push(`i."searchText" LIKE ${p(params.push(`%${query.q.toLowerCase()}%`))}`);
  const sql = (after: boolean) =>
    `SELECT i."customerKey", i."customerId", i."email", i."name", i."orders", i."revenueMinor", ` +
    `i."firstOrderDate", i."lastOrderDate", i."segment", i."rfmR", i."rfmF", i."rfmM", i."rfmSegment", ` +
    `i."pAlive", i."expectedPurchases", i."predictedClvMinor", c."marketingConsent" ` +
    `FROM "CustomerInsight" i LEFT JOIN "Customer" c ON c."shopId" = i."shopId" AND c."id" = i."customerId" ` +
    `WHERE i."shopId" = ${p(1)}${filters.map((f) => ` AND ${f}`).join("")}` +
    `${after ? ` AND i."customerKey" > ${p(params.length + 1)}` : ""} ORDER BY i."customerKey" LIMIT ${EXPORT_PAGE}`;
  const raw = rawSqlFor(db);
  let after: string | null = null;
  for (;;) {
    const rows: InsightExportRow[] = await raw.rows<InsightExportRow>(
      sql(after !== null),
      after === null ? params : [...params, after],
    );
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      customer_id: r.customerId,
      email: r.email,
      name: r.name,
      orders: r.orders,
      revenue: money(BigInt(r.revenueMinor), currency),
      currency,
      first_order_date: r.firstOrderDate,
      last_order_date: r.lastOrderDate,
      group: r.segment,
      rfm_r: r.rfmR,
      rfm_f: r.rfmF,
      rfm_m: r.rfmM,
      rfm_segment: r.rfmSegment,
      churn_risk: r.pAlive === null ? null : round(1 - r.pAlive, 4),
      expected_orders: round(r.expectedPurchases, 4),
      predicted_value: money(r.predictedClvMinor === null ? null : BigInt(r.predictedClvMinor), currency),
      marketing_consent: r.marketingConsent ?? "unknown",
    }));
    if (rows.length < EXPORT_PAGE) return;
    after = rows[rows.length - 1].customerKey;
  }
}

export const NPS_COLUMNS = [
  "answered_at",
  "score",
  "category",
  "comment",
  "customer_id",
  "email",
  "order_id",
  "order_name",
] as const;

export const npsCategory = (score: number) => (score >= 9 ? "promoter" : score >= 7 ? "passive" : "detractor");

/** Every NPS answer, newest first, with the customer's e-mail and the order's name where known. */
export async function* npsExportRows(db: Db, shopId: string): AsyncGenerator<CsvRow[]> {
  let cursor: { shopId: string; id: string } | null = null;
  for (;;) {
    const answers: {
      id: string;
      customerId: string | null;
      orderId: string | null;
      score: number;
      comment: string | null;
      answeredAt: Date;
    }[] = await db.surveyAnswer.findMany({
      where: { shopId },
      orderBy: [{ answeredAt: "desc" }, { id: "asc" }],
      take: EXPORT_PAGE,
      ...(cursor ? { cursor: { shopId_id: cursor }, skip: 1 } : {}),
      select: { id: true, customerId: true, orderId: true, score: true, comment: true, answeredAt: true },
    });
    if (answers.length === 0) return;
    const customerIds = [...new Set(answers.flatMap((a) => (a.customerId ? [a.customerId] : [])))];
    const orderIds = [...new Set(answers.flatMap((a) => (a.orderId ? [a.orderId] : [])))];
    const [customers, orders] = await Promise.all([
      inChunks(customerIds, (part) =>
        db.customer.findMany({ where: { shopId, id: { in: part } }, select: { id: true, email: true } }),
      ),
      inChunks(orderIds, (part) =>
        db.order.findMany({
          where: { shopId, id: { in: part } },
          select: { id: true, name: true, email: true, customerId: true },
        }),
      ),
    ]);
    const emailOf = new Map(customers.map((c) => [c.id, c.email]));
    const orderOf = new Map(orders.map((o) => [o.id, o]));
    yield answers.map((a) => {
      const order = a.orderId ? orderOf.get(a.orderId) : undefined;
      const customerId = a.customerId ?? order?.customerId ?? null;
      return {
        answered_at: a.answeredAt,
        score: a.score,
        category: npsCategory(a.score),
        comment: a.comment,
        customer_id: customerId,
        email: (customerId ? emailOf.get(customerId) : null) ?? order?.email ?? null,
        order_id: a.orderId,
        order_name: order?.name ?? null,
      };
    });
    if (answers.length < EXPORT_PAGE) return;
    cursor = { shopId, id: answers[answers.length - 1].id };
  }
}

export const LEDGER_COLUMNS = [
  "customer_id",
  "email",
  "created_at",
  "available_at",
  "kind",
  "points",
  "order_id",
  "refund_id",
  "reward_id",
  "entry_key",
] as const;

/** The loyalty ledger, customer by customer, each customer's entries in the order they were written. */
export async function* ledgerExportRows(db: Db, shopId: string): AsyncGenerator<CsvRow[]> {
  const page = (after: string | null) =>
    db.loyaltyEntry.findMany({
      where: { shopId },
      orderBy: [{ customerId: "asc" }, { createdAt: "asc" }, { key: "asc" }],
      take: EXPORT_PAGE,
      ...(after === null ? {} : { cursor: { shopId_key: { shopId, key: after } }, skip: 1 }),
    });
  let after: string | null = null;
  for (;;) {
    const entries = await page(after);
    if (entries.length === 0) return;
    const accounts = await inChunks([...new Set(entries.map((e) => e.customerId))], (part) =>
      db.loyaltyAccount.findMany({
        where: { shopId, customerId: { in: part } },
        select: { customerId: true, email: true },
      }),
    );
    const emailOf = new Map(accounts.map((a) => [a.customerId, a.email]));
    yield entries.map((e) => ({
      customer_id: e.customerId,
      email: emailOf.get(e.customerId) ?? null,
      created_at: e.createdAt,
      available_at: e.availableAt,
      kind: e.kind,
      points: e.points,
      order_id: e.orderId,
      refund_id: e.refundId,
      reward_id: e.rewardId,
      entry_key: e.key,
    }));
    if (entries.length < EXPORT_PAGE) return;
    after = entries[entries.length - 1].key;
  }
}

export const SEGMENT_COLUMNS = [
  "kind",
  "segment",
  "customers",
  "revenue",
  "currency",
  "revenue_share_pct",
  "change_customers",
  "change_days",
] as const;

/** The Segments page's table: the four groups, then the RFM segments (empty before the first analysis). */
export async function* segmentExportRows(db: Db, shopId: string, currency: string): AsyncGenerator<CsvRow[]> {
  const snapshot = await readDashboardSnapshot(db, shopId);
  if (!snapshot) return;
  const a = snapshot.analysis;
  const earlier = Object.fromEntries(a.segmentsEarlier.segments.map((s) => [s.segment, s.customers]));
  const row = (
    kind: string,
    segment: string,
    s: { customers: number; revenueMinor: number; revenueShare: number },
    before: number,
  ) => ({
    kind,
    segment,
    customers: s.customers,
    revenue: money(Math.round(s.revenueMinor), currency),
    currency,
    revenue_share_pct: round(s.revenueShare, 2),
    change_customers: s.customers - before,
    change_days: a.segmentsEarlier.daysBack,
  });
  yield [
    ...a.segments.map((s) => row("group", s.segment, s, earlier[s.segment] ?? 0)),
    ...a.rfmSegments.map((s) => row("rfm", s.segment, s, a.segmentsEarlier.rfmCounts[s.segment] ?? 0)),
  ];
}
