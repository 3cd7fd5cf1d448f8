// The per-customer summary the customer-base models need (lifetimes' convention):
// purchases on the same day are merged into one; frequency = repeat purchase days (the
// first purchase is not a repeat); recency t_x = last purchase - first purchase; T =
// observation end - first purchase; monetary = mean value of the repeat purchases (0
// without repeats). Times in days or weeks. Only purchases up to the end count.
import type { PreparedOrders } from "./prepare";

export type TimeUnit = "days" | "weeks";

export interface RfmSummary {
  frequency: Float64Array;
  recency: Float64Array;
  T: Float64Array;
  monetary: Float64Array; // minor units
  customers: number;
}

/** One customer's purchase days (sorted) and values, from any source. */
export interface PurchaseHistory {
  start: Int32Array;
  day: Int32Array;
  net: Float64Array;
}

export function rfmSummary(p: PurchaseHistory, opts: { observationEndDay: number; unit?: TimeUnit }): RfmSummary {
  const per = opts.unit === "weeks" ? 7 : 1;
  const customers = p.start.length - 1;
  const frequency = new Float64Array(customers);
  const recency = new Float64Array(customers);
  const T = new Float64Array(customers);
  const monetary = new Float64Array(customers);
  for (let c = 0; c < customers; c++) {
    const from = p.start[c],
      to = p.start[c + 1];
    const first = p.day[from];
    let repeatDays = 0,
      repeatValue = 0,
      last = first,
      dayValue = 0,
      currentDay = first;
    for (let i = from; i <= to; i++) {
      // Close a day when the next purchase is on another day (or at the end).
      if (i === to || p.day[i] > opts.observationEndDay || p.day[i] !== currentDay) {
        if (currentDay !== first) {
          repeatDays++;
          repeatValue += dayValue;
        }
        last = currentDay;
        if (i === to || p.day[i] > opts.observationEndDay) break;
        currentDay = p.day[i];
        dayValue = 0;
      }
      dayValue += p.net[i];
    }
    frequency[c] = repeatDays;
    recency[c] = (last - first) / per;
    T[c] = (opts.observationEndDay - first) / per;
    monetary[c] = repeatDays ? repeatValue / repeatDays : 0;
  }
  return { frequency, recency, T, monetary, customers };
}

export const summaryOf = (p: PreparedOrders, unit: TimeUnit = "days") =>
  rfmSummary(p, { observationEndDay: p.observationEndDay, unit });
