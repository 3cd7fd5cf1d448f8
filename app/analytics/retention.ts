// Retention for a period, for a shop without subscriptions: the merchant formula
// ((E - N) / S) x 100 read as "of the customers I had at the start, the share I still have".
//
// Definitions (days are local calendar days of the shop):
// - A person "is a customer on day d" when they made a counted purchase (not cancelled, not
//   fully refunded) in the active window ending on d: days (d - W, d], W = activeWindowDays
//   (default 365).
// - S: customers on the day before the period starts. E: customers on its last day.
// - N: customers whose first counted purchase ever falls inside the period.
// - Retained: members of S who are still customers on the last day (S and E).
// - Reactivated R: customers on the last day who were neither in S nor new: they had lapsed
//   and came back. They are reported on their own and do NOT count as retained, so
//   E = retained + R + (new customers still customers at the end), and the seed formula's
//   E - N becomes "retained" once E is restricted to members of S.
// - Retention rate = retained / S x 100, always in [0, 100].
// - Churn rate = (S - retained) / S x 100 = 100 - retention rate.
// Rates are null, not NaN, when S = 0.
import type { Period } from "~/core/calendar";
import type { PreparedOrders } from "./prepare";

export interface RetentionResult {
  customersAtStart: number; // S
  customersAtEnd: number; // E
  newCustomers: number; // N
  retainedCustomers: number; // S and E
  lapsedCustomers: number; // S - retained
  reactivatedCustomers: number; // R: in E, not in S, not new
  retentionRate: number | null; // retained / S x 100
  churnRate: number | null; // lapsed / S x 100
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
    retained = 0,
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
    if (atStart && atEnd) retained++;
    if (atEnd && !atStart && !isNew) reactivated++;
  }
  const rate = S > 0 ? (retained / S) * 100 : null;
  return {
    customersAtStart: S,
    customersAtEnd: E,
    newCustomers: N,
    retainedCustomers: retained,
    lapsedCustomers: S - retained,
    reactivatedCustomers: reactivated,
    retentionRate: rate,
    churnRate: S > 0 ? ((S - retained) / S) * 100 : null,
  };
}
