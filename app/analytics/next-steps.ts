// What the dashboard suggests doing first: only advice the numbers support. A group with nobody
// in it gets no advice about its members ("Reward your 0 active loyal customers" helps no one);
// with no active loyal customer yet, the advice is about the repeat buyers who come next.
/** RFM groups of once-good customers now slipping away. */
export const AT_RISK_SEGMENTS = ["At risk", "Can't lose them", "About to sleep", "Need attention"];

/** The biggest at-risk group: the first thing to act on (null when there is none). */
export function largestAtRiskGroup<S extends { segment: string; customers: number }>(segments: S[]): S | null {
  return segments
    .filter((x) => AT_RISK_SEGMENTS.includes(x.segment))
    .reduce<S | null>((best, x) => (!best || x.customers > best.customers ? x : best), null);
}

interface GroupCount {
  segment: string;
  customers: number;
  revenueShare: number;
}

export type NextStep =
  | { kind: "atRisk"; segment: string; customers: number; revenueMinor: number }
  | { kind: "inactive"; customers: number }
  | { kind: "oneTime"; share: number }
  | { kind: "loyal"; customers: number; revenueShare: number }
  | { kind: "loyalNone"; repeatCustomers: number };

/** The advice, most urgent first; empty when there is nothing to act on. */
export function nextSteps(input: {
  segments: GroupCount[];
  rfmSegments: { segment: string; customers: number; revenueMinor: number }[];
  buyers: { total: number; oneTime: number };
}): NextStep[] {
  const group = (name: string) => input.segments.find((s) => s.segment === name);
  const steps: NextStep[] = [];
  const atRisk = largestAtRiskGroup(input.rfmSegments);
  if (atRisk && atRisk.customers > 0)
    steps.push({
      kind: "atRisk",
      segment: atRisk.segment,
      customers: atRisk.customers,
      revenueMinor: atRisk.revenueMinor,
    });
  const inactive = group("inactive")?.customers ?? 0;
  if (inactive > 0) steps.push({ kind: "inactive", customers: inactive });
  if (input.buyers.total > 0 && input.buyers.oneTime > 0)
    steps.push({ kind: "oneTime", share: (input.buyers.oneTime / input.buyers.total) * 100 });
  const loyal = group("active-loyal");
  const repeat = group("repeat")?.customers ?? 0;
  if (loyal && loyal.customers > 0)
    steps.push({ kind: "loyal", customers: loyal.customers, revenueShare: loyal.revenueShare });
  else if (repeat > 0) steps.push({ kind: "loyalNone", repeatCustomers: repeat });
  return steps;
}
