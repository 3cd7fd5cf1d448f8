// What every export mapper shares: it takes data records one at a time (so a large file
// streams through), turns each into an order, a row error or nothing (a Shopify line-item
// row, a blank row), and after the last record names the customers the export carried.
// A row error never stops the mapping: the row is skipped and reported with its line.
// Its reason is a message key with values, so the report shows it in the merchant's language;
// `message` is the English text, for logs and callers without a locale.
import { currencyDecimals, decimalToMinor } from "~/core/money";
import type { NormalizedCustomer, NormalizedOrder } from "~/core/records";
import { translate, type MessageKey } from "~/i18n";
import type { CsvFormat } from "./detect";
import { EXPORTER_DIALECT, normalizeAmount, type DecimalMark, type ValueDialect } from "./dialect";
import type { CsvRecord } from "./reader";

export type ReasonValues = Record<string, string | number>;

export interface RowReason {
  key: MessageKey;
  values: ReasonValues;
}

export interface RowError {
  line: number; // physical line the row starts on (the header is line 1)
  message: string; // English
  /** The order the row holds ("#1001"); null: an order without a number; absent: not about an order. */
  order?: string | null;
  reason: RowReason;
}

/** A row error in `locale`: "bestelling #1001: Total is leeg". */
export function rowErrorText(
  t: (key: MessageKey, values?: ReasonValues) => string,
  e: Pick<RowError, "order" | "reason">,
): string {
  const reason = t(e.reason.key, e.reason.values);
  if (e.order === undefined) return reason;
  return e.order === null
    ? t("import.row.unnamedOrder", { reason })
    : t("import.row.order", { order: e.order, reason });
}

export function rowError(line: number, order: string | null | undefined, reason: RowReason): RowError {
  const e: RowError = { line, message: "", reason };
  if (order !== undefined) e.order = order;
  e.message = rowErrorText((key, values) => translate("en", key, values), e);
  return e;
}

export interface MappedOrder {
  line: number;
  order: NormalizedOrder;
}

export type RowResult = MappedOrder | { error: RowError } | null;

export interface ExportMapper {
  readonly format: CsvFormat;
  push(record: CsvRecord): RowResult;
  /** The customers the export names (call after the last record). */
  customers(): NormalizedCustomer[];
}

export interface MapOptions {
  timeZone: string; // IANA, the shop's: for exports that write local time without a zone
  /** How the file writes amounts and dates (./dialect.ts); default: as the exporters write them. */
  dialect?: ValueDialect;
}

export const dialectOf = (options: { dialect?: ValueDialect }) => options.dialect ?? EXPORTER_DIALECT;

/** A problem with one field of a row: the mapper turns it into the row's error. */
export class RowProblem extends Error {
  readonly reason: RowReason;
  constructor(key: MessageKey, values: ReasonValues = {}) {
    super(translate("en", key, values));
    this.reason = { key, values };
  }
}

/** An example time the way this file writes them, for a row's error. */
export function timeExample(dialect: ValueDialect, exporterExample: string): string {
  if (dialect.dateOrder === "dmy") return "31-12-2025 14:05";
  if (dialect.dateOrder === "mdy") return "12/31/2025 14:05";
  return exporterExample;
}

export const isBlank = (fields: readonly string[]) => fields.every((f) => f.trim() === "");

export function currencyOf(text: string, column: string): string {
  const c = text.trim().toUpperCase();
  if (!c) throw new RowProblem("import.reason.empty", { column });
  try {
    currencyDecimals(c);
  } catch {
    throw new RowProblem("import.reason.notCurrency", { column, value: text });
  }
  return c;
}

/**
 * "1659.95" -> 165995n, exactly (money.ts); in a file with decimal commas "1.659,95" -> 165995n.
 * A value written the other way ("12,50" in a file with decimal points) or "" is the row's error.
 */
export function amountOf(text: string, currency: string, column: string, decimal: DecimalMark = "."): bigint {
  if (!text) throw new RowProblem("import.reason.empty", { column });
  const plain = normalizeAmount(text, decimal);
  if (plain === null)
    throw new RowProblem(decimal === "." ? "import.reason.notAmount" : "import.reason.notAmountComma", {
      column,
      value: text,
    });
  const minor = decimalToMinor(plain, currency);
  if (minor < 0n) throw new RowProblem("import.reason.negative", { column, value: text });
  return minor;
}
