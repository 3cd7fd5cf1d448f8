// Signed query strings in Shopify's app-proxy scheme, shared by the two front doors that use it:
// Shopify's app proxy (signed with the app's API secret) and the WordPress plugin's requests
// (signed with the store's plugin secret: its proxy for the storefront and its server-to-server
// calls, see the protocol notes). Pure: no clock of its own, no database (replay is the
// caller's, as the seen signatures live in the database).
//
// Canonical string: every query parameter except `signature`, as key=value, sorted by key with
// localeCompare (as @shopify/shopify-api does), concatenated with no separator; signature =
// hex(hmac_sha256(secret, canonical)). Shopify's own verifier joins the values of a repeated
// key with ",", so `?logged_in_customer_id=7` added by a shopper in front of the one the proxy
// appends would verify as "7," and a reader taking the first value would see 7: here any
// parameter given twice is refused before anything else.
import crypto from "node:crypto";

/** Seconds a timestamp may be off, as Shopify's verifier allows. */
export const TIMESTAMP_TOLERANCE_SECONDS = 90;

export type SignedQueryFailure =
  | "duplicate-parameter" // any parameter given twice
  | "missing-signature"
  | "stale" // timestamp missing, not an integer, or more than 90 s off
  | "bad-signature"
  | "body-mismatch"; // body_sha256 missing for a body, present without one, or different

export type SignedQueryResult =
  | { ok: true; params: Record<string, string>; signature: string; timestamp: number }
  | { ok: false; reason: SignedQueryFailure };

export function canonicalQuery(params: URLSearchParams): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of params) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  return [...grouped.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .join("");
}

export function hmacHex(secret: string, data: string): string {
  return crypto.createHmac("sha256", secret).update(data).digest("hex");
}

export const sha256Hex = (data: string) => crypto.createHash("sha256").update(data).digest("hex");

/** Constant-time equality of two strings (their lengths are no secret). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export interface SignedQueryOptions {
  secret: string;
  /** Unix seconds. */
  now: number;
  /**
   * "signed": the raw body (null for none) must match a signed body_sha256, as the plugin sends
   * it. "unsigned": Shopify's proxy does not sign bodies; body_sha256 is then only a parameter.
   */
  body: { kind: "signed"; raw: string | null } | { kind: "unsigned" };
}

/**
 * Verifies a signed query. The order of the checks leaks least: duplicates and timestamp, then
 * the signature, then the body. Replay (a signature seen before) is the caller's next step, and
 * only for a request that verified, so forged requests cannot fill the store of seen signatures.
 */
export function verifySignedQuery(params: URLSearchParams, opts: SignedQueryOptions): SignedQueryResult {
  const keys = [...params.keys()];
  if (new Set(keys).size !== keys.length) return { ok: false, reason: "duplicate-parameter" };
  const signature = params.get("signature");
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: "missing-signature" };
  const timestamp = params.get("timestamp") ?? "";
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(opts.now - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS)
    return { ok: false, reason: "stale" };
  if (!opts.secret || !safeEqual(signature, hmacHex(opts.secret, canonicalQuery(params))))
    return { ok: false, reason: "bad-signature" };
  if (opts.body.kind === "signed") {
    const raw = opts.body.raw;
    const bodyHash = params.get("body_sha256");
    if ((raw !== null) !== (bodyHash !== null)) return { ok: false, reason: "body-mismatch" };
    if (raw !== null && !safeEqual(bodyHash!, sha256Hex(raw))) return { ok: false, reason: "body-mismatch" };
  }
  return { ok: true, params: Object.fromEntries(params), signature, timestamp: Number(timestamp) };
}

/** Signs parameters as the plugin and Shopify's proxy do (tests and fakes sign with it too). */
export function signQuery(params: URLSearchParams, secret: string): URLSearchParams {
  const signed = new URLSearchParams(params);
  signed.delete("signature");
  signed.set("signature", hmacHex(secret, canonicalQuery(signed)));
  return signed;
}

/** C2 of the plugin protocol: what the store must answer for a connect nonce (the prefix keeps it from ever equalling a request signature). */
export function connectProof(secret: string, nonce: string): string {
  return hmacHex(secret, `connect-proof:${nonce}`);
}
