// Monthly cohort table: customers grouped by the month of their first counted purchase;
// for each later month (offset 0, 1, 2, ...) the distinct customers of the cohort who
// purchased in that month, as counts and as % of the cohort.
import { monthLabel, monthOfDay } from "~/core/calendar";
import type { PreparedOrders } from "./prepare";

export interface CohortRow {
  cohort: string; // "2025-03"
  size: number;
  counts: number[]; // index = months since the first purchase
  percents: number[];
}

/** `endDay` (default: the observation end) cuts the table so a month just begun does not read as 0%. */
export function cohortTable(p: PreparedOrders, opts: { lastMonths?: number; endDay?: number } = {}): CohortRow[] {
  const endDay = opts.endDay ?? p.observationEndDay;
  const endMonth = monthOfDay(endDay);
  const firstCohort = opts.lastMonths ? endMonth - opts.lastMonths + 1 : -Infinity;
  const rows = new Map<number, { size: number; counts: number[] }>();
  const customers = p.customerKeys.length;
  for (let c = 0; c < customers; c++) {
    const from = p.start[c],
      to = p.start[c + 1];
    if (p.day[from] > endDay) continue;
    const cohort = monthOfDay(p.day[from]);
    if (cohort < firstCohort) continue;
    let row = rows.get(cohort);
    if (!row) rows.set(cohort, (row = { size: 0, counts: new Array(endMonth - cohort + 1).fill(0) }));
    row.size++;
    let lastOffset = -1;
    for (let i = from; i < to && p.day[i] <= endDay; i++) {
      const offset = monthOfDay(p.day[i]) - cohort;
      if (offset !== lastOffset) {
        row.counts[offset]++;
        lastOffset = offset;
      }
    }
  }
  return [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([month, r]) => ({
      cohort: monthLabel(month),
      size: r.size,
      counts: r.counts,
      percents: r.counts.map((n) => (n / r.size) * 100),
    }));
}
