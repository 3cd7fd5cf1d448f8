// The dashboard's advice says only what the numbers support: no "reward your 0 active loyal
// customers", no win-back for nobody; an empty shop gets no advice at all.
import { describe, expect, it } from "vitest";
import { nextSteps } from "~/analytics/next-steps";

const groups = (counts: Record<string, number>) =>
  Object.entries(counts).map(([segment, customers]) => ({ segment, customers, revenueShare: customers * 10 }));

describe("next steps", () => {
  it("advises on each group with customers in it, the largest at-risk RFM segment first", () => {
    const steps = nextSteps({
      segments: groups({ inactive: 4, "active-loyal": 2, repeat: 3, "one-time": 1 }),
      rfmSegments: [
        { segment: "At risk", customers: 3, revenueMinor: 9000 },
        { segment: "About to sleep", customers: 5, revenueMinor: 1000 },
        { segment: "Champions", customers: 9, revenueMinor: 50_000 },
      ],
      buyers: { total: 8, oneTime: 2 },
    });
    expect(steps).toEqual([
      { kind: "atRisk", segment: "About to sleep", customers: 5, revenueMinor: 1000 },
      { kind: "inactive", customers: 4 },
      { kind: "oneTime", share: 25 },
      { kind: "loyal", customers: 2, revenueShare: 20 },
    ]);
  });

  it("never rewards zero active loyal customers: with none, it points at the repeat buyers who come next", () => {
    const steps = nextSteps({
      segments: groups({ inactive: 0, "active-loyal": 0, repeat: 6, "one-time": 0 }),
      rfmSegments: [{ segment: "At risk", customers: 0, revenueMinor: 0 }],
      buyers: { total: 6, oneTime: 0 },
    });
    expect(steps).toEqual([{ kind: "loyalNone", repeatCustomers: 6 }]);
  });

  it("gives no advice at all when every group is empty", () => {
    const steps = nextSteps({
      segments: groups({ inactive: 0, "active-loyal": 0, repeat: 0, "one-time": 0 }),
      rfmSegments: [],
      buyers: { total: 0, oneTime: 0 },
    });
    expect(steps).toEqual([]);
  });
});
