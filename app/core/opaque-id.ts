// Opaque ids for URLs: a value (a customer's key, which for a guest is their e-mail address)
// encrypted so the address bar, the browser history and proxy logs never show it, yet the
// same value always gives the same id (a bookmark keeps working). AES-256-GCM with a
// synthetic IV: the IV is an HMAC of the value, so equal values give equal ids and reveal
// only that they are equal. Pure: the keys are handed in.
import crypto from "node:crypto";

const PREFIX = "k1";

export interface OpaqueIdKeys {
  readonly encryption: Buffer; // 32 bytes
  readonly iv: Buffer; // HMAC key for the synthetic IV
}

export function deriveOpaqueIdKeys(material: string, purpose: string): OpaqueIdKeys {
  if (!material) throw new Error("key material is empty");
  const okm = Buffer.from(crypto.hkdfSync("sha256", material, "retention-app/opaque-id/v1", purpose, 64));
  return { encryption: okm.subarray(0, 32), iv: okm.subarray(32) };
}

/** "k1" + base64url(iv | tag | ciphertext): URL-safe, no dots or slashes. */
export function toOpaqueId(keys: OpaqueIdKeys, value: string): string {
  const iv = crypto.createHmac("sha256", keys.iv).update(value, "utf8").digest().subarray(0, 12);
  const cipher = crypto.createCipheriv("aes-256-gcm", keys.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(value, "utf8"), cipher.final()]);
  return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64url");
}

/** The value, or null for anything that is not an id these keys made (altered, foreign, truncated). */
export function fromOpaqueId(keys: OpaqueIdKeys, id: string): string | null {
  if (!id.startsWith(PREFIX) || !/^[A-Za-z0-9_-]+$/.test(id.slice(PREFIX.length))) return null;
  const bytes = Buffer.from(id.slice(PREFIX.length), "base64url");
  if (bytes.length < 28) return null;
  try {
    const decipher = crypto.createDecipheriv("aes-256-gcm", keys.encryption, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(12, 28));
    return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
