// What the analytics core consumes: one fact per order, from any platform. Money is in
// integer minor units (cents); ids are strings.

export interface OrderFact {
  orderId: string;
  customerId: string | null; // platform customer id (Shopify ids exceed 2^53)
  email: string | null; // matches guest orders to customers (normalised: trim + lower case)
  processedAt: Date;
  currency: string; // ISO 4217, e.g. "EUR"
  totalMinor: number; // gross order total, integer minor units
  refundedMinor: number; // total refunded, integer minor units
  cancelled: boolean; // cancelled orders never count as purchases
}

export interface SurveyAnswer {
  score: number; // NPS 0..10
  answeredAt: Date;
}

/**
 * Orders as columns: what a million-order read hands the analysis instead of a million
 * OrderFact objects (which cost seconds of garbage collection and hundreds of MB). Order i
 * is the i-th entry of every column; strings are interned once (customers, e-mail
 * addresses, currencies) and referenced by index, -1 for none. Same meaning as OrderFact.
 */
export interface OrderColumns {
  length: number;
  /** Distinct platform customer ids (non-empty). */
  customerIds: readonly string[];
  /** Index into customerIds, -1 without a platform customer. */
  customer: Int32Array;
  /** Distinct e-mail addresses as stored (non-empty; normalised by the analysis). */
  emails: readonly string[];
  /** Index into emails, -1 without an address. */
  email: Int32Array;
  /** Distinct currency codes as stored. */
  currencies: readonly string[];
  currency: Int32Array;
  /** Epoch milliseconds; NaN for an invalid date. */
  processedAtMs: Float64Array;
  totalMinor: Float64Array;
  refundedMinor: Float64Array;
  /** 1 when cancelled. */
  cancelled: Uint8Array;
  /** The order's id for messages about it; a database read leaves the ids out (nothing else needs them). */
  orderId?: (i: number) => string;
}
