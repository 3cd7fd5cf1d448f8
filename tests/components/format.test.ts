// Money on the admin pages is stored in the currency's minor units: cents for EUR, whole yen for
// JPY (0 decimals), fils for KWD (3 decimals). Dividing by 100 everywhere showed a JPY shop's
// figures 100 times too small and a KWD shop's 10 times too large.
import { describe, expect, it } from "vitest";
import { formatMoney } from "~/components/format";
import { minorToUnits } from "~/core/money";

// Intl separates code and amount with a no-break space; compare with plain spaces.
const money = (...args: Parameters<typeof formatMoney>) => formatMoney(...args).replace(/[\u00a0\u202f]/g, " ");

describe("formatMoney", () => {
  it("shows 12,345 minor units of a 0-decimal currency (JPY) as JP¥12,345 (en-GB)", () => {
    expect(money(12_345, "JPY", "en")).toBe("JP¥12,345");
    expect(minorToUnits(12_345, "JPY")).toBe(12_345);
  });

  it("shows 12,345 minor units of a 3-decimal currency (KWD) as 12.345 dinars", () => {
    expect(money(12_345, "KWD", "en", 3)).toBe("KWD 12.345");
    expect(money(12_345, "KWD", "en")).toBe("KWD 12");
  });

  it("shows 12,345 cents (EUR) as €123 in English and € 123 in Dutch", () => {
    expect(money(12_345, "EUR", "en")).toBe("€123");
    expect(money(12_345, "EUR", "nl")).toBe("€ 123");
    expect(money(12_345, "EUR", "en", 2)).toBe("€123.45");
  });
});
