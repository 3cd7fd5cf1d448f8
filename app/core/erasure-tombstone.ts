// Erasure tombstones: what is kept of an erased person so a later sync cannot bring them back,
// without keeping who they were. An HMAC-SHA256 under the app's own key (not a bare hash: an
// e-mail address is guessable, so a plain SHA-256 could be reversed from a list of addresses).
// Pure: the key is handed in (app/crypto/app-key.server.ts derives it).
import crypto from "node:crypto";
import type { SecretKey } from "./secret-box";
import { normalizeEmail } from "./records";

/** The key purpose for tombstones: a key of its own, never the one that seals credentials. */
export const TOMBSTONE_KEY_PURPOSE = "erasure-tombstones";

const mac = (key: SecretKey, text: string) =>
  crypto.createHmac("sha256", key.bytes).update(text, "utf8").digest("base64url");

/** The tombstone of an e-mail address (normalised first: case and surrounding spaces do not count), or null. */
export function emailTombstone(key: SecretKey, email: string | null | undefined): string | null {
  const e = normalizeEmail(email);
  return e ? `e:${mac(key, e)}` : null;
}

/** The tombstone of a platform customer id, or null. */
export function customerTombstone(key: SecretKey, customerId: string | null | undefined): string | null {
  return customerId ? `c:${mac(key, customerId)}` : null;
}

/** The tombstones a record with this customer id and e-mail matches. */
export function tombstonesOf(key: SecretKey, ref: { customerId?: string | null; email?: string | null }): string[] {
  return [customerTombstone(key, ref.customerId), emailTombstone(key, ref.email)].filter((t): t is string => !!t);
}
