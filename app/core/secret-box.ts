// Secrets at rest (a WooCommerce store's REST API keys): AES-256-GCM with a fresh 96-bit IV per
// value and a context string as additional authenticated data, so a sealed value only opens for
// the row and column it was written to (copying one shop's secret into another row fails).
// The key is derived with HKDF-SHA256 from the app's key material; pure: no env, no I/O.
//
// Sealed format: "v1.<iv>.<tag>.<ciphertext>", each part base64url.
import crypto from "node:crypto";

const VERSION = "v1";
const SALT = "retention-app/secret-box/v1";

/** A derived 256-bit key; opaque outside this module. */
export interface SecretKey {
  readonly bytes: Buffer;
}

export class SecretBoxError extends Error {
  readonly code = "SECRET_BOX";
}

/**
 * The AES key for `purpose`, derived (HKDF-SHA256) from the app's key material. HKDF adds no
 * strength: the material must be a random secret (env.server.ts asks 32+ characters of
 * APP_ENCRYPTION_KEY; the SHOPIFY_API_SECRET fallback is one).
 */
export function deriveSecretKey(material: string, purpose = "credentials"): SecretKey {
  if (!material) throw new SecretBoxError("key material is empty");
  return { bytes: Buffer.from(crypto.hkdfSync("sha256", material, SALT, purpose, 32)) };
}

export function seal(key: SecretKey, plaintext: string, context: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key.bytes, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** The plaintext; throws SecretBoxError when the value was altered, sealed under another key or for another context. */
export function open(key: SecretKey, sealed: string, context: string): string {
  const parts = sealed.split(".");
  if (parts.length !== 4 || parts[0] !== VERSION)
    throw new SecretBoxError("not a sealed value (expected v1.<iv>.<tag>.<ciphertext>)");
  const [iv, tag, ciphertext] = parts.slice(1).map((p) => Buffer.from(p, "base64url"));
  if (iv.length !== 12 || tag.length !== 16) throw new SecretBoxError("sealed value is truncated");
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", key.bytes, iv);
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SecretBoxError("sealed value does not open: altered, or sealed under another key or for another record");
  }
}
