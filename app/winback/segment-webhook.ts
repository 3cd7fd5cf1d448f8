// The outgoing "segment changed" webhook of a WooCommerce shop (WooCommerce has no Flow): when the
// win-back push moves a customer from one segment to another, the app POSTs this JSON to the URL
// the merchant set, signed like WooCommerce signs its own webhooks, so an e-mail tool (or a
// small script) can start a win-back mail. Pure: the payload, its event id and the signature.
//
// Headers sent with it:
//   X-Retention-Event: customer.segment_changed
//   X-Retention-Event-Id: the payload's `id` (the same on every retry: deduplicate on it)
//   X-Retention-Signature: base64(HMAC-SHA256(raw body, the shop's webhook secret))
import crypto from "node:crypto";
import { fieldValues, type InsightRow } from "./plan";

export const SEGMENT_WEBHOOK_EVENT = "customer.segment_changed";
export const SEGMENT_WEBHOOK_VERSION = 1;

export interface SegmentChange {
  shopId: string;
  shopDomain: string;
  currency: string;
  customerId: string; // the app's id ("woo-7")
  platformCustomerId: string; // WooCommerce's customer id ("7")
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  from: string; // the previous segment
  insight: InsightRow; // the customer now
  /** Newest analysis stamp of the push pass that saw the change: part of the event id, so a resumed pass sends the same id. */
  pass: string | null;
  occurredAt: Date;
}

/** Stable per change: the same customer, move and analysis give the same id (a retried or resumed push). */
export function segmentEventId(c: Pick<SegmentChange, "shopId" | "customerId" | "from" | "insight" | "pass">): string {
  return crypto
    .createHash("sha256")
    .update(JSON.stringify([c.shopId, c.customerId, c.from, c.insight.segment, c.pass]))
    .digest("hex")
    .slice(0, 32);
}

/** The documented body (README, "WooCommerce"): one JSON object per change. */
export function segmentChangedPayload(c: SegmentChange) {
  const fields = fieldValues(c.insight, c.currency);
  return {
    id: segmentEventId(c),
    event: SEGMENT_WEBHOOK_EVENT,
    version: SEGMENT_WEBHOOK_VERSION,
    occurred_at: c.occurredAt.toISOString(),
    shop: { id: c.shopId, domain: c.shopDomain, currency: c.currency },
    customer: {
      id: Number(c.platformCustomerId),
      email: c.email,
      first_name: c.firstName,
      last_name: c.lastName,
    },
    segment: { from: c.from, to: c.insight.segment },
    fields: {
      churn_risk: fields.churnRisk === null ? null : Number(fields.churnRisk),
      predicted_clv: fields.predictedClv === null ? null : Number(fields.predictedClv),
      last_order_date: fields.lastOrderDate,
    },
  };
}

/** base64(HMAC-SHA256(body, secret)): WooCommerce's own webhook signature, so the same receiver code checks both. */
export function signSegmentWebhook(body: string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(body).digest("base64");
}

/**
 * The merchant's webhook address from the form: null for an empty field (no webhook), the
 * normalised URL, or an Error for anything but an https address without credentials. (Whether
 * the host is public is checked on every delivery: DNS can change after saving.)
 */
export function parseSegmentWebhookUrl(input: string): string | null | Error {
  const text = input.trim();
  if (!text) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return new Error("not a web address");
  }
  if (url.protocol !== "https:" || url.username || url.password || text.length > 2000)
    return new Error("not an https address");
  return url.toString();
}
