// The one write path for orders, refunds and customers from every source (Shopify bulk
// files and webhooks, WooCommerce, CSV, the demo generator). Multi-row upserts in one
// transaction per batch keep bulk ingest fast; the ON CONFLICT ... WHERE clause makes a
// write idempotent and keeps an older platform updated_at from overwriting a newer one
// (webhooks arrive twice and out of order). One invalid record, or one with a value a column
// cannot hold (app/core/storage-limits.ts), is refused with its reason; the rest of the batch
// is written. Every row records its origin: a CSV file never overwrites what the platform
// (sync, webhooks) wrote, and the platform always replaces what a file wrote. Statements run on a direct driver connection
// (raw-sql.server.ts): at bulk volumes Prisma's per-query overhead would dominate.
import { dbKind, type Db } from "~/db/client.server";
import { rawSqlFor, type RawSql } from "~/db/raw-sql.server";
import { currencyDecimals } from "~/core/money";
import type { NormalizedCustomer, NormalizedOrder } from "~/core/records";
import { customerStorageProblem, orderStorageProblem } from "~/core/storage-limits";
import { erasedAmong } from "./erased-shopper.server";
import {
  bigParam,
  chunk,
  dateParam,
  placeholder,
  placeholders,
  quoted,
  type Dialect,
  type Param,
} from "~/db/sql-rows.server";

/** Where a record comes from: the platform itself (bulk sync, webhooks, REST), or an imported file. */
export type Origin = "platform" | "csv";

export interface IngestResult {
  written: number; // inserted, or updated with a newer version
  skippedStale: number; // an equal or newer version is already stored
  rejected: { id: string; reason: string }[];
  erased?: number; // of an erased person: orders stored without them, customers not stored
}

