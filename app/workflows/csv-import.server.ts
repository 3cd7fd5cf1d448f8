// Order history from a CSV export (Shopify "Orders > Export", WooCommerce via WebToffee's
// exporter) into the shop's orders. The file is read as a stream of records and written in
// batches through the shared ingest model, so importing the same file twice leaves the same
// rows, and an order the Shopify sync already holds is not counted twice (same id; the
// platform's newer version wins). A broken row is skipped and reported with its line; it
// costs nothing else.
//
// Size: files up to MAX_IMPORT_BYTES (50 MB). The upload arrives in memory (the route's
// memory upload handler stops at the same limit) and is decoded and parsed in chunks, so
// memory grows with the file's bytes plus one batch of orders, not with a parsed copy of
// the whole file.
import type { Db } from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";
import { enqueueAnalyticsRefresh } from "~/jobs/enqueue.server";
import { getJobQueue, type JobQueue } from "~/jobs/queue.server";
import { UnknownFormatError, type CsvFormat, type FormatHint } from "~/platforms/csv/detect";
import { mapperFor } from "~/platforms/csv/export";
import type { ExportMapper, MappedOrder, RowError } from "~/platforms/csv/mapper";
import { CsvSyntaxError, readCsvStream } from "~/platforms/csv/reader";
import { minorToDecimal } from "~/core/money";
import type { NormalizedOrder } from "~/core/records";
import { observationEndFor } from "~/demo/demo-mode.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";

export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
/** Row errors kept for the report (all are counted). */
export const MAX_REPORTED_ERRORS = 1000;
const BATCH = 1000;
const TEXT_CHUNK = 1 << 20;

export type CsvImportErrorCode = "empty" | "no_orders" | "too_large" | "unknown_format";

/** The file as a whole cannot be imported (nothing was written). */
export class CsvImportError extends Error {
  constructor(
    readonly code: CsvImportErrorCode,
    message: string,
    readonly details: {
      maxBytes?: number;
      closest?: { format: CsvFormat; missing: string[] } | null;
      hint?: FormatHint | null;
    } = {},
  ) {
    super(message);
  }
}

export interface CsvImportResult {
  format: CsvFormat;
  ordersInFile: number; // rows that mapped to an order (before the shop's checks)
  ordersWritten: number; // new, or newer than the stored version
  ordersUnchanged: number; // already stored as recent or more recent (a repeated import)
  customersWritten: number;
  errors: RowError[]; // the first MAX_REPORTED_ERRORS skipped rows, by line
  errorCount: number; // all skipped rows
  analyticsRefreshQueued: boolean;
}

export interface CsvImportOptions {
  maxBytes?: number;
  /** Orders after this are refused (the analysis cannot take them); default: the shop's "now". */
  observationEnd?: Date;
  /** Where the analytics refresh goes; default: the process's job queue. */
  queue?: JobQueue;
}

const label = (o: NormalizedOrder) => `order ${o.name ?? o.id}`;

/** What this shop cannot take from an otherwise well-formed order. */
function problemForShop(o: NormalizedOrder, shopCurrency: string, observationEnd: Date): string | null {
  if (o.currency !== shopCurrency) {
    return `currency ${o.currency} is not the shop's currency ${shopCurrency}: the analytics add up one currency, so orders in another are not imported`;
  }
  if (o.processedAt.getTime() > observationEnd.getTime()) {
    return `dated ${o.processedAt.toISOString()}, after ${observationEnd.toISOString()} (now): an order cannot be placed in the future`;
  }
  if (o.refundedMinor > o.totalMinor) {
    return `refunds of ${minorToDecimal(o.refundedMinor, o.currency)} ${o.currency} exceed the order total of ${minorToDecimal(o.totalMinor, o.currency)} ${o.currency}`;
  }
  return null;
}

class ErrorReport {
  readonly kept: RowError[] = [];
  count = 0;
  add(e: RowError) {
    this.count++;
    if (this.kept.length < MAX_REPORTED_ERRORS) this.kept.push(e);
  }
}

