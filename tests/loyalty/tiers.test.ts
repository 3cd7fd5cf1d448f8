// Tiers from the spend of the last 365 days, at their exact boundaries.
import { describe, expect, it } from "vitest";
import { LoyaltyInputError, spendInWindow, tierFor, tierForOrder } from "~/loyalty";
import { DAY, T0, at, order, program, refund } from "./fixtures";

const P = program(); // Member 0, Silver 50 000 (€500), Gold 150 000 (€1500)
const name = (spend: bigint | number) => tierFor(spend, P)?.name ?? null;

describe("tierFor", () => {
  it("reaches a tier exactly at its minimum and not one cent below", () => {
    expect(name(0)).toBe("Member");
    expect(name(49_999)).toBe("Member");
    expect(name(50_000)).toBe("Silver");
    expect(name(149_999n)).toBe("Silver");
    expect(name(150_000n)).toBe("Gold");
    expect(name(10n ** 15n)).toBe("Gold");
  });

  it("does not depend on the order of the tier list", () => {
    const reversed = { tiers: [...P.tiers].reverse() };
    expect(tierFor(50_000, reversed)?.name).toBe("Silver");
    expect(tierFor(49_999, reversed)?.name).toBe("Member");
  });

  it("returns null below the lowest tier or without tiers", () => {
    const noBase = { tiers: P.tiers.slice(1) };
    expect(tierFor(49_999, noBase)).toBeNull();
    expect(tierFor(1_000_000, { tiers: [] })).toBeNull();
  });

  it("refuses a spend that is not a whole number of minor units", () => {
    expect(() => tierFor(12.5, P)).toThrow(LoyaltyInputError);
  });
});

describe("spendInWindow", () => {
  const now = at(365); // the window is (T0, now]

  it("excludes an order exactly 365 days old and includes one a millisecond younger, and one at now", () => {
    const orders = [
      order({ id: "old", totalMinor: 1_000n, processedAt: T0 }), // exactly 365 days before now: out
      order({ id: "edge", totalMinor: 2_000n, processedAt: new Date(T0.getTime() + 1) }), // in
      order({ id: "now", totalMinor: 4_000n, processedAt: now }), // in
      order({ id: "future", totalMinor: 8_000n, processedAt: new Date(now.getTime() + 1) }), // out
    ];
    expect(spendInWindow(orders, now)).toBe(6_000n); // 2 000 + 4 000
  });

  it("counts paid orders net of refunds, and nothing for cancelled, unpaid or fully refunded ones", () => {
    const orders = [
      order({ id: "a", totalMinor: 10_000n, processedAt: at(100) }), // 10 000
      order({
        id: "b",
        totalMinor: 10_000n,
        processedAt: at(100),
        financialStatus: "partially_refunded",
        refunds: [refund("rb", "b", 3_000n, at(101))],
      }), // 7 000
      order({
        id: "c",
        totalMinor: 10_000n,
        processedAt: at(100),
        financialStatus: "refunded",
        refunds: [refund("rc", "c", 10_000n, at(101))],
      }), // 0
      order({ id: "d", totalMinor: 10_000n, processedAt: at(100), cancelledAt: at(101) }), // cancelled
      order({ id: "e", totalMinor: 10_000n, processedAt: at(100), financialStatus: "pending" }), // unpaid
    ];
    expect(spendInWindow(orders, now)).toBe(17_000n);
  });

  it("honours a custom window length", () => {
    const orders = [
      order({ id: "a", totalMinor: 1_000n, processedAt: at(300) }),
      order({ id: "b", totalMinor: 2_000n, processedAt: at(340) }),
    ];
    expect(spendInWindow(orders, now, 30)).toBe(2_000n); // window (day 335, day 365]
  });

  it("refuses mixed currencies", () => {
    const orders = [order({ id: "a", totalMinor: 1n }), order({ id: "b", totalMinor: 1n, currency: "USD" })];
    expect(() => spendInWindow(orders, now)).toThrow(LoyaltyInputError);
  });
});

describe("tierForOrder", () => {
  it("uses the spend before the order, so an order does not lift its own multiplier", () => {
    // €400 on day 10, then a €200 order on day 20: the day-20 order is placed at €400 → Member;
    // an order on day 30 sees €600 → Silver.
    const a = order({ id: "a", totalMinor: 40_000n, processedAt: at(10) });
    const b = order({ id: "b", totalMinor: 20_000n, processedAt: at(20) });
    const c = order({ id: "c", totalMinor: 1_000n, processedAt: at(30) });
    expect(tierForOrder(b, [a, b, c], P)?.name).toBe("Member");
    expect(tierForOrder(c, [a, b, c], P)?.name).toBe("Silver");
    // a year and a day after the first order it no longer counts
    const d = order({ id: "d", totalMinor: 1_000n, processedAt: new Date(at(10).getTime() + 365 * DAY) });
    expect(spendInWindow([a], d.processedAt)).toBe(0n);
    expect(tierForOrder(d, [a, b, c, d], P)?.name).toBe("Member"); // €200 + €10 remain
  });
});
