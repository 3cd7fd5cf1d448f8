// WooCommerce webhook signatures: base64 HMAC-SHA256 of the raw body with the webhook secret.
import crypto from "node:crypto";
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { verifyWooWebhookSignature } from "~/platforms/woocommerce/webhook-signature";

const body = fs.readFileSync("tests/fixtures/woocommerce/wc_v3_order_727_retrieve_example.json", "utf8");
const SECRET = "whsec-woo-test";
// Computed independently of the helper, the way WooCommerce does it:
// base64_encode(hash_hmac('sha256', $payload, $secret, true)).
const signature = crypto.createHmac("sha256", SECRET).update(body, "utf8").digest("base64");

describe("WooCommerce webhook signature", () => {
  it("verifies a body signed with the webhook's secret", () => {
    expect(verifyWooWebhookSignature(body, signature, SECRET)).toBe(true);
    expect(verifyWooWebhookSignature(Buffer.from(body, "utf8"), signature, SECRET)).toBe(true);
  });

  it("refuses a changed body, the wrong secret, a missing or mangled header", () => {
    expect(verifyWooWebhookSignature(body.replace('"29.35"', '"2.35"'), signature, SECRET)).toBe(false);
    expect(verifyWooWebhookSignature(body, signature, "another-secret")).toBe(false);
    expect(verifyWooWebhookSignature(body, null, SECRET)).toBe(false);
    expect(verifyWooWebhookSignature(body, "", SECRET)).toBe(false);
    expect(verifyWooWebhookSignature(body, signature + "!!", SECRET)).toBe(false);
    expect(verifyWooWebhookSignature(body, signature.slice(0, -4), SECRET)).toBe(false);
    expect(verifyWooWebhookSignature(body, signature, "")).toBe(false);
  });
});
