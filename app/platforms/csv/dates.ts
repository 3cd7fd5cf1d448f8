// Timestamps as exports write them. Shopify writes the shop's offset with every time
// ("2025-05-11 09:55:16 -0400"); WooCommerce export plugins write wall-clock time without a
// zone ("16-05-2018 07:32:06"), which is the WordPress site's local time: read in the
// shop's time zone. Anything that is not a real calendar moment is refused (null).
// A file re-saved by a spreadsheet writes dates its locale's way ("11-5-2025 9:55:16" in Dutch
// Excel, without Shopify's offset); whether day or month comes first is decided per file
// (./dialect.ts) and handed in, never guessed per value.
import { LocalCalendar } from "~/core/calendar";
import { DAY_MONTH_YEAR, type DateOrder } from "./dialect";

const MINUTE = 60_000;

/** Date.UTC of the parts, or NaN unless they name a real calendar date and time. */
function wallClock(y: string, mo: string, d: string, h: string, mi: string, s: string | undefined): number {
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s ?? "0"].map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return NaN;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  return new Date(ms).getUTCDate() === day ? ms : NaN; // 31-02 rolls over to March: not a date
}

function offsetMs(zone: string): number {
  if (zone === "Z" || zone.toUpperCase() === "UTC") return 0;
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
  return (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE;
}

const ZONE = String.raw`(Z|UTC|[+-]\d{2}:?\d{2})`;
const YMD = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*${ZONE}?$`, "i");

/** "2025-05-11 09:55:16 -0400", "2025-05-11T09:55:16+02:00", "... Z": an instant. No offset: null. */
export function parseTimestampWithOffset(text: string): Date | null {
  const m = YMD.exec(text.trim());
  if (!m || !m[7]) return null;
  const wall = wallClock(m[1], m[2], m[3], m[4], m[5], m[6]);
  return Number.isNaN(wall) ? null : new Date(wall - offsetMs(m[7]));
}

/** Wall-clock time in `calendar`'s zone to the instant (a time skipped by a DST change moves on by the change). */
export function localToInstant(wallMs: number, calendar: LocalCalendar): Date {
  const guess = wallMs - calendar.offset(wallMs);
  return new Date(wallMs - calendar.offset(guess));
}

/**
 * Year, month, day, hour, minute, second, zone of "16-05-2018 07:32:06" read in `order`
 * (null: as the exporters write it, day first with dashes only), or of "2018-05-16 07:32:06".
 */
function dateParts(text: string, order: DateOrder | null): (string | undefined)[] | null {
  const t = text.trim();
  const d = DAY_MONTH_YEAR.exec(t);
  if (d) {
    if (d[5] === undefined) return null; // a date without its time: not the moment of an order
    if (order === null && d[2] !== "-") return null;
    const [day, month] = order === "mdy" ? [d[3], d[1]] : [d[1], d[3]];
    return [d[0], d[4], month, day, d[5], d[6], d[7], d[8]];
  }
  return YMD.exec(t);
}

/**
 * "16-05-2018 07:32:06" (day first, as WebToffee's exporter writes it; with `order` set, any
 * d-m-yyyy, d/m/yyyy or d.m.yyyy read that way) or "2018-05-16 07:32:06", in the shop's zone;
 * with an explicit offset the offset wins. Null when not a date.
 */
export function parseLocalTimestamp(
  text: string,
  calendar: LocalCalendar,
  order: DateOrder | null = null,
): Date | null {
  const m = dateParts(text, order);
  if (!m) return null;
  const wall = wallClock(m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]);
  if (Number.isNaN(wall)) return null;
  return m[7] ? new Date(wall - offsetMs(m[7])) : localToInstant(wall, calendar);
}

/** "2019-06-19 12:13:48" as UTC (or with its own offset). Null when not a date. */
export function parseUtcTimestamp(text: string): Date | null {
  const m = YMD.exec(text.trim());
  if (!m) return null;
  const wall = wallClock(m[1], m[2], m[3], m[4], m[5], m[6]);
  return Number.isNaN(wall) ? null : new Date(wall - (m[7] ? offsetMs(m[7]) : 0));
}

/** The latest of some moments (nulls ignored). */
export function latest(...dates: (Date | null | undefined)[]): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d.getTime() > best.getTime())) best = d;
  return best;
}
