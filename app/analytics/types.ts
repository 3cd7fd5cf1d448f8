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
