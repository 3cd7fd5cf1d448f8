// Money on the admin pages is stored in the currency's minor units: cents for EUR, whole yen for
// JPY (0 decimals), fils for KWD (3 decimals). Dividing by 100 everywhere showed a JPY shop's
// figures 100 times too small and a KWD shop's 10 times too large.
import { describe, expect, it } from "vitest";
import {
  formatCount,
  formatDate,
  formatDateTime,
  formatMoney,
  formatMonth,
  formatNumber,
  formatPct,
} from "~/components/format";
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

// The figures issue #16 found mixed on Dutch pages ("35.1%" and "4.67" beside "9.302"), written by Intl for nl-NL.
describe("numbers, percentages and dates in the merchant's language", () => {
  it("writes 35.1% as 35,1% in Dutch and 35.1% in English", () => {
    expect(formatPct(35.14, "nl")).toBe("35,1%");
    expect(formatPct(35.14, "en")).toBe("35.1%");
    expect(formatPct(7, "nl", 0)).toBe("7%");
    expect(formatPct(null, "nl")).toBe("—");
  });

  it("writes 9302 customers as 9.302 in Dutch and 9,302 in English, and 4.67 orders as 4,67 in Dutch", () => {
    expect(formatCount(9302, "nl")).toBe("9.302");
    expect(formatCount(9302, "en")).toBe("9,302");
    expect(formatNumber(4.666, "nl", 2)).toBe("4,67");
    expect(formatNumber(4.666, "en", 2)).toBe("4.67");
  });

  it("writes 123,456 cents as € 1.234,56 in Dutch", () => {
    expect(money(123_456, "EUR", "nl", 2)).toBe("€ 1.234,56");
  });

  it("writes the calendar day 2026-12-02 as 2 dec 2026 in Dutch and 2 Dec 2026 in English, whatever the server's zone", () => {
    // CLDR dropped the period after Dutch month abbreviations ("2 dec. 2026") in version 42; either is Intl's answer.
    expect(formatDate("2026-12-02", "nl")).toMatch(/^2 dec\.? 2026$/);
    expect(formatDate("2026-12-02", "en")).toBe("2 Dec 2026");
    // 23:30 UTC on 1 December is already 2 December in Amsterdam.
    expect(formatDate(new Date("2026-12-01T23:30:00Z"), "nl", "Europe/Amsterdam")).toMatch(/^2 dec\.? 2026$/);
    expect(formatDateTime("2026-12-02T10:46:00Z", "nl", "Europe/Amsterdam")).toMatch(/^2 dec\.? 2026.* 11:46$/);
    expect(formatMonth("2026-03", "nl")).toMatch(/^mrt\.? 2026$/);
  });
});
