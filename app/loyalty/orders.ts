// The order facts the loyalty rules read: a slice of the app's NormalizedOrder (every
// platform already produces it), so callers pass ingested orders as they are. Money is
// bigint minor units, as in app/core/records.ts.
import type { NormalizedOrder, NormalizedRefund } from "~/core/records";

export type LoyaltyRefund = Pick<NormalizedRefund, "id" | "orderId" | "amountMinor" | "processedAt">;

export type LoyaltyOrder = Pick<
  NormalizedOrder,
  "id" | "customerId" | "currency" | "totalMinor" | "refundedMinor" | "financialStatus" | "cancelledAt" | "processedAt"
> & { refunds: readonly LoyaltyRefund[] };

export const DAY_MS = 86_400_000;

/**
 * Financial statuses in which the customer's money was captured. `partially_paid`,
 * `pending`, `authorized` and `voided` earn nothing: points are earned once the order is
 * paid in full (a later `orders/paid` webhook earns them). `refunded` and
 * `partially_refunded` were paid first; their refunds are reversed by their own entries.
 */
export const PAID_STATUSES: ReadonlySet<string> = new Set(["paid", "partially_refunded", "refunded"]);

export const isPaid = (o: Pick<LoyaltyOrder, "financialStatus">): boolean =>
  PAID_STATUSES.has(o.financialStatus.trim().toLowerCase());

export const isCancelled = (o: Pick<LoyaltyOrder, "cancelledAt">): boolean => o.cancelledAt !== null;

/** Refunded amount: the larger of the order's running total and the sum of its refund records. */
export function refundedOf(o: Pick<LoyaltyOrder, "refundedMinor" | "refunds">): bigint {
  const sum = o.refunds.reduce((s, r) => s + r.amountMinor, 0n);
  return sum > o.refundedMinor ? sum : o.refundedMinor;
}

/** Paid total net of refunds, never below 0. */
export function netPaidMinor(o: Pick<LoyaltyOrder, "totalMinor" | "refundedMinor" | "refunds">): bigint {
  const net = o.totalMinor - refundedOf(o);
  return net > 0n ? net : 0n;
}

export const isFullyRefunded = (o: Pick<LoyaltyOrder, "totalMinor" | "refundedMinor" | "refunds">): boolean =>
  o.totalMinor > 0n && refundedOf(o) >= o.totalMinor;

/** Deterministic order of events: by time, then by id. */
export const byTimeThenId =
  <T extends { id: string }>(at: (x: T) => Date) =>
  (a: T, b: T): number =>
    at(a).getTime() - at(b).getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const addDays = (d: Date, days: number): Date => new Date(d.getTime() + days * DAY_MS);
