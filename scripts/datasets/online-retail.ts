// UCI "Online Retail" (a UK gift shop, 2010-12-01 .. 2011-12-09) as order facts. The file
// stays in ../shared/data (48 MB); this reads it in one pass.
//
// Cleaning rules (the standard ones for this data set):
// - rows without a CustomerID are dropped (no customer to follow);
// - invoices starting with "C" are cancellations, not purchases: dropped;
// - rows with quantity <= 0 or unit price <= 0 (adjustments, samples, bad debt) are dropped;
// - a row identical in every field to an earlier kept row (same invoice, stock code,
//   description, quantity, time, unit price, customer and country) is the same line recorded
//   twice, not a second purchase: dropped (5,192 rows, GBP 24,199.01 in this file);
// - an invoice is an order; its amount is the sum of quantity x unit price, in pence;
// - InvoiceDate is UK wall-clock time; it is read as UTC and analysed with time zone UTC,
//   which keeps every invoice on its own calendar day.
import fs from "node:fs";
import path from "node:path";
import type { OrderFact } from "../../app/analytics/types";

export const ONLINE_RETAIL_PATH = path.resolve(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "data",
  "online_retail",
  "online_retail_2010_2011.csv",
);
export const ONLINE_RETAIL_END = new Date("2011-12-10T00:00:00Z");

export interface OnlineRetailLoad {
  facts: OrderFact[];
  rows: number;
  dropped: { noCustomer: number; cancellationRows: number; nonPositive: number; duplicates: number };
  /** Revenue of the dropped duplicate rows, in pence. */
  duplicatePence: number;
  cancellationInvoices: number;
}

/** Splits one CSV line (quotes only appear around descriptions). */
function fields(line: string): string[] {
  if (!line.includes('"')) return line.split(",");
  const out: string[] = [];
  let cur = "",
    quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function loadOnlineRetail(file = ONLINE_RETAIL_PATH): OnlineRetailLoad {
  const text = fs.readFileSync(file, "utf8");
  const invoices = new Map<string, { customer: string; at: string; pence: number }>();
  const cancelled = new Set<string>();
  const dropped = { noCustomer: 0, cancellationRows: 0, nonPositive: 0, duplicates: 0 };
  const keptLines = new Set<string>();
  let rows = 0,
    duplicatePence = 0;
  let pos = text.indexOf("\n") + 1; // skip the header
  while (pos < text.length) {
    let next = text.indexOf("\n", pos);
    if (next < 0) next = text.length;
    const line = text.charCodeAt(next - 1) === 13 ? text.slice(pos, next - 1) : text.slice(pos, next);
    pos = next + 1;
    if (!line) continue;
    rows++;
    const f = fields(line);
    const [invoice, , , qtyText, at, priceText, customerText] = f;
    if (!customerText) {
      dropped.noCustomer++;
      continue;
    }
    if (invoice.startsWith("C")) {
      dropped.cancellationRows++;
      cancelled.add(invoice);
      continue;
    }
    const qty = Number(qtyText),
      price = Number(priceText);
    if (!(qty > 0 && price > 0)) {
      dropped.nonPositive++;
      continue;
    }
    const pence = Math.round(qty * price * 100);
    if (keptLines.has(line)) {
      dropped.duplicates++;
      duplicatePence += pence;
      continue;
    }
    keptLines.add(line);
    const inv = invoices.get(invoice);
    if (inv) inv.pence += pence;
    else invoices.set(invoice, { customer: customerText.replace(/\.0$/, ""), at, pence });
  }
  const facts: OrderFact[] = [];
  for (const [invoice, inv] of invoices) {
    facts.push({
      orderId: invoice,
      customerId: inv.customer,
      email: null,
      processedAt: new Date(`${inv.at.replace(" ", "T")}Z`),
      currency: "GBP",
      totalMinor: inv.pence,
      refundedMinor: 0,
      cancelled: false,
    });
  }
  return { facts, rows, dropped, duplicatePence, cancellationInvoices: cancelled.size };
}
