// Calendar days in the shop's time zone. Every timestamp becomes a local day number (days
// since 1970-01-01 on the shop's calendar), computed once; periods, cohorts and
// "N days after the last order" all work on these integers. Offsets are looked up per
// UTC hour and checked at both ends of the hour, so DST changes are exact.
/** A time zone or date the calendar cannot read (the shop's settings, or a malformed date). */
export class CalendarInputError extends RangeError {
  readonly code = "INVALID_INPUT";
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

export class LocalCalendar {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new Map<number, number>(); // UTC hour -> offset ms (NaN: changes within the hour)

  constructor(readonly timeZone: string) {
    try {
      this.format = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new CalendarInputError(`unknown time zone "${timeZone}"`);
    }
  }

  private exactOffset(ms: number): number {
    const p: Record<string, number> = {};
    for (const part of this.format.formatToParts(new Date(ms)))
      if (part.type !== "literal") p[part.type] = Number(part.value);
    const local = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    return local - Math.floor(ms / 1000) * 1000;
  }

  // The last hour asked for: orders read in time order fall in the same hour many times in a row.
  private lastHour = NaN;
  private lastOffset = 0;

  offset(ms: number): number {
    const hour = Math.floor(ms / HOUR);
    if (hour === this.lastHour) return this.lastOffset;
    const o = this.hourOffset(hour, ms);
    if (Number.isNaN(o)) return this.exactOffset(ms);
    this.lastHour = hour;
    this.lastOffset = o;
    return o;
  }

  /** The offset throughout the UTC hour, NaN when it changes within it. */
  private hourOffset(hour: number, ms: number): number {
    let o = this.offsets.get(hour);
    if (o === undefined) {
      // Most UTC days have one offset throughout: two lookups fill all 24 hours at once.
      const dayStart = Math.floor(ms / DAY) * DAY;
      const first = this.exactOffset(dayStart);
      if (first === this.exactOffset(dayStart + DAY - 1000)) {
        for (let h = 0; h < 24; h++) this.offsets.set(dayStart / HOUR + h, first);
        return first;
      }
    }
    if (o === undefined) {
      const start = this.exactOffset(hour * HOUR);
      const end = this.exactOffset(hour * HOUR + HOUR - 1000);
      o = start === end ? start : NaN;
      this.offsets.set(hour, o);
    }
    return o;
  }

  /** The local calendar day of an instant. */
  day(ms: number): number {
    return Math.floor((ms + this.offset(ms)) / DAY);
  }
}

/** "2026-03-31" -> day number (a calendar date, no time zone involved). */
export function dayOf(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new CalendarInputError(`not a date (YYYY-MM-DD): "${isoDate}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== isoDate)
    throw new CalendarInputError(`not a calendar date: "${isoDate}"`);
  return ms / DAY;
}

export const isoOfDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);

/** Month index (year * 12 + month0) of a day number. */
export function monthOfDay(day: number): number {
  // Civil date from a day number in integer arithmetic (Howard Hinnant's days_from_civil,
  // inverted), not a Date per call: cohorts and trends ask for every purchase's month.
  const z = Math.floor(day) + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153); // March = 0
  const month0 = mp < 10 ? mp + 2 : mp - 10;
  const year = yearOfEra + era * 400 + (month0 < 2 ? 1 : 0);
  return year * 12 + month0;
}

export const monthLabel = (month: number) => `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, "0")}`;

export function firstDayOfMonth(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1) / DAY;
}

export interface Period {
  start: number; // first local day, inclusive
  end: number; // last local day, inclusive
}

export type PeriodKind = "month" | "quarter" | "year";

/** The calendar month, quarter or year containing `day`. */
export function periodContaining(kind: PeriodKind, day: number): Period {
  const month = monthOfDay(day);
  const year = Math.floor(month / 12);
  const first =
    kind === "month" ? month : kind === "quarter" ? year * 12 + Math.floor((month % 12) / 3) * 3 : year * 12;
  const length = kind === "month" ? 1 : kind === "quarter" ? 3 : 12;
  return { start: firstDayOfMonth(first), end: firstDayOfMonth(first + length) - 1 };
}

/** The period of the same kind and length just before `p` (for period-over-period change). */
export function previousPeriod(p: Period, kind?: PeriodKind): Period {
  if (kind) return periodContaining(kind, p.start - 1);
  const length = p.end - p.start + 1;
  return { start: p.start - length, end: p.start - 1 };
}
