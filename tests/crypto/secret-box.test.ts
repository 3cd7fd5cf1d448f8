import { describe, expect, it } from "vitest";
import { deriveSecretKey, open, seal, SecretBoxError } from "~/core/secret-box";

const key = deriveSecretKey("an app encryption key of some length");

describe("secret box (AES-256-GCM)", () => {
  it("opens what it sealed, and the sealed text does not contain the secret", () => {
    const sealed = seal(key, "cs_0123456789abcdef", "row-1:consumerSecret");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("0123456789abcdef");
    expect(open(key, sealed, "row-1:consumerSecret")).toBe("cs_0123456789abcdef");
  });

  it("seals the same secret differently each time (fresh IV)", () => {
    expect(seal(key, "same", "c")).not.toBe(seal(key, "same", "c"));
  });

  it("refuses a tampered ciphertext", () => {
    const [v, iv, tag, ct] = seal(key, "cs_secret", "c").split(".");
    const bytes = Buffer.from(ct, "base64url");
    bytes[0] ^= 1;
    expect(() => open(key, [v, iv, tag, bytes.toString("base64url")].join("."), "c")).toThrow(SecretBoxError);
  });

  it("refuses a value sealed under another key", () => {
    const other = deriveSecretKey("another app encryption key here");
    expect(() => open(other, seal(key, "cs_secret", "c"), "c")).toThrow(/does not open/);
  });

  it("refuses a value moved to another record (context is authenticated)", () => {
    expect(() => open(key, seal(key, "cs_secret", "shop-a:consumerSecret"), "shop-b:consumerSecret")).toThrow(
      SecretBoxError,
    );
  });

  it("refuses text that is not a sealed value, and empty key material", () => {
    expect(() => open(key, "cs_plaintext", "c")).toThrow(/not a sealed value/);
    expect(() => deriveSecretKey("")).toThrow(SecretBoxError);
  });
});
