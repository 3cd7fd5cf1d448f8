// WooCommerce REST v3 order and customer JSON (GET /wp-json/wc/v3/orders, /customers; webhook
// order.created / order.updated bodies have the same shape) to the shared Normalized shapes.
// Pure: no clock, no I/O. Unknown fields are allowed; the fields read are validated and a
// malformed payload throws PayloadError naming the field.
//
// - Money: decimal strings ("29.35") in the order's currency, to minor units exactly (money.ts).
// - Dates: the *_gmt fields, UTC wall-clock time without a zone suffix ("2017-03-22T19:28:02").
//   The un-suffixed date_created etc. are the site's local time and are not read.
// - Refunds: refunds[] lists { id, refund (the reason), total: "-10.00" }: negative, no date.
//   A refund's processedAt is the order's date_modified_gmt (a refund modifies its order, so
//   this is the latest it can have happened); GET /orders/<id>/refunds would give the exact
//   date at one request per order.
// - Statuses and ids: ./order-status.ts, shared with the CSV import.
import { z } from "zod";
import { currencyDecimals, decimalToMinor } from "~/core/money";
import { PayloadError } from "~/core/payload-error";
import { normalizeEmail, type NormalizedCustomer, type NormalizedOrder, type NormalizedRefund } from "~/core/records";
import {
  isWooNonOrder,
  normalizeWooStatus,
  wooFinancialState,
  wooId,
  wooRefundId,
  wooStatusProblem,
} from "./order-status";

/** A draft or trashed order: a record WooCommerce keeps that is not (or no longer) an order. */
export class WooNotAnOrderError extends Error {
  readonly code = "NOT_AN_ORDER";
}

const wooNumber = z
  .union([z.number().int().nonnegative(), z.string().regex(/^\d+$/, "not a whole number")], {
    errorMap: (_issue, ctx) => ({
      message: ctx.data === undefined ? "Required" : `${JSON.stringify(ctx.data)} is not a whole number`,
    }),
  })
  .transform((v) => BigInt(v));
const positiveNumber = wooNumber.refine((v) => v > 0n, "must be a positive id");

/** "2017-03-22T19:28:02" in UTC (a trailing Z is allowed) -> the instant; refuses 2017-02-31. */
const gmtDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?$/, "not a date and time like 2017-03-22T19:28:02")
  .transform((s, ctx) => {
    const wall = s.replace(/Z$/, "");
    const d = new Date(wall + "Z");
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 19) !== wall) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${s}" is not a calendar date and time` });
      return z.NEVER;
    }
    return d;
  });

const amount = (sign: "plain" | "signed") =>
  z
    .string()
    .regex(
      sign === "plain" ? /^\d+(\.\d+)?$/ : /^-?\d+(\.\d+)?$/,
      `not an amount like ${sign === "plain" ? "29.35" : "-10.00"}`,
    );

const currency = z.string().refine((c) => {
  try {
    currencyDecimals(c);
    return true;
  } catch {
    return false;
  }
}, "not an ISO 4217 currency code");

const billingSchema = z
  .object({ first_name: z.string().nullish(), last_name: z.string().nullish(), email: z.string().nullish() })
  .passthrough();

const refundSchema = z
  .object({ id: positiveNumber, refund: z.string().nullish(), total: amount("signed") })
  .passthrough();

const orderSchema = z
  .object({
    id: positiveNumber,
    number: z.string().nullish(),
    status: z.string(),
    currency,
    total: amount("plain"),
    customer_id: wooNumber.default(0),
    billing: billingSchema.nullish(),
    date_created_gmt: gmtDate,
    date_modified_gmt: gmtDate,
    date_paid_gmt: gmtDate.nullish(),
    date_completed_gmt: gmtDate.nullish(),
    refunds: z.array(refundSchema).default([]),
  })
  .passthrough();

