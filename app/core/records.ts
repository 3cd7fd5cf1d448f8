// The one shape every source writes: Shopify (bulk operations, webhooks), WooCommerce
// (REST v3, webhooks), CSV exports and the demo generator all produce these records and
// hand them to app/models/ingest.server.ts. Plain data, no framework imports.

export type Platform = "shopify" | "woocommerce";

export interface NormalizedCustomer {
  id: string; // platform customer id, as a string (Shopify ids exceed 2^53)
  email: string | null; // normalised: trimmed, lower case
  firstName: string | null;
  lastName: string | null;
  ordersCount?: number;
  totalSpentMinor?: bigint;
  currency?: string | null;
  tags?: string[];
  marketingConsent?: "granted" | "denied" | "unknown";
  createdAt: Date | null;
  updatedAt: Date | null; // platform updated_at: an older record never overwrites a newer one
}

export interface NormalizedRefund {
  id: string;
  orderId: string;
  amountMinor: bigint;
  currency: string;
  processedAt: Date;
}

export interface NormalizedOrder {
  id: string; // platform order id
  name: string | null; // "#1001"
  customerId: string | null; // null for guest orders
  email: string | null; // normalised; links guest orders to customers
  currency: string; // ISO 4217
  totalMinor: bigint; // current total price, integer minor units
  refundedMinor: bigint; // sum of refunds
  financialStatus: string; // paid | pending | refunded | partially_refunded | voided | authorized ...
  cancelledAt: Date | null;
  processedAt: Date;
  createdAt: Date | null;
  updatedAt: Date | null; // platform updated_at
  sourceName: string | null;
  refunds: NormalizedRefund[];
}

/** Trim and lower-case an e-mail address; empty becomes null. */
export function normalizeEmail(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  return e ? e : null;
}
