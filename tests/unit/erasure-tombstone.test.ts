import { describe, expect, it } from "vitest";
import { customerTombstone, emailTombstone, tombstonesOf } from "~/core/erasure-tombstone";
import { deriveSecretKey } from "~/core/secret-box";

const key = deriveSecretKey("x".repeat(32), "erasure-tombstones");

describe("erasure tombstones", () => {
  it("an e-mail's tombstone ignores case and surrounding spaces, and differs for another address", () => {
    const t = emailTombstone(key, "ann@example.com");
    expect(emailTombstone(key, "  Ann@Example.COM \n")).toBe(t);
    expect(emailTombstone(key, "anne@example.com")).not.toBe(t);
  });

  it("is a keyed HMAC-SHA256 holding no plain text: another key gives another value", () => {
    const t = emailTombstone(key, "ann@example.com")!;
    expect(t).toMatch(/^e:[A-Za-z0-9_-]{43}$/);
    expect(t).not.toContain("ann");
    const other = deriveSecretKey("y".repeat(32), "erasure-tombstones");
    expect(emailTombstone(other, "ann@example.com")).not.toBe(t);
    // The purpose matters too: the credentials key of the same material does not give it.
    expect(emailTombstone(deriveSecretKey("x".repeat(32)), "ann@example.com")).not.toBe(t);
  });

  it("a customer id and an e-mail with the same text get different tombstones; empty values none", () => {
    expect(customerTombstone(key, "42")).toMatch(/^c:/);
    expect(customerTombstone(key, "42")!.slice(2)).toBe(emailTombstone(key, "42")!.slice(2));
    expect(customerTombstone(key, "42")).not.toBe(emailTombstone(key, "42"));
    expect(tombstonesOf(key, { customerId: null, email: "   " })).toEqual([]);
    expect(tombstonesOf(key, { customerId: "42", email: "A@b.c" })).toEqual([
      customerTombstone(key, "42"),
      emailTombstone(key, "a@b.c"),
    ]);
  });
});