const customerSchema = z
  .object({
    id: positiveNumber,
    email: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    billing: billingSchema.nullish(),
    date_created_gmt: gmtDate.nullish(),
    date_modified_gmt: gmtDate.nullish(),
  })
  .passthrough();

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, payload: unknown, what: string): T {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`).join("; ");
    const id =
      payload && typeof payload === "object" && "id" in payload ? ` ${String((payload as { id: unknown }).id)}` : "";
    throw new PayloadError(`malformed WooCommerce ${what}${id}: ${issues}`);
  }
  return r.data;
}

export interface WooOrderRecord {
  order: NormalizedOrder;
  /** The registered customer the order belongs to (customer_id > 0), as its billing details name them. */
  customer: NormalizedCustomer | null;
  paidAt: Date | null;
  completedAt: Date | null;
}

/**
 * One REST v3 order -> the order (and its customer). Throws PayloadError when malformed or of
 * an unknown status, WooNotAnOrderError for drafts and trashed orders.
 */
export function wooOrderFromRest(payload: unknown): WooOrderRecord {
  const o = parse(orderSchema, payload, "order");
  const id = wooId(o.id);
  const status = normalizeWooStatus(o.status);
  if (isWooNonOrder(status))
    throw new WooNotAnOrderError(
      `WooCommerce order ${o.id}: status ${status}: not an order (a draft or a deleted order)`,
    );
  const problem = wooStatusProblem(status);
  if (problem) throw new PayloadError(`malformed WooCommerce order ${o.id}: ${problem}`);

  const cur = o.currency.toUpperCase();
  const totalMinor = decimalToMinor(o.total, cur);
  const updatedAt = o.date_modified_gmt;
  const refunds: NormalizedRefund[] = o.refunds.map((r) => {
    const minor = decimalToMinor(r.total, cur);
    return {
      id: wooRefundId(id, r.id),
      orderId: id,
      amountMinor: minor < 0n ? -minor : minor,
      currency: cur,
      processedAt: updatedAt,
    };
  });
  const refundSum = refunds.reduce((s, r) => s + r.amountMinor, 0n);
  const { financialStatus, refundedMinor, cancelled } = wooFinancialState(status, totalMinor, refundSum);
  const email = normalizeEmail(o.billing?.email);

  const customer: NormalizedCustomer | null =
    o.customer_id > 0n
      ? {
          id: wooId(o.customer_id),
          email,
          firstName: o.billing?.first_name || null,
          lastName: o.billing?.last_name || null,
          marketingConsent: "unknown",
          createdAt: null,
          // The billing details as typed when the order was placed: a later order's details win
          // over an earlier one's, and the account itself (GET /customers) wins when it was
          // modified after the order was placed.
          updatedAt: o.date_created_gmt,
        }
      : null; // 0: a guest

  return {
    order: {
      id,
      name: `#${o.number || o.id.toString()}`,
      customerId: customer?.id ?? null,
      email,
      currency: cur,
      totalMinor,
      refundedMinor,
      financialStatus,
      // The payload has no cancellation date: the last modification stands in.
      cancelledAt: cancelled ? updatedAt : null,
      processedAt: o.date_created_gmt,
      createdAt: o.date_created_gmt,
      updatedAt,
      sourceName: "woocommerce",
      refunds,
    },
    customer,
    paidAt: o.date_paid_gmt ?? null,
    completedAt: o.date_completed_gmt ?? null,
  };
}

/** One REST v3 customer (GET /customers) -> the customer. Throws PayloadError when malformed. */
export function wooCustomerFromRest(payload: unknown): NormalizedCustomer {
  const c = parse(customerSchema, payload, "customer");
  return {
    id: wooId(c.id),
    email: normalizeEmail(c.email || c.billing?.email),
    firstName: c.first_name || c.billing?.first_name || null,
    lastName: c.last_name || c.billing?.last_name || null,
    marketingConsent: "unknown",
    createdAt: c.date_created_gmt ?? null,
    updatedAt: c.date_modified_gmt ?? c.date_created_gmt ?? null,
  };
}

/** The order's id and date_modified_gmt as far as they can be read, for reporting a payload that fails. */
export function wooOrderKey(payload: unknown): { id: string | null; modifiedAt: Date | null } {
  const p = (payload && typeof payload === "object" ? payload : {}) as Record<string, unknown>;
  const id =
    (typeof p.id === "number" && Number.isSafeInteger(p.id) && p.id > 0) ||
    (typeof p.id === "string" && /^\d+$/.test(p.id))
      ? wooId(p.id)
      : null;
  const m = gmtDate.safeParse(p.date_modified_gmt);
  return { id, modifiedAt: m.success ? m.data : null };
}
