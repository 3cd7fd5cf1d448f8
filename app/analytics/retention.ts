// Retention for a period, for a shop without subscriptions.
//
// Definitions (days are local calendar days of the shop):
// - A person "is a customer on day d" when they made a counted purchase in the active
//   window ending on d: days (d - W, d], W = activeWindowDays (default 365).
// - S: customers on the day before the period starts. E: customers on its last day.
// - N: customers whose first counted purchase ever falls inside the period.
// - Retention rate (the merchant formula) = (E - N) / S x 100.
// - Cohort retention = |S and E| / |S| x 100: the share of the starting customers still
//   customers at the end. The two differ by the reactivated customers R (in E, not in S,
//   not new: they had lapsed and came back in the period): E - N = |S and E| + R.
// - Churn = 100 - retention rate (and cohort churn = 100 - cohort retention).
// Rates are null, not NaN, when S = 0.
import type { Period } from "~/core/calendar";
import type { PreparedOrders } from "./prepare";

export interface RetentionResult {
  customersAtStart: number; // S
  customersAtEnd: number; // E
  newCustomers: number; // N
  retainedCustomers: number; // |S and E|
  reactivatedCustomers: number; // R
  retentionRate: number | null; // (E - N) / S x 100
  cohortRetentionRate: number | null; // |S and E| / |S| x 100
  churnRate: number | null; // 100 - retentionRate
  cohortChurnRate: number | null;
}

/** Is there a purchase in (day - window, day]? `days` is one customer's sorted purchase days. */
function activeOn(days: Int32Array, from: number, to: number, day: number, window: number): boolean {
  // Binary search for the last purchase on or before `day`.
  let lo = from,
    hi = to - 1,
    last = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid] <= day) {
      last = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return last >= 0 && days[last] > day - window;
}

export function retention(p: PreparedOrders, period: Period, activeWindowDays = 365): RetentionResult {
  let S = 0,
    E = 0,
    N = 0,
    both = 0,
    reactivated = 0;
  const customers = p.customerKeys.length;
  for (let c = 0; c < customers; c++) {
    const from = p.start[c],
      to = p.start[c + 1];
    const first = p.day[from];
    const atStart = activeOn(p.day, from, to, period.start - 1, activeWindowDays);
    const atEnd = activeOn(p.day, from, to, period.end, activeWindowDays);
    const isNew = first >= period.start && first <= period.end;
    if (atStart) S++;
    if (atEnd) E++;
    if (isNew) N++;
    if (atStart && atEnd) both++;
    if (atEnd && !atStart && !isNew) reactivated++;
  }
  const rate = S > 0 ? ((E - N) / S) * 100 : null;
  const cohort = S > 0 ? (both / S) * 100 : null;
  return {
    customersAtStart: S,
    customersAtEnd: E,
    newCustomers: N,
    retainedCustomers: both,
    reactivatedCustomers: reactivated,
    retentionRate: rate,
    cohortRetentionRate: cohort,
    churnRate: rate === null ? null : 100 - rate,
    cohortChurnRate: cohort === null ? null : 100 - cohort,
  };
}
