// Trends the admin draws: retention month by month, and the segments as they stood some
// days ago (so each segment's size shows whether it is growing). Both are computed from
// the same prepared orders as everything else; "as of" uses today's knowledge of refunds.
import { monthLabel, monthOfDay, periodContaining, type Period } from "~/core/calendar";
import type { PreparedOrders } from "./prepare";
import { retention } from "./retention";
import { rfmScores, type RfmSegment } from "./rfm";
import { segmentCustomers, type SegmentSettings, type SegmentSummary } from "./segments";

export interface RetentionTrendPoint {
  month: string; // "2026-10"
  retentionRate: number | null;
  churnRate: number | null;
  customersAtStart: number;
}

/**
 * Retention for each of the last `months` complete calendar months (the month of the
 * observation end counts only once it has ended), oldest first. With `periodMonths` = 12,
 * each point is the retention over the twelve months ending with that month, so the last
 * point is the dashboard's headline figure and the line shows how it has moved.
 */
export function retentionTrend(
  p: PreparedOrders,
  months: number,
  activeWindowDays = 365,
  periodMonths = 1,
): RetentionTrendPoint[] {
  const endDay = p.observationEndDay;
  let month = periodContaining("month", endDay);
  if (month.end > endDay) month = periodContaining("month", month.start - 1);
  const periods: Period[] = [];
  for (let i = 0; i < months; i++) {
    let start = month.start;
    for (let k = 1; k < periodMonths; k++) start = periodContaining("month", start - 1).start;
    periods.unshift({ start, end: month.end });
    month = periodContaining("month", month.start - 1);
  }
  return periods.map((period) => {
    const r = retention(p, period, activeWindowDays);
    return {
      month: monthLabel(monthOfDay(period.end)),
      retentionRate: r.retentionRate,
      churnRate: r.churnRate,
      customersAtStart: r.customersAtStart,
    };
  });
}

/** The purchases up to and including local day `endDay`: the shop as it was that day. */
export function preparedAsOf(p: PreparedOrders, endDay: number): PreparedOrders {
  // Two passes over typed arrays: count what survives, then copy it.
  const customers = p.customerKeys.length;
  let keptCustomers = 0,
    keptOrders = 0;
  for (let c = 0; c < customers; c++) {
    const from = p.start[c],
      to = p.start[c + 1];
    if (p.day[from] > endDay) continue; // not a customer yet
    keptCustomers++;
    for (let i = from; i < to && p.day[i] <= endDay; i++) keptOrders++;
  }
  const keys: string[] = new Array(keptCustomers);
  const start = new Int32Array(keptCustomers + 1);
  const day = new Int32Array(keptOrders);
  const net = new Float64Array(keptOrders);
  let k = 0,
    o = 0;
  for (let c = 0; c < customers; c++) {
    const from = p.start[c],
      to = p.start[c + 1];
    if (p.day[from] > endDay) continue;
    for (let i = from; i < to && p.day[i] <= endDay; i++, o++) {
      day[o] = p.day[i];
      net[o] = p.net[i];
    }
    keys[k++] = p.customerKeys[c];
    start[k] = o;
  }
  return { ...p, observationEndDay: endDay, customerKeys: keys, start, day, net };
}

export interface SegmentTrend {
  asOfDay: number;
  segments: SegmentSummary[];
  rfmCounts: Record<RfmSegment, number>;
}

/** The four segments and the RFM segments as they stood `daysBack` days before the observation end. */
export function segmentsDaysAgo(p: PreparedOrders, settings: SegmentSettings, daysBack: number): SegmentTrend {
  const earlier = preparedAsOf(p, p.observationEndDay - daysBack);
  return {
    asOfDay: earlier.observationEndDay,
    segments: segmentCustomers(earlier, settings).summary,
    rfmCounts: rfmScores(earlier).counts,
  };
}

export interface RfmSegmentSummary {
  segment: RfmSegment;
  customers: number;
  revenueMinor: number;
  revenueShare: number; // % of all customers' net revenue
}

/** Size and revenue share of each RFM segment, given each customer's segment and revenue. */
export function rfmSegmentSummary(
  segments: readonly RfmSegment[],
  revenueMinor: Float64Array,
  order: readonly RfmSegment[],
): RfmSegmentSummary[] {
  const totals = new Map<RfmSegment, { customers: number; revenue: number }>(
    order.map((s) => [s, { customers: 0, revenue: 0 }]),
  );
  let revenue = 0;
  for (let c = 0; c < segments.length; c++) {
    const t = totals.get(segments[c])!;
    t.customers++;
    t.revenue += revenueMinor[c];
    revenue += revenueMinor[c];
  }
  return order.map((segment) => {
    const t = totals.get(segment)!;
    return {
      segment,
      customers: t.customers,
      revenueMinor: t.revenue,
      revenueShare: revenue ? (t.revenue / revenue) * 100 : 0,
    };
  });
}
