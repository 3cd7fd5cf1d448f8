// The one verifier of Shopify-style signed query strings (app/core/signed-query.ts), used for
// Shopify's app proxy and the WordPress plugin alike: the canonical string the plugin's PHP
// signer produces (the vector from the plugin's own test), agreement with @shopify/shopify-api's
// app-proxy verifier, and each refusal.
import "@shopify/shopify-api/adapters/node";
import crypto from "node:crypto";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { canonicalQuery, connectProof, sha256Hex, signQuery, verifySignedQuery } from "~/core/signed-query";

const SECRET = crypto.randomBytes(32).toString("hex");
const NOW = 1_700_000_000;

describe("canonical string", () => {
  it("is the plugin's: repeated keys joined with ',', sorted, without `signature`, no separator", () => {
    const pairs: [string, string][] = [
      ["timestamp", "1700000000"],
      ["shop", "shop_42"],
      ["logged_in_customer_id", ""],
      ["path_prefix", "/wp-json/retention/v1/proxy"],
      ["body_sha256", "ab"],
      ["ref", "FRIEND 1"],
      ["ref", "x,y"],
      ["page", "2"],
      ["signature", "ignored"],
    ];
    expect(canonicalQuery(new URLSearchParams(pairs))).toBe(
      "body_sha256=ablogged_in_customer_id=page=2path_prefix=/wp-json/retention/v1/proxyref=FRIEND 1,x,yshop=shop_42timestamp=1700000000",
    );
  });

  it("verifies exactly what @shopify/shopify-api's app-proxy verifier accepts", async () => {
    const shopify = shopifyApi({
      apiKey: "k",
      apiSecretKey: SECRET,
      apiVersion: ApiVersion.April25,
      hostName: "app.example",
      isEmbeddedApp: false,
      logger: { level: 0 },
    });
    for (let round = 0; round < 20; round++) {
      const params = new URLSearchParams({
        shop: "s.myshopify.com",
        logged_in_customer_id: String(crypto.randomInt(1000)),
        path_prefix: "/apps/retention",
        timestamp: String(Math.floor(Date.now() / 1000)),
        [`extra${crypto.randomInt(100)}`]: crypto.randomBytes(4).toString("hex"),
      });
      const signed = signQuery(params, SECRET);
      expect(await shopify.utils.validateHmac(signed, { signator: "appProxy" })).toBe(true);
      const now = Math.floor(Date.now() / 1000);
      expect(verifySignedQuery(signed, { secret: SECRET, now, body: { kind: "unsigned" } }).ok).toBe(true);
      signed.set("logged_in_customer_id", "999999");
      expect(await shopify.utils.validateHmac(signed, { signator: "appProxy" })).toBe(false);
      expect(verifySignedQuery(signed, { secret: SECRET, now, body: { kind: "unsigned" } })).toEqual({
        ok: false,
        reason: "bad-signature",
      });
    }
  });
});

describe("verifySignedQuery", () => {
  const signed = (extra: Record<string, string> = {}, body?: string) => {
    const p = new URLSearchParams({ store: "s1", timestamp: String(NOW), request_id: "r1", ...extra });
    if (body !== undefined) p.set("body_sha256", sha256Hex(body));
    return signQuery(p, SECRET);
  };
  const verify = (params: URLSearchParams, raw: string | null = null, now = NOW) =>
    verifySignedQuery(params, { secret: SECRET, now, body: { kind: "signed", raw } });

  it("accepts a fresh, correctly signed query and its body", () => {
    expect(verify(signed({}, '{"a":1}'), '{"a":1}')).toMatchObject({ ok: true, timestamp: NOW });
  });

  it("refuses duplicates before anything else, even when they were signed", () => {
    const p = new URLSearchParams([
      ["store", "s1"],
      ["store", "s2"],
      ["timestamp", String(NOW)],
    ]);
    expect(verify(signQuery(p, SECRET))).toEqual({ ok: false, reason: "duplicate-parameter" });
  });

  it("refuses a timestamp more than 90 s off either way", () => {
    expect(verify(signed(), null, NOW + 90).ok).toBe(true);
    expect(verify(signed(), null, NOW + 91)).toEqual({ ok: false, reason: "stale" });
    expect(verify(signed(), null, NOW - 91)).toEqual({ ok: false, reason: "stale" });
  });

  it("refuses a body without its hash, a hash without a body, and another body", () => {
    expect(verify(signed(), "{}")).toEqual({ ok: false, reason: "body-mismatch" });
    expect(verify(signed({}, "{}"), null)).toEqual({ ok: false, reason: "body-mismatch" });
    expect(verify(signed({}, "{}"), "{ }")).toEqual({ ok: false, reason: "body-mismatch" });
  });

  it("refuses a missing or malformed signature", () => {
    const p = signed();
    p.delete("signature");
    expect(verify(p)).toEqual({ ok: false, reason: "missing-signature" });
    p.set("signature", "ABC");
    expect(verify(p)).toEqual({ ok: false, reason: "missing-signature" });
  });
});

it("the connect proof is hex(hmac_sha256(secret, 'connect-proof:' + nonce))", () => {
  expect(connectProof(SECRET, "n1")).toBe(crypto.createHmac("sha256", SECRET).update("connect-proof:n1").digest("hex"));
});
