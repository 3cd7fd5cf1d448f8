// Shopify admin "Orders > Export" CSV to the shared order shape. The export has one row per
// line item; the order's own fields (Financial Status, Total, Currency, Id, Email, Paid at,
// Cancelled at, Refunded Amount, Source) are on its first row only, and the rows of an order
// follow each other under the same Name. So a row with order fields starts an order and
// further rows under that Name are skipped; a first row without them is an error.
//
// Ids: the Id column is Shopify's own order id, so an order imported into the shop it came
// from is the same row the API sync writes (no double counting). The export has no customer
// id: orders stay guest orders with their e-mail, which the analytics join to the customer
// with that address (app/analytics/prepare.ts). No customers are written, so Accepts
// Marketing (a customer's consent) is not used.
//
// Times: the export writes the shop's offset with every time. A file re-saved by a spreadsheet
// has lost it ("11-5-2025 9:55:16"): such a time is read in the shop's time zone, which is the
// zone Shopify wrote it in when the file is this shop's export.
import { LocalCalendar } from "~/core/calendar";
import { normalizeEmail, type NormalizedOrder } from "~/core/records";
import { latest, parseLocalTimestamp, parseTimestampWithOffset } from "./dates";
import type { HeaderIndex } from "./detect";
import type { ValueDialect } from "./dialect";
import {
  amountOf,
  currencyOf,
  dialectOf,
  isBlank,
  timeExample,
  rowError,
  RowProblem,
  type ExportMapper,
  type MapOptions,
  type RowResult,
} from "./mapper";
import type { CsvRecord } from "./reader";

const ORDER_FIELDS = ["Id", "Financial Status", "Total", "Currency"];

export function shopifyOrdersMapper(columns: HeaderIndex, options: MapOptions = { timeZone: "UTC" }): ExportMapper {
  let previousName: string | null = null;
  const dialect = dialectOf(options);
  const calendar = new LocalCalendar(options.timeZone);

  function orderFrom(get: (column: string) => string): NormalizedOrder {
    const id = get("Id");
    if (!id) throw new RowProblem("import.reason.empty", { column: "Id" });
    if (!/^\d+$/.test(id)) throw new RowProblem("import.reason.notShopifyId", { value: id });
    const currency = currencyOf(get("Currency"), "Currency");
    const totalMinor = amountOf(get("Total"), currency, "Total", dialect.decimal);
    const refunded = get("Refunded Amount");
    const refundedMinor = refunded ? amountOf(refunded, currency, "Refunded Amount", dialect.decimal) : 0n;
    const financialStatus = get("Financial Status").toLowerCase().replace(/\s+/g, "_");
    if (!financialStatus) throw new RowProblem("import.reason.empty", { column: "Financial Status" });
    const time = (column: string, required: boolean) => timestamp(get, column, required, dialect, calendar);
    const createdAt = time("Created at", true)!;
    const paidAt = time("Paid at", false);
    const cancelledAt = time("Cancelled at", false);
    return {
      id,
      name: get("Name") || null,
      customerId: null,
      email: normalizeEmail(get("Email")),
      currency,
      totalMinor,
      refundedMinor,
      financialStatus,
      cancelledAt,
      // The export has no processed_at; for an order placed in Shopify it equals created_at.
      processedAt: createdAt,
      createdAt,
      // The export has no updated_at. Its latest moment, less 1 ms: the API's version of the
      // same order has an updated_at at least that late, so it always replaces the file's
      // (ingest keeps a row unless the newcomer is strictly newer), while importing the
      // same file again changes nothing.
      updatedAt: new Date(latest(createdAt, paidAt, cancelledAt)!.getTime() - 1),
      sourceName: get("Source") || null,
      // Refunded Amount has neither a refund id nor a date: no refund rows. Rows under made-up
      // ids would add to the real refunds when refunds/create webhooks or the sync bring them.
      refunds: [],
    };
  }

  return {
    format: "shopify",
    push(record: CsvRecord): RowResult {
      if (isBlank(record.fields)) return null;
      const get = (column: string) => columns.get(record.fields, column);
      const name = get("Name");
      const hasOrderFields = ORDER_FIELDS.some((c) => get(c) !== "");
      if (!hasOrderFields && name === previousName) return null; // another line item of the order above
      previousName = name;
      const order = name || null;
      if (!hasOrderFields) {
        return {
          error: rowError(record.line, order, {
            key: "import.reason.noOrderFields",
            values: { columns: ORDER_FIELDS.join(", ") },
          }),
        };
      }
      try {
        return { line: record.line, order: orderFrom(get) };
      } catch (e) {
        if (e instanceof RowProblem) return { error: rowError(record.line, order, e.reason) };
        throw e;
      }
    },
    customers: () => [],
  };
}

function timestamp(
  get: (column: string) => string,
  column: string,
  required: boolean,
  dialect: ValueDialect,
  calendar: LocalCalendar,
): Date | null {
  const text = get(column);
  if (!text) {
    if (required) throw new RowProblem("import.reason.empty", { column });
    return null;
  }
  const d =
    parseTimestampWithOffset(text) ??
    (dialect.dateOrder ? parseLocalTimestamp(text, calendar, dialect.dateOrder) : null);
  if (!d)
    throw new RowProblem("import.reason.notDate", {
      column,
      value: text,
      example: timeExample(dialect, "2025-05-11 09:55:16 -0400"),
    });
  return d;
}
