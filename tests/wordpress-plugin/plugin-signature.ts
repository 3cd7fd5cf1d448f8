// Reference implementation of the app's side of the WordPress plugin protocol (v1): verifying
// signed server-to-server requests (S) and proxied storefront requests (P), the connect proof
// (C2) and the dashboard sign-in token (O). Pure functions over node:crypto, no framework, so the
// lead can move this file into the app as is; the tests in this folder check it against the
// plugin running in a real WordPress and against @shopify/shopify-api's own app-proxy verifier.
//
// Canonical string (Shopify's app-proxy scheme): every query parameter except `signature`, as
// key=value, values of a repeated key joined with ",", sorted by key, concatenated with no
// separator; signature = hex(hmac_sha256(plugin_secret, canonical)). Shopify's library sorts
// with localeCompare and the plugin in byte order; the two agree on every key the plugin sends
// (its own fixed names, and shopper parameters only when named with lower-case letters).
// One addition to the protocol: the plugin signs a random `request_id` into every request, so
// that two identical requests in the same second do not look like a replay.
import crypto from "node:crypto";

/** Seconds a timestamp may be off, as Shopify's verifier allows. */
export const TIMESTAMP_TOLERANCE_SECONDS = 90;

export type VerifyFailure =
  | "duplicate-parameter" // any parameter given twice
  | "missing-signature"
  | "stale" // timestamp missing, not an integer, or more than 90 s off
  | "bad-signature"
  | "body-mismatch" // body_sha256 missing for a body, present without one, or different
  | "replay"; // a signature already accepted within the window

export type VerifyResult = { ok: true; params: Record<string, string> } | { ok: false; reason: VerifyFailure };

/** Signatures seen within the tolerance window; the app would keep this in Redis or the database. */
export class ReplayGuard {
  private readonly seen = new Map<string, number>();

  /** True when the signature is new (and remembers it until it could no longer verify anyway). */
  claim(signature: string, nowSeconds: number): boolean {
    for (const [sig, expires] of this.seen) if (expires < nowSeconds) this.seen.delete(sig);
    if (this.seen.has(signature)) return false;
    this.seen.set(signature, nowSeconds + 2 * TIMESTAMP_TOLERANCE_SECONDS);
    return true;
  }
}

/** The canonical string, exactly as @shopify/shopify-api builds it for an app proxy. */
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

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

export interface VerifyOptions {
  /** The store's plugin secret (64 hex characters, used as the HMAC key as is). */
  secret: string;
  /** The raw request body for a POST, null or undefined for none. */
  body?: string | null;
  /** Unix seconds; defaults to now. */
  now?: number;
  /** Refuses a signature seen before; leave out only where replay is checked elsewhere. */
  replay?: ReplayGuard;
}

/**
 * Verifies a signed plugin request (S or P) from its URL and body. Checks in the order that
 * leaks least: duplicates and timestamp, then the signature, then the body, then replay (only a
 * valid signature is remembered, so forged requests cannot fill the replay store).
 */
export function verifyPluginRequest(url: URL, opts: VerifyOptions): VerifyResult {
  const params = url.searchParams;
  const keys = [...params.keys()];
  if (new Set(keys).size !== keys.length) return { ok: false, reason: "duplicate-parameter" };
  const signature = params.get("signature");
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: "missing-signature" };
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const timestamp = params.get("timestamp") ?? "";
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS)
    return { ok: false, reason: "stale" };
  if (!safeEqual(signature, hmacHex(opts.secret, canonicalQuery(params))))
    return { ok: false, reason: "bad-signature" };
  const hasBody = opts.body !== null && opts.body !== undefined;
  const bodyHash = params.get("body_sha256");
  if (hasBody !== (bodyHash !== null)) return { ok: false, reason: "body-mismatch" };
  if (hasBody && !safeEqual(bodyHash!, crypto.createHash("sha256").update(opts.body!).digest("hex")))
    return { ok: false, reason: "body-mismatch" };
  if (opts.replay && !opts.replay.claim(signature, now)) return { ok: false, reason: "replay" };
  return { ok: true, params: Object.fromEntries(params) };
}

/** C2: the proof the store must answer for a connect nonce. */
export function connectProof(secret: string, nonce: string): string {
  return hmacHex(secret, `connect-proof:${nonce}`);
}

export interface DashboardClaims {
  v: 1;
  shop: string;
  wp_user_id: number;
  wp_user_email: string;
  iat: number;
  exp: number;
  jti: string;
}

export type TokenFailure = "malformed" | "bad-signature" | "expired" | "not-yet-valid" | "reused" | "wrong-shop";

/** jti values already used, kept until their token would have expired anyway. */
export class UsedTokenIds {
  private readonly used = new Map<string, number>();

  claim(jti: string, exp: number, nowSeconds: number): boolean {
    for (const [id, until] of this.used) if (until < nowSeconds) this.used.delete(id);
    if (this.used.has(jti)) return false;
    this.used.set(jti, exp);
    return true;
  }
}

/**
 * O: verifies base64url(json) "." base64url(hmac_sha256(secret, base64url(json))): signature,
 * version, shop, expiry (60 s lifetime; 5 s of clock skew allowed on iat), then the jti once.
 */
export function verifyDashboardToken(
  token: string,
  opts: { secret: string; shop?: string; now?: number; used: UsedTokenIds },
): { ok: true; claims: DashboardClaims } | { ok: false; reason: TokenFailure } {
  const match = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const [, payload, mac] = match;
  const expected = crypto.createHmac("sha256", opts.secret).update(payload).digest("base64url");
  if (!safeEqual(mac, expected)) return { ok: false, reason: "bad-signature" };
  let claims: DashboardClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (
    claims?.v !== 1 ||
    typeof claims.shop !== "string" ||
    !Number.isInteger(claims.wp_user_id) ||
    !Number.isInteger(claims.iat) ||
    !Number.isInteger(claims.exp) ||
    typeof claims.jti !== "string" ||
    claims.exp - claims.iat > 300
  )
    return { ok: false, reason: "malformed" };
  if (opts.shop !== undefined && claims.shop !== opts.shop) return { ok: false, reason: "wrong-shop" };
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (now >= claims.exp) return { ok: false, reason: "expired" };
  if (claims.iat > now + 5) return { ok: false, reason: "not-yet-valid" };
  if (!opts.used.claim(claims.jti, claims.exp, now)) return { ok: false, reason: "reused" };
  return { ok: true, claims };
}

/** Signs parameters the way the plugin does (for tests and for the app's own test fakes). */
export function signParams(params: URLSearchParams, secret: string): URLSearchParams {
  const signed = new URLSearchParams(params);
  signed.delete("signature");
  signed.set("signature", hmacHex(secret, canonicalQuery(signed)));
  return signed;
}
