// WooCommerce order export of WebToffee's "Order Export & Order Import for WooCommerce"
// plugin to the shared order and customer shapes: one row per order, order_date in the
// site's local time ("16-05-2018 07:32:06"; newer versions "2018-05-16 07:32:06"), refunds
// packed as "amount:46.00|reason:...|date:2019-06-19 12:13:48" joined by ";".
//
// Ids are namespaced ("woo-1001" for order 1001, "woo-3" for customer 3) and statuses mapped
// to Shopify's financial vocabulary by the one WooCommerce vocabulary in
// ../woocommerce/order-status.ts, which the REST v3 adapter shares.
import { LocalCalendar } from "~/core/calendar";
import { normalizeEmail, type NormalizedCustomer, type NormalizedOrder, type NormalizedRefund } from "~/core/records";
import { customerStorageProblem } from "~/core/storage-limits";
import { latest, parseLocalTimestamp, parseUtcTimestamp } from "./dates";
import type { HeaderIndex } from "./detect";
import {
  amountOf,
  currencyOf,
  dialectOf,
  isBlank,
  rowError,
  RowProblem,
  timeExample,
  type ExportMapper,
  type MapOptions,
  type RowResult,
} from "./mapper";
import type { CsvRecord } from "./reader";
import {
  isWooNonOrder,
  normalizeWooStatus,
  WOO_ID_PREFIX,
  WOO_ORDER_STATUSES,
  wooFinancialState,
  wooStatusProblem,
} from "~/platforms/woocommerce/order-status";

const customerNumberOf = (id: string) => id.slice(WOO_ID_PREFIX.length);

interface CustomerSeen {
  customer: NormalizedCustomer;
  at: number; // the order's updatedAt: the newest order's name and address win
}

export function webtoffeeOrdersMapper(columns: HeaderIndex, options: MapOptions): ExportMapper {
  const calendar = new LocalCalendar(options.timeZone);
  const dialect = dialectOf(options);
  const customers = new Map<string, CustomerSeen>();

  function orderFrom(get: (column: string) => string): NormalizedOrder {
    const number = get("order_id");
    if (!number) throw new RowProblem("import.reason.empty", { column: "order_id" });
    if (!/^\d+$/.test(number)) throw new RowProblem("import.reason.notWooOrderId", { value: number });
    const id = WOO_ID_PREFIX + number;
    const status = normalizeWooStatus(get("status"));
    if (wooStatusProblem(status)) {
      if (!status) throw new RowProblem("import.reason.empty", { column: "status" });
      if (isWooNonOrder(status)) throw new RowProblem("import.reason.wooNotOrder", { status });
      throw new RowProblem("import.reason.wooUnknownStatus", { status, statuses: WOO_ORDER_STATUSES.join(", ") });
    }
    const dateText = get("order_date");
    if (!dateText) throw new RowProblem("import.reason.empty", { column: "order_date" });
    const placedAt = parseLocalTimestamp(dateText, calendar, dialect.dateOrder);
    if (!placedAt)
      throw new RowProblem("import.reason.notDate", {
        column: "order_date",
        value: dateText,
        example: timeExample(dialect, "16-05-2018 07:32:06"),
      });
    const currency = currencyOf(get("order_currency"), "order_currency");
    const totalMinor = amountOf(get("order_total"), currency, "order_total", dialect.decimal);
    const refunds = refundsOf(get("refund_items"), id, currency);
    const refundSum = refunds.reduce((s, r) => s + r.amountMinor, 0n);

    const { financialStatus, refundedMinor, cancelled } = wooFinancialState(status, totalMinor, refundSum);

    // Dates the row carries besides the order date; they only make updatedAt later, so a
    // value that does not parse is left out rather than costing the order.
    const paidAt = parseLocalTimestamp(get("paid_date"), calendar, dialect.dateOrder);
    const completedAt = parseLocalTimestamp(get("completed_date"), calendar, dialect.dateOrder);
    const updatedAt = latest(placedAt, paidAt, completedAt, ...refunds.map((r) => r.processedAt))!;

    const customerNumber = get("customer_id");
    if (customerNumber && !/^\d+$/.test(customerNumber))
      throw new RowProblem("import.reason.notWooCustomerId", { value: customerNumber });
    const customerId =
      customerNumber && BigInt(customerNumber) > 0n ? WOO_ID_PREFIX + BigInt(customerNumber).toString() : null; // 0: a guest

    return {
      id,
      name: `#${get("order_number") || number}`,
      customerId,
      email: normalizeEmail(get("billing_email") || get("customer_email")),
      currency,
      totalMinor,
      refundedMinor,
      financialStatus,
      // The export has no cancellation date: the latest moment the row shows stands in.
      cancelledAt: cancelled ? updatedAt : null,
      processedAt: placedAt,
      createdAt: placedAt,
      updatedAt,
      sourceName: "woocommerce",
      refunds,
    };
  }

  function remember(order: NormalizedOrder, get: (column: string) => string) {
    if (!order.customerId) return;
    const at = order.updatedAt!.getTime();
    const customer: NormalizedCustomer = {
      id: order.customerId,
      // customer_email is the account's address; billing_email the one typed at checkout.
      email: normalizeEmail(get("customer_email") || get("billing_email")),
      firstName: get("billing_first_name") || null,
      lastName: get("billing_last_name") || null,
      marketingConsent: "unknown",
      createdAt: null, // the export does not say when the account was made
      updatedAt: order.updatedAt,
    };
    // The row's customer fields must fit their columns too: refused with the row, not later
    // when the customers are written (the customer has no line of its own).
    const problem = customerStorageProblem(customer);
    if (problem)
      throw new RowProblem("import.reason.customerStorage", { customer: customerNumberOf(order.customerId), problem });
    const seen = customers.get(order.customerId);
    if (seen && seen.at > at) return;
    customers.set(order.customerId, { at, customer });
  }

  return {
    format: "woocommerce",
    push(record: CsvRecord): RowResult {
      if (isBlank(record.fields)) return null;
      const get = (column: string) => columns.get(record.fields, column);
      try {
        const order = orderFrom(get);
        remember(order, get);
        return { line: record.line, order };
      } catch (e) {
        const number = get("order_number") || get("order_id");
        if (e instanceof RowProblem) return { error: rowError(record.line, number ? `#${number}` : null, e.reason) };
        throw e;
      }
    },
    customers: () => [...customers.values()].map((c) => c.customer),
  };
}

