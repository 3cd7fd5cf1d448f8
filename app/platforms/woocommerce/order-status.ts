// The one WooCommerce order-status vocabulary, shared by every WooCommerce source (REST v3,
// webhooks, CSV exports), and the "woo-" id namespace.
//
// Statuses in Shopify's financial vocabulary, which the rest of the app reads (loyalty counts
// paid | partially_refunded | refunded as paid; analytics drop cancelled orders):
//   completed, processing -> paid (partially_refunded / refunded when refunds say so)
//   on-hold, pending      -> pending (not paid yet; Shopify's pending orders are kept the same way)
//   refunded              -> refunded, refunded amount = the total
//   cancelled, failed     -> voided and cancelled (refunded / partially_refunded if money went back)
//   checkout-draft, draft, auto-draft, trash: not orders; other (plugin-made) statuses: errors.
//
// Ids are namespaced: "woo-1001" for order 1001 and "woo-3" for customer 3. WooCommerce
// numbers orders and customers from 1 in its own sequence, and a shop's WooCommerce history
// can share the Order and Customer tables (primary key shop + id) with Shopify's ids (a
// Shopify shop importing a WooCommerce export): a bare "1001" could one day meet a Shopify
// id, and then one order would overwrite the other. The prefix keeps the two histories apart.

export const WOO_ID_PREFIX = "woo-";

/** WooCommerce order or customer number -> the app's id ("727" -> "woo-727"). */
export function wooId(number: string | number | bigint): string {
  return WOO_ID_PREFIX + BigInt(number).toString();
}

/** A refund of an order, by WooCommerce's own refund id: "woo-723-refund-726". */
export function wooRefundId(orderId: string, refundNumber: string | number | bigint): string {
  return `${orderId}-refund-${BigInt(refundNumber).toString()}`;
}

const PAID = new Set(["completed", "processing"]);
const UNPAID = new Set(["pending", "on-hold"]);
const CANCELLED = new Set(["cancelled", "failed"]);
const NOT_ORDERS = new Set(["checkout-draft", "draft", "auto-draft", "trash"]);

/** The statuses that are orders, in the order error messages list them. */
export const WOO_ORDER_STATUSES = [...PAID, ...UNPAID, "refunded", ...CANCELLED] as const;

/** "wc-Completed" (as the database and some exports spell it) -> "completed". */
export function normalizeWooStatus(text: string): string {
  return text.toLowerCase().replace(/^wc-/, "");
}

/** Drafts and trashed orders: records WooCommerce keeps that are not (or no longer) orders. */
export function isWooNonOrder(status: string): boolean {
  return NOT_ORDERS.has(status);
}

/** Why a (normalised) status cannot be mapped, or null when it is an order's status. */
export function wooStatusProblem(status: string): string | null {
  if (!status) return "status is empty";
  if (NOT_ORDERS.has(status)) return `status ${status}: not an order (a draft or a deleted order)`;
  if (!(WOO_ORDER_STATUSES as readonly string[]).includes(status))
    return `unknown status "${status}" (expected one of ${WOO_ORDER_STATUSES.join(", ")})`;
  return null;
}

export interface WooFinancialState {
  financialStatus: string;
  refundedMinor: bigint;
  cancelled: boolean;
}

/**
 * A known order status (see wooStatusProblem) with the order's total and the sum of its
 * refunds -> Shopify's financial status, the refunded amount and whether it is cancelled.
 */
export function wooFinancialState(status: string, totalMinor: bigint, refundSum: bigint): WooFinancialState {
  const refundStatus = refundSum === 0n ? null : refundSum >= totalMinor ? "refunded" : "partially_refunded";
  if (status === "refunded") {
    // Refunded in full, whatever the listed refunds add up to.
    return {
      financialStatus: "refunded",
      refundedMinor: refundSum < totalMinor ? totalMinor : refundSum,
      cancelled: false,
    };
  }
  if (PAID.has(status)) return { financialStatus: refundStatus ?? "paid", refundedMinor: refundSum, cancelled: false };
  if (UNPAID.has(status)) return { financialStatus: "pending", refundedMinor: refundSum, cancelled: false };
  if (CANCELLED.has(status))
    return { financialStatus: refundStatus ?? "voided", refundedMinor: refundSum, cancelled: true };
  throw new Error(`not a WooCommerce order status: "${status}"`);
}
