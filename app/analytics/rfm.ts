// RFM scores (1-5 each) and the named segments built on them.
//
// Scoring method (what a merchant signs):
// - R (recency, days since the last order) and M (monetary, net revenue to date) are scored
//   by rank from the best: score = 5 - floor(5 x (customers with a strictly better value) / n).
//   The best fifth of the customers get 5, the next fifth 4, and so on; customers with the
//   same value share the better score. So tied values always get the same score, a better
//   value never gets a lower score than a worse one, the best value always gets 5 (a lone
//   customer, or customers who all ordered on the same day, score 5, never 1), and the result
//   does not depend on input order.
// - F (frequency) is the number of orders, capped: 1, 2, 3, 4, 5 or more orders score
//   1, 2, 3, 4, 5. Most buyers of most shops order once; ranking would put every buyer with
//   2 orders above the 40th percentile and leave F = 2 (and the segments built on it) empty.
//   An order count means the same in every shop and every month.
//
// Named segments from R and F, first match wins (every R x F pair has one):
//   Champions           R 4-5, F 4-5      Can't lose them     R 1,   F 4-5
//   At risk             R 1-2, F 3-5      Loyal customers     R 3-5, F 3-5
//   New customers       R 5,   F 1        Promising           R 4,   F 1
//   Potential loyalists R 4-5, F 2        Need attention      R 3,   F 2
//   About to sleep      R 3,   F 1        Hibernating         R 2,   F 1-2
//   Lost                R 1,   F 1-2
import type { PreparedOrders } from "./prepare";

export type RfmSegment =
  | "Champions"
  | "Can't lose them"
  | "At risk"
  | "Loyal customers"
  | "New customers"
  | "Promising"
  | "Potential loyalists"
  | "Need attention"
  | "About to sleep"
  | "Hibernating"
  | "Lost";

export const RFM_SEGMENTS: RfmSegment[] = [
  "Champions",
  "Loyal customers",
  "Potential loyalists",
  "New customers",
  "Promising",
  "Need attention",
  "About to sleep",
  "At risk",
  "Can't lose them",
  "Hibernating",
  "Lost",
];

export function rfmSegment(r: number, f: number): RfmSegment {
  if (r >= 4 && f >= 4) return "Champions";
  if (r === 1 && f >= 4) return "Can't lose them";
  if (r <= 2 && f >= 3) return "At risk";
  if (r >= 3 && f >= 3) return "Loyal customers";
  if (r === 5 && f === 1) return "New customers";
  if (r === 4 && f === 1) return "Promising";
  if (r >= 4 && f === 2) return "Potential loyalists";
  if (r === 3 && f === 2) return "Need attention";
  if (r === 3 && f === 1) return "About to sleep";
  if (r === 2) return "Hibernating";
  return "Lost";
}

/** Scores 1-5 by rank from the best (larger values are better); tied values share the better score. */
export function rankScores(values: Float64Array): Uint8Array {
  const n = values.length;
  // A customer's rank is how many values are better (larger): found by binary search in the
  // values sorted natively, not by sorting 200,000 indices with a comparator function.
  const ascending = Float64Array.from(values).sort();
  const scores = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let lo = 0,
      hi = n; // first position holding a value > v
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ascending[mid] <= v) lo = mid + 1;
      else hi = mid;
    }
    const better = n - lo;
    scores[i] = 5 - Math.floor((5 * better) / n);
  }
  return scores;
}

/** F: the number of orders, 5 for 5 or more. */
export const frequencyScore = (orders: number) => Math.max(1, Math.min(5, orders));

export interface RfmResult {
  recencyDays: Float64Array;
  frequency: Float64Array;
  monetaryMinor: Float64Array;
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  segment: RfmSegment[];
  counts: Record<RfmSegment, number>;
}

export function rfmScores(p: PreparedOrders): RfmResult {
  const n = p.customerKeys.length;
  const recencyDays = new Float64Array(n),
    frequency = new Float64Array(n),
    monetaryMinor = new Float64Array(n);
  for (let c = 0; c < n; c++) {
    const from = p.start[c],
      to = p.start[c + 1];
    recencyDays[c] = p.observationEndDay - p.day[to - 1];
    frequency[c] = to - from;
    let v = 0;
    for (let i = from; i < to; i++) v += p.net[i];
    monetaryMinor[c] = v;
  }
  const r = rankScores(recencyDays.map((d) => -d));
  const f = Uint8Array.from(frequency, frequencyScore);
  const m = rankScores(monetaryMinor);
  const segment = new Array<RfmSegment>(n);
  const counts = Object.fromEntries(RFM_SEGMENTS.map((s) => [s, 0])) as Record<RfmSegment, number>;
  for (let c = 0; c < n; c++) {
    segment[c] = rfmSegment(r[c], f[c]);
    counts[segment[c]]++;
  }
  return { recencyDays, frequency, monetaryMinor, r, f, m, segment, counts };
}
