// What the dashboard suggests doing first.
/** RFM groups of once-good customers now slipping away. */
export const AT_RISK_SEGMENTS = ["At risk", "Can't lose them", "About to sleep", "Need attention"];

/** The biggest at-risk group: the first thing to act on (null when there is none). */
export function largestAtRiskGroup<S extends { segment: string; customers: number }>(segments: S[]): S | null {
  return segments
    .filter((x) => AT_RISK_SEGMENTS.includes(x.segment))
    .reduce<S | null>((best, x) => (!best || x.customers > best.customers ? x : best), null);
}
