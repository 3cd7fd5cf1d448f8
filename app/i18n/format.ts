// The one set of number, percentage, money and date formatters of the admin pages and the storefront API:
// Intl for the merchant's language, so a Dutch page reads "35,1%", "9.302", "€ 1.234,56" and "2 dec 2026".
import { minorToUnits } from "~/core/money";
import { intlLocale, type Locale } from "./locale";

const NONE = "—";

/** A number; `digits` fixes the decimals ("4,67"), else up to 3 as needed. */
export function formatNumber(n: number, locale: Locale, digits?: number) {
  return new Intl.NumberFormat(
    intlLocale(locale),
    digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits },
  ).format(n);
}

/** The locale's decimal separator: "," (nl), "." (en), for form fields that hold a decimal. */
export const decimalSeparator = (locale: Locale) =>
  (new Intl.NumberFormat(intlLocale(locale)).formatToParts(1.5).find((p) => p.type === "decimal")?.value ?? ".") as
    "." | ",";

/** A count of things: "9.302" (nl), "9,302" (en). */
export const formatCount = (n: number, locale: Locale) => formatNumber(Math.round(n), locale);

/** A percentage given in points (35.1 for 35.1%): "35,1%" (nl), "35.1%" (en); "—" when there is none. */
export function formatPct(points: number | null | undefined, locale: Locale, digits = 1) {
  if (points === null || points === undefined) return NONE;
  return new Intl.NumberFormat(intlLocale(locale), {
    style: "percent",
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(points / 100);
}

/** An amount in the currency's minor units (cents; yen; fils, a thousandth of a dinar), as the locale writes it. */
export function formatMoney(minor: number | null, currency: string, locale: Locale, digits = 0) {
  if (minor === null) return NONE;
  return new Intl.NumberFormat(intlLocale(locale), {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minorToUnits(minor, currency));
}

/** "+12" / "−3" / "0" for a change in a count. */
export const formatDelta = (d: number, locale: Locale) =>
  d > 0 ? `+${formatCount(d, locale)}` : d < 0 ? `−${formatCount(-d, locale)}` : "0";

/**
 * A calendar day: "2 dec 2026" (nl), "2 Dec 2026" (en). A "YYYY-MM-DD" string is that day wherever the server runs;
 * a Date (or an ISO timestamp) is read in `timeZone` (the shop's), UTC if none is given.
 */
export function formatDate(day: string | Date, locale: Locale, timeZone = "UTC") {
  const isDay = typeof day === "string" && /^\d{4}-\d{2}-\d{2}$/.test(day);
  const date = isDay ? new Date(`${day}T00:00:00Z`) : new Date(day);
  if (Number.isNaN(date.getTime())) return String(day);
  return new Intl.DateTimeFormat(intlLocale(locale), {
    dateStyle: "medium",
    timeZone: isDay ? "UTC" : timeZone,
  }).format(date);
}

/** A moment: "2 dec 2026, 10:46" (nl), in `timeZone` (the shop's), UTC if none is given. */
export function formatDateTime(at: string | Date, locale: Locale, timeZone = "UTC") {
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return String(at);
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: "medium", timeStyle: "short", timeZone }).format(
    date,
  );
}

/** A month of a cohort ("2026-03"): "mrt 2026" (nl), "Mar 2026" (en). */
export function formatMonth(month: string, locale: Locale) {
  const date = new Date(`${month.slice(0, 7)}-01T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return month;
  return new Intl.DateTimeFormat(intlLocale(locale), { month: "short", year: "numeric", timeZone: "UTC" }).format(date);
}