async function* textChunks(input: string | Blob): AsyncGenerator<string> {
  if (typeof input === "string") {
    for (let i = 0; i < input.length; i += TEXT_CHUNK) yield input.slice(i, i + TEXT_CHUNK);
    return;
  }
  // UTF-8 (with or without a BOM); UTF-16 when a byte order mark says so (some spreadsheet exports).
  const head = new Uint8Array(await input.slice(0, 2).arrayBuffer());
  const encoding =
    head[0] === 0xff && head[1] === 0xfe ? "utf-16le" : head[0] === 0xfe && head[1] === 0xff ? "utf-16be" : "utf-8";
  const decoder = new TextDecoder(encoding);
  // Slices of a fixed size: an in-memory Blob's stream() may hand over the whole file as one chunk.
  for (let offset = 0; offset < input.size; offset += TEXT_CHUNK) {
    const bytes = new Uint8Array(await input.slice(offset, offset + TEXT_CHUNK).arrayBuffer());
    const text = decoder.decode(bytes, { stream: true });
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
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
  const observationEnd = options.observationEnd ?? (await observationEndFor(db, shop.id));
  const shopCurrency = shop.currency.toUpperCase();

  let mapper: ExportMapper | null = null;
  let dataRows = 0;
  let ordersInFile = 0;
  let ordersWritten = 0;
  let ordersUnchanged = 0;
  const errors = new ErrorReport();
  const customersWithOrders = new Set<string>();
  let batch: MappedOrder[] = [];

  async function flush() {
    if (batch.length === 0) return;
    const result = await upsertOrders(
      db,
      shop.id,
      batch.map((b) => b.order),
    );
    ordersWritten += result.written;
    ordersUnchanged += result.skippedStale;
    const lineOf = new Map(batch.map((b) => [b.order.id, b]));
    const refused = new Set(result.rejected.map((r) => r.id));
    for (const r of result.rejected) {
      const b = lineOf.get(r.id)!;
      errors.add({ line: b.line, message: `${label(b.order)}: ${r.reason}` });
    }
    for (const b of batch)
      if (b.order.customerId && !refused.has(b.order.id)) customersWithOrders.add(b.order.customerId);
    batch = [];
  }

  try {
    for await (const record of readCsvStream(textChunks(input))) {
      if (!mapper) {
        mapper = mapperFor(record.fields, { timeZone: shop.timezone });
        continue;
      }
      dataRows++;
      const r = mapper.push(record);
      if (!r) continue;
      if ("error" in r) {
        errors.add(r.error);
        continue;
      }
      ordersInFile++;
      const problem = problemForShop(r.order, shopCurrency, observationEnd);
      if (problem) {
        errors.add({ line: r.line, message: `${label(r.order)}: ${problem}` });
        continue;
      }
      batch.push(r);
      if (batch.length >= BATCH) await flush();
    }
  } catch (e) {
    if (e instanceof UnknownFormatError)
      throw new CsvImportError("unknown_format", e.message, { closest: e.closest, hint: e.hint });
    if (!(e instanceof CsvSyntaxError)) throw e;
    // Not even a header row: no CSV at all (a binary file, say).
    if (!mapper) throw new CsvImportError("unknown_format", e.message, { closest: null, hint: null });
    // A quote never closed swallows the rest of the file: the rows before it still count.
    errors.add({ line: e.line, message: e.message });
  }
  if (!mapper) throw new CsvImportError("empty", "The file is empty.");
  if (dataRows === 0) throw new CsvImportError("no_orders", "The file has column names but no orders.");
  await flush();

  // Customers the export names (WooCommerce accounts), once at least one of their orders is in.
  let customersWritten = 0;
  const customers = mapper.customers().filter((c) => customersWithOrders.has(c.id));
  for (let i = 0; i < customers.length; i += BATCH) {
    const result = await upsertCustomers(db, shop.id, customers.slice(i, i + BATCH));
    if (result.rejected.length)
      throw new Error(`customer ${result.rejected[0].id} refused: ${result.rejected[0].reason}`);
    customersWritten += result.written;
  }

  const changed = ordersWritten + customersWritten > 0;
  if (changed) {
    const queue = options.queue ?? (await getJobQueue());
    await enqueueAnalyticsRefresh(queue, shop.id, 0);
  }

  return {
    format: mapper.format,
    ordersInFile,
    ordersWritten,
    ordersUnchanged,
    customersWritten,
    errors: errors.kept.sort((a, b) => a.line - b.line),
    errorCount: errors.count,
    analyticsRefreshQueued: changed,
  };
}
