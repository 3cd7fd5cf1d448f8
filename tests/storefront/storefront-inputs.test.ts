// Pure parts of the storefront script: input validation, proxy path and language choice.
import { describe, expect, it } from "vitest";
import { pickLanguage } from "../../extensions/retention-theme/src/i18n";
import { createApi } from "../../extensions/retention-theme/src/api";
import {
  MAX_COMMENT_LENGTH,
  safeNonce,
  safeProxyPath,
  validateNps,
} from "../../extensions/retention-theme/src/validate";

describe("storefront input validation", () => {
  it("accepts integer NPS scores 0 through 10 only", () => {
    for (let s = 0; s <= 10; s++) expect(validateNps(s, "")).toBeNull();
    for (const bad of [-1, 11, 7.5, NaN, undefined, "7", null]) expect(validateNps(bad, "")).toBe("score");
  });

  it("accepts a comment of up to 1000 characters and rejects a longer one", () => {
    expect(MAX_COMMENT_LENGTH).toBe(1000);
    expect(validateNps(9, "x".repeat(1000))).toBeNull();
    expect(validateNps(9, "x".repeat(1001))).toBe("comment");
  });

  it("keeps the proxy path on the shop's own origin", () => {
    expect(safeProxyPath("/apps/retention")).toBe("/apps/retention");
    expect(safeProxyPath("/apps/retention/")).toBe("/apps/retention");
    for (const bad of ["https://evil.example", "//evil.example", "javascript:alert(1)", "", undefined])
      expect(safeProxyPath(bad)).toBe("/apps/retention");
  });

  it("accepts the WordPress REST API base as the proxy path, and only a plain token as the REST nonce", () => {
    expect(safeProxyPath("/wp-json/retention/v1/proxy")).toBe("/wp-json/retention/v1/proxy");
    expect(safeNonce("a1b2c3d4e5")).toBe("a1b2c3d4e5");
    for (const bad of ["a1b2\r\nX-Evil: 1", "a b", "", undefined, "x".repeat(65)]) expect(safeNonce(bad)).toBe("");
  });

  it("sends X-WP-Nonce with every call when the page gives a nonce (WordPress), and no such header otherwise (Shopify)", async () => {
    const calls: { url: string; headers: Record<string, string> }[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, headers: init.headers as Record<string, string> });
      return new Response(JSON.stringify({ loggedIn: false }), { headers: { "Content-Type": "application/json" } });
    }) as typeof fetch;
    try {
      const t = pickLanguage("en").t;
      await createApi("/wp-json/retention/v1/proxy", t, "a1b2c3d4e5").me();
      await createApi("/wp-json/retention/v1/proxy", t, "a1b2c3d4e5").nps(9, "");
      await createApi("/apps/retention", t).me();
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(calls.map((c) => c.url)).toEqual([
      "/wp-json/retention/v1/proxy/api/me",
      "/wp-json/retention/v1/proxy/api/nps",
      "/apps/retention/api/me",
    ]);
    expect(calls[0].headers).toEqual({ Accept: "application/json", "X-WP-Nonce": "a1b2c3d4e5" });
    expect(calls[1].headers).toEqual({
      Accept: "application/json",
      "X-WP-Nonce": "a1b2c3d4e5",
      "Content-Type": "application/json",
    });
    expect(calls[2].headers).toEqual({ Accept: "application/json" });
  });

  it("speaks Dutch for nl and nl-BE pages and English otherwise, with the same keys in both", () => {
    expect(pickLanguage("nl").locale).toBe("nl");
    expect(pickLanguage("nl-BE").locale).toBe("nl");
    expect(pickLanguage("en").locale).toBe("en");
    expect(pickLanguage("de").locale).toBe("en");
    expect(pickLanguage("").locale).toBe("en");
    expect(Object.keys(pickLanguage("nl").t).sort()).toEqual(Object.keys(pickLanguage("en").t).sort());
    expect(pickLanguage("nl").fmt(pickLanguage("nl").t.available, 1250)).toBe("1.250 punten beschikbaar");
    expect(pickLanguage("en").fmt(pickLanguage("en").t.available, 1250)).toBe("1,250 points available");
  });
});

describe("referral links on the storefront", async () => {
  const { captureReferral, claimReferral, REFERRAL_KEY } =
    await import("../../extensions/retention-theme/src/referral");
  const { ApiError } = await import("../../extensions/retention-theme/src/api");
  const memory = () => {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
      m,
    };
  };

  it("remembers a well-formed ?ref= code and ignores a malformed one", () => {
    const store = memory();
    captureReferral("?ref=<script>", store);
    expect(store.getItem(REFERRAL_KEY)).toBeNull();
    captureReferral("?utm_source=x&ref=AB12CD34EF", store);
    expect(store.getItem(REFERRAL_KEY)).toBe("AB12CD34EF");
  });

  it("claims the code once the shopper is signed in, shows the friend's code and forgets the referral", async () => {
    const store = memory();
    store.setItem(REFERRAL_KEY, "AB12CD34EF");
    const claims: string[] = [];
    const guest = {
      me: async () => ({ loggedIn: false }),
      referral: async (c: string) => (claims.push(c), { code: "X" }),
    };
    expect(await claimReferral(guest, store)).toBeNull();
    expect(claims).toEqual([]); // a guest claims nothing yet
    const member = {
      me: async () => ({ loggedIn: true }),
      referral: async (c: string) => (claims.push(c), { code: "FRIEND-10" }),
    };
    expect(await claimReferral(member, store)).toBe("FRIEND-10");
    expect(claims).toEqual(["AB12CD34EF"]);
    expect(store.getItem(REFERRAL_KEY)).toBeNull();
  });

  it("forgets a code the shop refuses (self-referral) but keeps it when the shop cannot be reached", async () => {
    const store = memory();
    store.setItem(REFERRAL_KEY, "AB12CD34EF");
    const offline = {
      me: async () => ({ loggedIn: true }),
      referral: async () => {
        throw new ApiError("offline", true);
      },
    };
    expect(await claimReferral(offline, store)).toBeNull();
    expect(store.getItem(REFERRAL_KEY)).toBe("AB12CD34EF");
    const refused = {
      me: async () => ({ loggedIn: true }),
      referral: async () => {
        throw new ApiError("You cannot use your own referral link.");
      },
    };
    expect(await claimReferral(refused, store)).toBeNull();
    expect(store.getItem(REFERRAL_KEY)).toBeNull();
  });
});
