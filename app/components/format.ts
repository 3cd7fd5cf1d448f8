// Number formatting shared by the admin pages (the merchant's language decides the format).
import { minorToUnits } from "~/core/money";
import type { Locale } from "~/i18n";

export const numberLocale = (locale: Locale) => (locale === "nl" ? "nl-NL" : "en-GB");

/** An amount in the currency's minor units (cents; yen; fils, a thousandth of a dinar), as the locale writes it. */
export function formatMoney(minor: number | null, currency: string, locale: Locale, digits = 0) {
  if (minor === null) return "—";
  return new Intl.NumberFormat(numberLocale(locale), {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minorToUnits(minor, currency));
}

export const formatCount = (n: number, locale: Locale) => n.toLocaleString(numberLocale(locale));

export const formatPct = (v: number | null, digits = 1) => (v === null ? "—" : `${v.toFixed(digits)}%`);

/** "+12" / "−3" / "0" for a change in a count. */
export const formatDelta = (d: number, locale: Locale) =>
  d > 0 ? `+${formatCount(d, locale)}` : d < 0 ? `−${formatCount(-d, locale)}` : "0";
