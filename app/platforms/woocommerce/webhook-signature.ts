// WooCommerce webhook deliveries carry X-WC-Webhook-Signature: the base64 HMAC-SHA256 of the
// raw request body, keyed with the webhook's secret. Verify on the raw bytes, before parsing
// (re-serialised JSON would not match), and compare in constant time.
import crypto from "node:crypto";

export const WOO_SIGNATURE_HEADER = "X-WC-Webhook-Signature";

/** The signature WooCommerce sends for `rawBody` (base64 HMAC-SHA256). */
export function signWooWebhook(rawBody: string | Uint8Array, secret: string): string {
  return crypto.createHmac("sha256", secret).update(rawBody).digest("base64");
}

/** True only when `signature` (the header's value) is the body's HMAC under `secret`. */
export function verifyWooWebhookSignature(
  rawBody: string | Uint8Array,
  signature: string | null | undefined,
  secret: string,
): boolean {
  if (!signature || !secret) return false;
  // The base64 text itself is compared: Buffer.from(..., "base64") skips characters it does not know.
  const expected = Buffer.from(signWooWebhook(rawBody, secret), "utf8");
  const given = Buffer.from(signature.trim(), "utf8");
  // timingSafeEqual needs equal lengths; the length of a SHA-256 digest is no secret.
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
