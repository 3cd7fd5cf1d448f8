// Order history from a CSV export (Shopify "Orders > Export", WooCommerce via WebToffee's
// exporter) into the shop's orders, in two passes over the file:
// 1. every row is mapped and checked (format, the shop's currency, not dated in the future,
//    every value within what its column holds: app/core/storage-limits.ts); a row that fails
//    is refused and reported with its line. Nothing is written yet.
// 2. the rows that passed are written in batches through the shared ingest model, all in ONE
//    transaction: an unexpected failure (the database refusing, a crash, kill -9) leaves the
//    shop as it was, never half a file.
// Before pass 1 a first read decides how the file writes its values (./dialect.ts: separator,
// decimal mark, date order, character set), once for the whole file: a file re-saved by Dutch
// Excel (";", "1.234,56", "31-12-2025 14:05", Windows-1252) imports to the same orders as the
// export it came from, and the report says how the file was read.
// Importing the same file twice leaves the same rows. The rows are written with origin "csv":
// an order the platform (sync, webhooks) holds is never overwritten by a file, and the
// platform's later version always replaces the file's.
//
// Size: files up to MAX_IMPORT_BYTES (50 MB). The upload arrives in memory (the route's
// memory upload handler stops at the same limit) and is decoded and parsed in chunks, so
// memory grows with the file's bytes plus one batch of orders (and the refused lines), not
// with a parsed copy of the whole file. On SQLite the write transaction holds the database's
// one write lock while it runs (a few seconds for the largest file); writes that wait longer
// than the busy timeout are answered 503 and retried by their senders.
import type { Db } from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";
import { enqueueAnalyticsRefresh } from "~/jobs/enqueue.server";
import { getJobQueue, type JobQueue } from "~/jobs/queue.server";
import { detectFormat, UnknownFormatError, type CsvFormat, type FormatHint } from "~/platforms/csv/detect";
import {
  AMOUNT_COLUMNS,
  AmbiguousDatesError,
  DATE_COLUMNS,
  detectSeparator,
  DialectConflictError,
  DialectSniffer,
  firstLine,
  type DateOrder,
  type DialectReport,
  type Example,
  type Separator,
  type ValueDialect,
} from "~/platforms/csv/dialect";
import { mapperFor } from "~/platforms/csv/export";
import { rowError, type ExportMapper, type MappedOrder, type RowError, type RowReason } from "~/platforms/csv/mapper";
import { CsvSyntaxError, readCsvStream } from "~/platforms/csv/reader";
import { minorToDecimal } from "~/core/money";
import type { NormalizedOrder } from "~/core/records";
import { rawSqlFor, withinTransaction } from "~/db/raw-sql.server";
import { observationEndFor } from "~/demo/demo-mode.server";
import { orderProblem, upsertCustomers, upsertOrders } from "~/models/ingest.server";

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Row errors kept for the report (all are counted). */
export const MAX_REPORTED_ERRORS = 1000;
const BATCH = 1000;
/**
 * How far after "now" an order date may lie: a day. Exports without a time zone (WebToffee's
 * local times) are read in the shop's zone; a site set to another zone shifts them by up to a
 * day, and platform clocks drift by seconds. A date further ahead is not a zone mix-up but a
 * wrong date, and is refused. (The analysis leaves an order after its observation end out and
 * counts it until its time has come.)
 */
export const FUTURE_SKEW_MS = 24 * 60 * 60 * 1000;
const TEXT_CHUNK = 1 << 20;

export type CsvImportErrorCode =
  | "empty"
  | "no_orders"
  | "too_large"
  | "unknown_format"
  | "ambiguous_dates"
  | "conflicting_dates"
  | "conflicting_numbers";

/** The file as a whole cannot be imported (nothing was written). */
export class CsvImportError extends Error {
  constructor(
    readonly code: CsvImportErrorCode,
    message: string,
    readonly details: {
      maxBytes?: number;
      closest?: { format: CsvFormat; missing: string[] } | null;
      hint?: FormatHint | null;
      /** The values that show the file's dates or amounts can be read more than one way. */
      examples?: Example[];
    } = {},
  ) {
    super(message);
  }
}