/**
 * refund_items: "amount:46.00|reason:refund|date:2019-06-19 12:13:48", several joined by ";".
 * The exporter formats the refund date with PHP's date(), which WordPress runs in UTC. The
 * field is text to a spreadsheet, so a re-saved file keeps it (and its decimal points) as written.
 * Refund ids number the refunds in date order, so a later export that adds a refund keeps
 * the earlier ones' ids.
 */
export function refundsOf(text: string, orderId: string, currency: string): NormalizedRefund[] {
  if (!text) return [];
  // A reason is free text and may hold ";" or "|": entries are split where the next one begins.
  const entries = text.split(/;(?=\s*amount:)/);
  const parsed = entries.map((entry, i) => {
    const parts = entry.split("|").map((p) => p.trim());
    const amountText = parts
      .find((p) => p.startsWith("amount:"))
      ?.slice("amount:".length)
      .trim();
    const dateText = [...parts]
      .reverse()
      .find((p) => p.startsWith("date:"))
      ?.slice("date:".length)
      .trim();
    if (amountText === undefined || dateText === undefined)
      throw new RowProblem("import.reason.refundItems", { value: entry });
    // Older WooCommerce versions store a refund's amount negative; it is money going back either way.
    const amountMinor = amountOf(amountText.replace(/^-/, ""), currency, "refund amount");
    const processedAt = parseUtcTimestamp(dateText);
    if (!processedAt)
      throw new RowProblem("import.reason.notDate", {
        column: "refund date",
        value: dateText,
        example: "2019-06-19 12:13:48",
      });
    return { amountMinor, processedAt, i };
  });
  parsed.sort((a, b) => a.processedAt.getTime() - b.processedAt.getTime() || a.i - b.i);
  return parsed.map((r, k) => ({
    id: `${orderId}-refund-${k + 1}`,
    orderId,
    amountMinor: r.amountMinor,
    currency,
    processedAt: r.processedAt,
  }));
}
