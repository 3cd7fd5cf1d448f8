// Helpers for the multi-row statements of the raw-SQL write paths (ingest, insights): values
// in the form Prisma itself stores them, so Prisma reads our rows back exactly.
import type { DatabaseKind } from "~/db/url";

export type Dialect = DatabaseKind;
export type Param = string | bigint | number | null;

export function dateParam(d: Date | null, dialect: Dialect): string | null {
  if (!d) return null;
  const iso = d.toISOString();
  return dialect === "sqlite" ? iso.replace("Z", "+00:00") : iso.replace("T", " ").replace("Z", "");
}

/** The n-th (1-based) parameter's placeholder: $n on PostgreSQL, ? on SQLite. */
export const placeholder =
  (dialect: Dialect) =>
  (n: number): string =>
    dialect === "postgresql" ? `$${n}` : "?";

export const bigParam = (v: bigint, dialect: Dialect): Param => (dialect === "sqlite" ? v : v.toString());

// Bound by SQLite's 32766 host parameters and PostgreSQL's 65535.
const MAX_PARAMS = 30_000;

/** Rows split so that one statement stays under the drivers' parameter limits. */
export function chunk<T>(rows: T[], perRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMS / perRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

export function placeholders(rows: number, cols: number, dialect: Dialect) {
  let n = 0;
  const p = placeholder(dialect);
  const row = () => `(${Array.from({ length: cols }, () => p(++n)).join(",")})`;
  return Array.from({ length: rows }, row).join(",");
}

export const quoted = (cols: readonly string[]) => cols.map((c) => `"${c}"`).join(",");

/** Milliseconds since the epoch of a stored DateTime, as either driver returns it. */
export function epochMs(v: unknown): number {
  if (typeof v === "number" || typeof v === "bigint") return Number(v);
  if (typeof v === "string") return /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (v instanceof Date) return v.getTime();
  return Number.NaN;
}

/**
 * A DateTime column in a raw SELECT. PostgreSQL's timestamp(3) has no zone (Prisma stores
 * UTC): it is read as epoch milliseconds, not through the driver's local-time parser.
 */
export const timestampColumn = (c: string, dialect: Dialect) =>
  dialect === "postgresql" ? `(extract(epoch from "${c}") * 1000)::bigint AS "${c}"` : `"${c}"`;