export interface CsvImportResult {
  format: CsvFormat;
  dialect: DialectReport; // how the file was read
  ordersInFile: number; // rows that mapped to an order (before the shop's checks)
  ordersWritten: number; // new, or newer than the stored version
  ordersUnchanged: number; // already stored as recent or more recent (a repeated import), or held by the platform
  customersWritten: number;
  errors: RowError[]; // the first MAX_REPORTED_ERRORS skipped rows, by line
  errorCount: number; // all skipped rows
  analyticsRefreshQueued: boolean;
}

export interface CsvImportOptions {
  maxBytes?: number;
  /** "Now": orders more than FUTURE_SKEW_MS after it are refused; default: the shop's "now". */
  observationEnd?: Date;
  /** Where the analytics refresh goes; default: the process's job queue. */
  queue?: JobQueue;
  /** How the file writes dates when its dates fit both orders (the merchant's answer); default: ask. */
  dateOrder?: DateOrder;
}

/** What this shop (or its database) cannot take from an otherwise well-formed order. */
function problemForShop(o: NormalizedOrder, shopCurrency: string, now: Date): RowReason | null {
  if (o.currency !== shopCurrency)
    return { key: "import.reason.currency", values: { currency: o.currency, shopCurrency } };
  if (o.processedAt.getTime() > now.getTime() + FUTURE_SKEW_MS)
    return { key: "import.reason.future", values: { date: o.processedAt.toISOString(), now: now.toISOString() } };
  if (o.refundedMinor > o.totalMinor) {
    return {
      key: "import.reason.refundsExceed",
      values: {
        refunded: minorToDecimal(o.refundedMinor, o.currency),
        total: minorToDecimal(o.totalMinor, o.currency),
        currency: o.currency,
      },
    };
  }
  const problem = orderProblem(o);
  return problem ? { key: "import.reason.storage", values: { problem } } : null;
}

class ErrorReport {
  readonly kept: RowError[] = [];
  count = 0;
  add(e: RowError) {
    this.count++;
    if (this.kept.length < MAX_REPORTED_ERRORS) this.kept.push(e);
  }
}

type Encoding = "utf-8" | "utf-16le" | "utf-16be" | "windows-1252";

/**
 * UTF-16 when a byte order mark says so (Excel's "Unicode text"); otherwise UTF-8 (with or
 * without a BOM), unless a byte sequence is not valid UTF-8: then Windows-1252, what Excel on
 * a Dutch Windows computer writes as "CSV" (é is one byte, 0xE9, which UTF-8 never has on its
 * own). The sniffing read decodes strictly and is the check (sniffFile).
 */
async function byteOrderEncoding(input: Blob): Promise<Encoding> {
  const head = new Uint8Array(await input.slice(0, 2).arrayBuffer());
  if (head[0] === 0xff && head[1] === 0xfe) return "utf-16le";
  if (head[0] === 0xfe && head[1] === 0xff) return "utf-16be";
  return "utf-8";
}

/** Thrown by a strict UTF-8 decoder on bytes that are not UTF-8. */
const isNotUtf8 = (e: unknown) =>
  e instanceof TypeError && (e as { code?: string }).code === "ERR_ENCODING_INVALID_ENCODED_DATA";

