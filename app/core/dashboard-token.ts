// The WordPress plugin's "Open dashboard" sign-in token (protocol v1, "O"; built by
// Retention_Signer::dashboard_token in extensions/retention-woocommerce):
//   base64url(json) "." base64url(hmac_sha256(plugin_secret, base64url(json)))
// with claims { v: 1, shop, wp_user_id, wp_user_email, iat, exp, jti }, valid 60 s. The plugin
// mints one only for a WordPress user who can manage WooCommerce. Pure: the caller finds the
// store's secret from the unverified `shop` claim (readUnverifiedShop), passes the clock, and
// makes the token single-use (its MAC is remembered like a request signature).
import crypto from "node:crypto";
import { z } from "zod";
import { safeEqual } from "./signed-query";

/** Longest lifetime accepted (the plugin issues 60 s); a longer-lived token is refused as malformed. */
export const MAX_TOKEN_LIFETIME_SECONDS = 300;
/** Clock skew allowed between WordPress and the app for `iat`. */
export const CLOCK_SKEW_SECONDS = 5;

const claimsSchema = z.object({
  v: z.literal(1),
  shop: z.string().min(1).max(255),
  wp_user_id: z.number().int().positive(),
  wp_user_email: z.string().max(320),
  iat: z.number().int(),
  exp: z.number().int(),
  jti: z.string().regex(/^[0-9a-f]{16,64}$/),
});

export type DashboardClaims = z.infer<typeof claimsSchema>;

export type DashboardTokenFailure = "malformed" | "bad-signature" | "expired" | "not-yet-valid" | "wrong-shop";

const TOKEN = /^([A-Za-z0-9_-]{1,4096})\.([A-Za-z0-9_-]{43})$/;

function decodeClaims(payload: string): DashboardClaims | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    return null;
  }
  const parsed = claimsSchema.safeParse(raw);
  if (!parsed.success) return null;
  const c = parsed.data;
  return c.exp > c.iat && c.exp - c.iat <= MAX_TOKEN_LIFETIME_SECONDS ? c : null;
}

/** The `shop` the token claims, before any check: only to find whose secret verifies it. */
export function readUnverifiedShop(token: string): string | null {
  const match = TOKEN.exec(token);
  return match ? (decodeClaims(match[1]!)?.shop ?? null) : null;
}

/**
 * Verifies signature, shape, shop and time. `mac` (the token's signature) is what the caller
 * remembers to refuse the same token twice.
 */
export function verifyDashboardToken(
  token: string,
  opts: { secret: string; shop: string; now: number },
): { ok: true; claims: DashboardClaims; mac: string } | { ok: false; reason: DashboardTokenFailure } {
  const match = TOKEN.exec(token);
  if (!match) return { ok: false, reason: "malformed" };
  const [, payload, mac] = match as unknown as [string, string, string];
  const expected = crypto.createHmac("sha256", opts.secret).update(payload).digest("base64url");
  if (!opts.secret || !safeEqual(mac, expected)) return { ok: false, reason: "bad-signature" };
  const claims = decodeClaims(payload);
  if (!claims) return { ok: false, reason: "malformed" };
  if (claims.shop !== opts.shop) return { ok: false, reason: "wrong-shop" };
  if (opts.now >= claims.exp) return { ok: false, reason: "expired" };
  if (claims.iat > opts.now + CLOCK_SKEW_SECONDS) return { ok: false, reason: "not-yet-valid" };
  return { ok: true, claims, mac };
}

/** Mints a token as the plugin does (tests and the app's fakes). */
export function signDashboardToken(claims: DashboardClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims), "utf8").toString("base64url");
  return `${payload}.${crypto.createHmac("sha256", secret).update(payload).digest("base64url")}`;
}
