// The four customer groups a merchant acts on. Every customer with a counted purchase is
// in exactly one, decided in this order:
//   1. inactive     - no purchase for N days or more (N = inactiveAfterDays, default 60;
//                     on exactly the Nth day after the last purchase a customer IS inactive);
//   2. active loyal - otherwise, at least loyalMinOrders purchases (default 3);
//   3. repeat buyer - otherwise, 2 purchases or more;
//   4. one-time     - otherwise (exactly 1 purchase).
// Purchases counted as in prepare.ts (same-day purchases are separate orders here).
import type { PreparedOrders } from "./prepare";

export type Segment = "inactive" | "active-loyal" | "repeat" | "one-time";
export const SEGMENTS: Segment[] = ["one-time", "repeat", "inactive", "active-loyal"];

export interface SegmentSettings {
  inactiveAfterDays: number;
  loyalMinOrders: number;
}
export const DEFAULT_SEGMENT_SETTINGS: SegmentSettings = { inactiveAfterDays: 60, loyalMinOrders: 3 };

export function segmentOf(
  orders: number,
  daysSinceLast: number,
  s: SegmentSettings = DEFAULT_SEGMENT_SETTINGS,
): Segment {
  if (daysSinceLast >= s.inactiveAfterDays) return "inactive";
  if (orders >= s.loyalMinOrders) return "active-loyal";
  if (orders >= 2) return "repeat";
  return "one-time";
}

export interface SegmentSummary {
  segment: Segment;
  customers: number;
  revenueMinor: number;
  revenueShare: number; // % of all customers' net revenue
}

export function segmentCustomers(p: PreparedOrders, s: SegmentSettings = DEFAULT_SEGMENT_SETTINGS) {
  const customers = p.customerKeys.length;
  const segment = new Array<Segment>(customers);
  const totals = new Map<Segment, { customers: number; revenue: number }>(
    SEGMENTS.map((k) => [k, { customers: 0, revenue: 0 }]),
  );
  let revenue = 0;
  for (let c = 0; c < customers; c++) {
    const from = p.start[c],
      to = p.start[c + 1];
    let value = 0;
    for (let i = from; i < to; i++) value += p.net[i];
    const seg = segmentOf(to - from, p.observationEndDay - p.day[to - 1], s);
    segment[c] = seg;
    const t = totals.get(seg)!;
    t.customers++;
    t.revenue += value;
    revenue += value;
  }
  const summary: SegmentSummary[] = SEGMENTS.map((k) => {
    const t = totals.get(k)!;
    return {
      segment: k,
      customers: t.customers,
      revenueMinor: t.revenue,
      revenueShare: revenue ? (t.revenue / revenue) * 100 : 0,
    };
  });
  return { segment, summary };
}