async function* textChunks(input: string | Blob, encoding: Encoding, strict = false): AsyncGenerator<string> {
  if (typeof input === "string") {
    for (let i = 0; i < input.length; i += TEXT_CHUNK) yield input.slice(i, i + TEXT_CHUNK);
    return;
  }
  const decoder = new TextDecoder(encoding, { fatal: strict });
  // Slices of a fixed size: an in-memory Blob's stream() may hand over the whole file as one chunk.
  for (let offset = 0; offset < input.size; offset += TEXT_CHUNK) {
    const bytes = new Uint8Array(await input.slice(offset, offset + TEXT_CHUNK).arrayBuffer());
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

interface MappedFile {
  mapper: ExportMapper;
  /** A quote never closed swallows the rest of the file: the rows before it still count. */
  syntaxError: RowError | null;
}

/** How to read a file, decided once for all of it. */
interface FileDialect {
  encoding: Encoding;
  separator: Separator;
  values: ValueDialect;
  report: DialectReport;
}

const syntaxRowError = (e: CsvSyntaxError): RowError =>
  rowError(e.line, undefined, { key: "import.reason.unclosedQuote", values: { line: String(e.line) } });

/**
 * Reads the file once for how it writes its values: the separator from the header line, the
 * decimal mark and the date order from the values of the format's amount and date columns.
 */
async function sniffFile(input: string | Blob, chosenDateOrder: DateOrder | undefined): Promise<FileDialect> {
  const encoding = typeof input === "string" ? "utf-8" : await byteOrderEncoding(input);
  try {
    return await sniffAs(input, encoding, chosenDateOrder);
  } catch (e) {
    if (encoding === "utf-8" && isNotUtf8(e)) return sniffAs(input, "windows-1252", chosenDateOrder);
    throw e;
  }
}

async function sniffAs(
  input: string | Blob,
  encoding: Encoding,
  chosenDateOrder: DateOrder | undefined,
): Promise<FileDialect> {
  // UTF-8 is read strictly here: the first byte that is not UTF-8 makes it Windows-1252.
  const strict = encoding === "utf-8";
  let head = "";
  for await (const chunk of textChunks(input, encoding, strict)) {
    head = chunk.replace(/^\uFEFF/, "");
    break;
  }
  const { separator, columns } = detectSeparator(firstLine(head));
  const sniffer = new DialectSniffer(separator, chosenDateOrder ?? null);
  let format: CsvFormat | null = null;
  let amountColumns: string[] = [];
  let dateColumns: string[] = [];
  let get: ((fields: readonly string[], column: string) => string) | null = null;
  try {
    for await (const record of readCsvStream(textChunks(input, encoding, strict), separator)) {
      if (!get) {
        const detected = detectFormat(record.fields);
        format = detected.format;
        amountColumns = AMOUNT_COLUMNS[format].filter((c) => detected.columns.has(c));
        dateColumns = DATE_COLUMNS[format].filter((c) => detected.columns.has(c));
        get = (fields, column) => detected.columns.get(fields, column);
        continue;
      }
      for (const c of amountColumns) sniffer.amount(record.line, get(record.fields, c));
      for (const c of dateColumns) sniffer.date(record.line, get(record.fields, c));
    }
  } catch (e) {
    if (e instanceof UnknownFormatError)
      throw new CsvImportError("unknown_format", e.message, { closest: e.closest, hint: e.hint });
    if (!(e instanceof CsvSyntaxError)) throw e;
    // Not even a header row: no CSV at all (a binary file, say). Otherwise pass 1 reports it.
    if (!get) throw new CsvImportError("unknown_format", e.message, { closest: null, hint: null });
  }
  if (!format) throw new CsvImportError("empty", "The file is empty.");
  try {
    const { decimal, decimalReason, decimalExample, dateOrder, dateReason, dateExample } = sniffer.result();
    return {
      encoding,
      separator,
      values: { decimal, dateOrder },
      report: {
        encoding: encoding === "windows-1252" ? "windows-1252" : encoding === "utf-8" ? "utf-8" : "utf-16",
        separator,
        columns,
        decimal,
        decimalReason,
        decimalExample,
        dateOrder,
        dateReason,
        dateExample,
      },
    };
  } catch (e) {
    if (e instanceof AmbiguousDatesError)
      throw new CsvImportError("ambiguous_dates", e.message, { examples: [e.example] });
    if (e instanceof DialectConflictError)
      throw new CsvImportError(e.kind === "dates" ? "conflicting_dates" : "conflicting_numbers", e.message, {
        examples: e.examples,
      });
    throw e;
  }
}

/** Reads the file and hands every mapped row (an order or a row error) to `visit`. */
async function mapFile(
  input: string | Blob,
  timeZone: string,
  dialect: FileDialect,
  visit: (row: MappedOrder | { error: RowError }) => void | Promise<void>,
): Promise<MappedFile> {
  let mapper: ExportMapper | null = null;
  let dataRows = 0;
  let syntaxError: RowError | null = null;
  try {
    for await (const record of readCsvStream(textChunks(input, dialect.encoding), dialect.separator)) {
      if (!mapper) {
        mapper = mapperFor(record.fields, { timeZone, dialect: dialect.values });
        continue;
      }
      dataRows++;
      const r = mapper.push(record);
      if (r) await visit(r);
    }
  } catch (e) {
    if (e instanceof UnknownFormatError)
      throw new CsvImportError("unknown_format", e.message, { closest: e.closest, hint: e.hint });
    if (!(e instanceof CsvSyntaxError)) throw e;
    // Not even a header row: no CSV at all (a binary file, say).
    if (!mapper) throw new CsvImportError("unknown_format", e.message, { closest: null, hint: null });
    syntaxError = syntaxRowError(e);
  }
  if (!mapper) throw new CsvImportError("empty", "The file is empty.");
  if (dataRows === 0) throw new CsvImportError("no_orders", "The file has column names but no orders.");
  return { mapper, syntaxError };
}

export async function importOrdersCsv(
  db: Db,
  shop: Pick<Shop, "id" | "currency" | "timezone">,
  input: string | Blob,
  options: CsvImportOptions = {},
): Promise<CsvImportResult> {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  const bytes = typeof input === "string" ? Buffer.byteLength(input, "utf8") : input.size;
  if (bytes > maxBytes) {
    throw new CsvImportError(
      "too_large",
      `The file is ${(bytes / 1048576).toFixed(1)} MB; at most ${maxBytes / 1048576} MB can be imported at once: export a shorter date range per file.`,
      { maxBytes },
    );
  }
  if (bytes === 0) throw new CsvImportError("empty", "The file is empty.");
  const now = options.observationEnd ?? (await observationEndFor(db, shop.id));
  const shopCurrency = shop.currency.toUpperCase();

  const dialect = await sniffFile(input, options.dateOrder);

  // Pass 1: check every row; nothing is written.
  let ordersInFile = 0;
  const errors = new ErrorReport();
  const refusedLines = new Set<number>();
  const checked = await mapFile(input, shop.timezone, dialect, (r) => {
    if ("error" in r) return errors.add(r.error);
    ordersInFile++;
    const problem = problemForShop(r.order, shopCurrency, now);
    if (problem) {
      errors.add(rowError(r.line, r.order.name ?? r.order.id, problem));
      refusedLines.add(r.line);
    }
  });
  if (checked.syntaxError) errors.add(checked.syntaxError);

  // Pass 2: the rows that passed, in one transaction (none passed: nothing to open it for).
  const raw = rawSqlFor(db);
  const nothing = { ordersWritten: 0, ordersUnchanged: 0, customersWritten: 0 };
  const written =
    refusedLines.size === ordersInFile
      ? nothing
      : await raw.transaction(async (run) => {
          const tx = withinTransaction(raw.kind, run);
          let ordersWritten = 0;
          let ordersUnchanged = 0;
          const customersWithOrders = new Set<string>();
          let batch: MappedOrder[] = [];
          const flush = async () => {
            if (batch.length === 0) return;
            const result = await upsertOrders(
              db,
              shop.id,
              batch.map((b) => b.order),
              raw.kind,
              tx,
              "csv",
            );
            // Pass 1 applied the same checks: a refusal here is a bug, and the transaction is undone.
            if (result.rejected.length)
              throw new Error(`order ${result.rejected[0].id} refused after its check: ${result.rejected[0].reason}`);
            ordersWritten += result.written;
            ordersUnchanged += result.skippedStale;
            for (const b of batch) if (b.order.customerId) customersWithOrders.add(b.order.customerId);
            batch = [];
          };
          const { mapper } = await mapFile(input, shop.timezone, dialect, async (r) => {
            if ("error" in r || refusedLines.has(r.line)) return;
            batch.push(r);
            if (batch.length >= BATCH) await flush();
          });
          await flush();

          // Customers the export names (WooCommerce accounts), once at least one of their orders is in.
          let customersWritten = 0;
          const customers = mapper.customers().filter((c) => customersWithOrders.has(c.id));
          for (let i = 0; i < customers.length; i += BATCH) {
            const result = await upsertCustomers(db, shop.id, customers.slice(i, i + BATCH), raw.kind, tx, "csv");
            if (result.rejected.length)
              throw new Error(
                `customer ${result.rejected[0].id} refused after its check: ${result.rejected[0].reason}`,
              );
            customersWritten += result.written;
          }
          return { ordersWritten, ordersUnchanged, customersWritten };
        });

  const changed = written.ordersWritten + written.customersWritten > 0;
  if (changed) {
    const queue = options.queue ?? (await getJobQueue());
    await enqueueAnalyticsRefresh(queue, shop.id, 0);
  }

  return {
    format: checked.mapper.format,
    dialect: dialect.report,
    ordersInFile,
    ...written,
    errors: errors.kept.sort((a, b) => a.line - b.line),
    errorCount: errors.count,
    analyticsRefreshQueued: changed,
  };
}
