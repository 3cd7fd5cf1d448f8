// What every export mapper shares: it takes data records one at a time (so a large file
// streams through), turns each into an order, a row error or nothing (a Shopify line-item
// row, a blank row), and after the last record names the customers the export carried.
// A row error never stops the mapping: the row is skipped and reported with its line.
import { currencyDecimals, decimalToMinor } from "~/core/money";
import type { NormalizedCustomer, NormalizedOrder } from "~/core/records";
import type { CsvFormat } from "./detect";
import type { CsvRecord } from "./reader";

export interface RowError {
  line: number; // physical line the row starts on (the header is line 1)
  message: string;
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
}

/** A problem with one field of a row: the mapper turns it into the row's error. */
export class RowProblem extends Error {}

export const isBlank = (fields: readonly string[]) => fields.every((f) => f.trim() === "");

export function currencyOf(text: string, column: string): string {
  const c = text.trim().toUpperCase();
  if (!c) throw new RowProblem(`${column} is empty`);
  try {
    currencyDecimals(c);
  } catch {
    throw new RowProblem(`${column} "${text}" is not a currency code (like EUR)`);
  }
  return c;
}

/** "1659.95" -> 165995n, exactly (money.ts); "12,50" or "" is the row's error. */
export function amountOf(text: string, currency: string, column: string): bigint {
  if (!text) throw new RowProblem(`${column} is empty`);
  if (!/^-?\d*\.?\d*$/.test(text) || !/\d/.test(text))
    throw new RowProblem(`${column} "${text}" is not an amount (digits with a "." before the decimals, like 12.50)`);
  const minor = decimalToMinor(text, currency);
  if (minor < 0n) throw new RowProblem(`${column} ${text} is negative`);
  return minor;
}