function validDate(d: Date | null | undefined) {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

/** Why an order cannot be stored (an invalid value, or one its column cannot hold), or null. */
export function orderProblem(o: NormalizedOrder): string | null {
  if (!o.id) return "missing id";
  try {
    currencyDecimals(o.currency);
  } catch {
    return `unknown currency "${o.currency}"`;
  }
  if (!validDate(o.processedAt)) return "processedAt is not a valid date";
  if (o.totalMinor < 0n) return "total is negative";
  if (o.refundedMinor < 0n) return "refunded amount is negative";
  if (o.refundedMinor > o.totalMinor) return `refunded ${o.refundedMinor} exceeds the total ${o.totalMinor}`;
  for (const r of o.refunds) if (r.amountMinor < 0n) return `refund ${r.id} is negative`;
  return orderStorageProblem(o);
}

function checkCustomer(c: NormalizedCustomer): string | null {
  if (!c.id) return "missing id";
  if (c.updatedAt && !validDate(c.updatedAt)) return "updatedAt is not a valid date";
  return customerStorageProblem(c);
}

function upsertSql(
  table: string,
  cols: string[],
  keyCols: string[],
  rows: number,
  dialect: Dialect,
  staleGuard: string,
) {
  const q = (c: string) => `"${c}"`;
  const updates = cols
    .filter((c) => !keyCols.includes(c) && c !== "createdAt")
    .map((c) => `${q(c)} = excluded.${q(c)}`);
  return (
    `INSERT INTO ${q(table)} (${cols.map(q).join(",")}) VALUES ${placeholders(rows, cols.length, dialect)} ` +
    `ON CONFLICT (${keyCols.map(q).join(",")}) DO UPDATE SET ${updates.join(", ")} ${staleGuard}`
  );
}

// A stored row is replaced only by a strictly newer version (or one without a timestamp) from
// the same origin. Across origins the platform wins: its version replaces a file's whatever the
// dates (a file's made-up updated_at must not pin the row), and a file never replaces it. When
// the platform takes an order over, the refunds the file wrote under its made-up ids go with it
// (trigger "Order_drop_file_refunds" in the record_origin migration, run only on that change),
// or a later refunds/create would add them to the platform's own.
function staleGuard(table: string, origin: Origin, newer = newerVersion(table)) {
  return origin === "platform"
    ? `WHERE "${table}"."origin" = 'csv' OR (${newer})`
    : `WHERE "${table}"."origin" = 'csv' AND (${newer})`;
}

function newerVersion(table: string) {
  return `excluded."platformUpdatedAt" IS NULL OR "${table}"."platformUpdatedAt" IS NULL OR excluded."platformUpdatedAt" > "${table}"."platformUpdatedAt"`;
}

// Orders also take a version of the same instant whose money state differs: platforms stamp changes
// in whole seconds (WooCommerce's date_modified), so a cancellation or refund in the same second as
// the change before it would otherwise be dropped for good (seen on a real WooCommerce store). An
// identical re-delivery still counts as stale.
const orderNewerVersion =
  `${newerVersion("Order")} OR (excluded."platformUpdatedAt" = "Order"."platformUpdatedAt" AND (` +
  `excluded."financialStatus" <> "Order"."financialStatus" OR excluded."refundedMinor" <> "Order"."refundedMinor" OR ` +
  `excluded."totalMinor" <> "Order"."totalMinor" OR (excluded."cancelledAt" IS NULL) <> ("Order"."cancelledAt" IS NULL)))`;

const ORDER_COLS = [
  "shopId",
  "id",
  "name",
  "customerId",
  "email",
  "currency",
  "totalMinor",
  "refundedMinor",
  "netPaidMinor",
  "financialStatus",
  "cancelledAt",
  "processedAt",
  "platformCreatedAt",
  "platformUpdatedAt",
  "sourceName",
  "origin",
  "createdAt",
  "updatedAt",
];
const REFUND_COLS = ["shopId", "id", "orderId", "amountMinor", "currency", "processedAt", "createdAt"];
const CUSTOMER_COLS = [
  "shopId",
  "id",
  "email",
  "firstName",
  "lastName",
  "ordersCount",
  "totalSpentMinor",
  "currency",
  "tags",
  "marketingConsent",
  "platformCreatedAt",
  "platformUpdatedAt",
  "origin",
  "createdAt",
  "updatedAt",
];

/** Customer fields a source may not know (undefined in its records): never overwritten with a default. */
const OPTIONAL_CUSTOMER_COLS = new Set(["ordersCount", "totalSpentMinor", "currency", "tags", "marketingConsent"]);

type Statement = [sql: string, params: Param[]];

const REFUND_UPDATE = `ON CONFLICT ("shopId","id") DO UPDATE SET "amountMinor" = excluded."amountMinor", "processedAt" = excluded."processedAt"`;

function refundSql(rows: number, dialect: Dialect) {
  return `INSERT INTO "Refund" (${quoted(REFUND_COLS)}) VALUES ${placeholders(rows, REFUND_COLS.length, dialect)} ${REFUND_UPDATE}`;
}

/**
 * A file's refunds: written only for orders the file holds (origin "csv" after the order
 * statement of the same transaction), so an order the platform holds gets no refunds under
 * the file's made-up ids. The rows go through a VALUES list (columns column1..column7 on both
 * databases); PostgreSQL types its parameters by casts, as there is no target column to infer from.
 */
function fileRefundSql(rows: number, dialect: Dialect) {
  const p = placeholder(dialect);
  const pg = dialect === "postgresql";
  const cast = ["", "", "", pg ? "::bigint" : "", "", pg ? "::timestamp(3)" : "", pg ? "::timestamp(3)" : ""];
  let n = 0;
  const row = () => `(${cast.map((c) => `${p(++n)}${c}`).join(",")})`;
  const values = Array.from({ length: rows }, row).join(",");
  return (
    `INSERT INTO "Refund" (${quoted(REFUND_COLS)}) SELECT v.* FROM (VALUES ${values}) AS v ` +
    `WHERE EXISTS (SELECT 1 FROM "Order" o WHERE o."shopId" = v.column1 AND o."id" = v.column3 AND o."origin" = 'csv') ` +
    `${REFUND_UPDATE} WHERE "Refund"."orderId" = excluded."orderId"`
  );
}

export async function upsertOrders(
  db: Db,
  shopId: string,
  orders: NormalizedOrder[],
  dialect: Dialect = dbKind(db),
  raw: RawSql = rawSqlFor(db),
  origin: Origin = "platform",
): Promise<IngestResult> {
  const rejected: IngestResult["rejected"] = [];
  const valid: NormalizedOrder[] = [];
  for (const o of orders) {
    const problem = orderProblem(o);
    if (problem) rejected.push({ id: o.id, reason: problem });
    else valid.push(o);
  }
  // The last version of an order within one batch wins (one row may appear only once per statement).
  const byId = new Map<string, NormalizedOrder>();
  for (const o of valid) {
    const prev = byId.get(o.id);
    if (!prev || (o.updatedAt?.getTime() ?? Infinity) >= (prev.updatedAt?.getTime() ?? -Infinity)) byId.set(o.id, o);
  }
  // An erased person's order (app/models/erased-shopper.server.ts) still counts for the shop,
  // but as an anonymous order: no e-mail, no customer, so no points and no profile.
  const person = (o: NormalizedOrder) => ({ customerId: o.customerId, email: o.email, at: o.processedAt });
  const isErased = await erasedAmong(db, shopId, [...byId.values()].map(person));
  const unique = [...byId.values()].map((o) => (isErased(person(o)) ? { ...o, customerId: null, email: null } : o));
  const erased = [...byId.values()].filter((o) => isErased(person(o))).length;
  const now = dateParam(new Date(), dialect);
  const orderStatements: Statement[] = chunk(unique, ORDER_COLS.length).map((part) => {
    const params: Param[] = [];
    for (const o of part) {
      params.push(
        shopId,
        o.id,
        o.name,
        o.customerId,
        o.email,
        o.currency.toUpperCase(),
        bigParam(o.totalMinor, dialect),
        bigParam(o.refundedMinor, dialect),
        bigParam(o.totalMinor - o.refundedMinor, dialect),
        o.financialStatus,
        dateParam(o.cancelledAt, dialect),
        dateParam(o.processedAt, dialect),
        dateParam(o.createdAt, dialect),
        dateParam(o.updatedAt, dialect),
        o.sourceName,
        origin,
        now,
        now,
      );
    }
    return [
      upsertSql(
        "Order",
        ORDER_COLS,
        ["shopId", "id"],
        part.length,
        dialect,
        staleGuard("Order", origin, orderNewerVersion),
      ),
      params,
    ];
  });
  const refunds = unique.flatMap((o) => o.refunds.map((r) => ({ ...r, orderId: o.id })));
  const refundStatements: Statement[] = chunk(refunds, REFUND_COLS.length).map((part) => {
    const params: Param[] = [];
    for (const r of part) {
      params.push(
        shopId,
        r.id,
        r.orderId,
        bigParam(r.amountMinor, dialect),
        r.currency.toUpperCase(),
        dateParam(r.processedAt, dialect),
        now,
      );
    }
    return [origin === "platform" ? refundSql(part.length, dialect) : fileRefundSql(part.length, dialect), params];
  });
  let written = 0;
  if (orderStatements.length === 1 && refundStatements.length === 0) {
    // A webhook's single order without refunds: one statement, no BEGIN/COMMIT round trips.
    written = await raw.execute(...orderStatements[0]);
  } else if (orderStatements.length > 0) {
    await raw.transaction(async (run) => {
      for (const [sql, params] of orderStatements) written += await run(sql, params);
      for (const [sql, params] of refundStatements) await run(sql, params);
    });
  }
  return { written, skippedStale: unique.length - written, rejected, ...(erased ? { erased } : {}) };
}

export async function upsertCustomers(
  db: Db,
  shopId: string,
  customers: NormalizedCustomer[],
  dialect: Dialect = dbKind(db),
  raw: RawSql = rawSqlFor(db),
  origin: Origin = "platform",
): Promise<IngestResult> {
  const rejected: IngestResult["rejected"] = [];
  const byId = new Map<string, NormalizedCustomer>();
  for (const c of customers) {
    const problem = checkCustomer(c);
    if (problem) {
      rejected.push({ id: c.id, reason: problem });
      continue;
    }
    const prev = byId.get(c.id);
    if (!prev || (c.updatedAt?.getTime() ?? Infinity) >= (prev.updatedAt?.getTime() ?? -Infinity)) byId.set(c.id, c);
  }
  // An erased person's customer record is not stored at all.
  const person = (c: NormalizedCustomer) => ({ customerId: c.id, email: c.email, at: c.createdAt });
  const isErased = await erasedAmong(db, shopId, [...byId.values()].map(person));
  const unique = [...byId.values()].filter((c) => !isErased(person(c)));
  const erased = byId.size - unique.length;
  const now = dateParam(new Date(), dialect);
  const value: Record<string, (c: NormalizedCustomer) => Param> = {
    shopId: () => shopId,
    id: (c) => c.id,
    email: (c) => c.email,
    firstName: (c) => c.firstName,
    lastName: (c) => c.lastName,
    ordersCount: (c) => c.ordersCount ?? 0,
    totalSpentMinor: (c) => bigParam(c.totalSpentMinor ?? 0n, dialect),
    currency: (c) => c.currency ?? null,
    tags: (c) => (c.tags ?? []).join(","),
    marketingConsent: (c) => c.marketingConsent ?? "unknown",
    platformCreatedAt: (c) => dateParam(c.createdAt, dialect),
    platformUpdatedAt: (c) => dateParam(c.updatedAt, dialect),
    origin: () => origin,
    createdAt: () => now,
    updatedAt: () => now,
  };
  // A field a source does not send is undefined and left out of the statement: a stored row
  // keeps it and a new row gets the column's default. (Shopify's customer webhooks have carried
  // no tags, e-mail consent, order count or amount spent since API 2025-01; writing defaults
  // would wipe what the bulk sync stored.) Records are written in groups of the same columns.
  const groups = new Map<string, { cols: string[]; rows: NormalizedCustomer[] }>();
  for (const c of unique) {
    const cols = CUSTOMER_COLS.filter(
      (col) => !OPTIONAL_CUSTOMER_COLS.has(col) || c[col as keyof NormalizedCustomer] !== undefined,
    );
    const key = cols.join(",");
    (groups.get(key) ?? groups.set(key, { cols, rows: [] }).get(key)!).rows.push(c);
  }
  let written = 0;
  if (unique.length === 0) return { written, skippedStale: 0, rejected, ...(erased ? { erased } : {}) };
  await raw.transaction(async (run) => {
    for (const { cols, rows } of groups.values()) {
      for (const part of chunk(rows, cols.length)) {
        const params: Param[] = [];
        for (const c of part) for (const col of cols) params.push(value[col](c));
        written += await run(
          upsertSql("Customer", cols, ["shopId", "id"], part.length, dialect, staleGuard("Customer", origin)),
          params,
        );
      }
    }
  });
  return { written, skippedStale: unique.length - written, rejected, ...(erased ? { erased } : {}) };
}
