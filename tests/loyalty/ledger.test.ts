// The points ledger: earning, the approval period, refund and cancellation reversals,
// idempotent appends, balances and redemptions. Figures are worked out by hand in comments.
import { describe, expect, it } from "vitest";
import {
  InsufficientPointsError,
  LoyaltyInputError,
  UnknownRewardError,
  adjustment,
  appendEntries,
  balance,
  earnForOrder,
  entriesForOrder,
  pointsForAmount,
  redeem,
  reverseForCancel,
  reverseForRefund,
  signupBonus,
  type LedgerEntry,
  type Tier,
} from "~/loyalty";
import { DAY, T0, at, order, program, refund } from "./fixtures";

const P = program(); // 1 point per €1, 30 approval days
const member: Tier = P.tiers[0]; // ×1
const silver: Tier = P.tiers[1]; // ×1.25
const gold: Tier = P.tiers[2]; // ×1.5

const earn = (o = order({ id: "o1", totalMinor: 10_000n }), tier: Tier | null = member) => {
  const e = earnForOrder(o, P, tier, o.processedAt);
  if (!e) throw new Error("expected an earning");
  return e;
};

describe("earnForOrder", () => {
  it("earns 1 point per whole euro, pending until processedAt + 30 days, keyed order:<id>:earn", () => {
    // €100.00 × 1 point/€ × 1 = 100
    const e = earn();
    expect(e).toEqual({
      key: "order:o1:earn",
      customerId: "c1",
      kind: "earn_order",
      points: 100,
      createdAt: T0,
      availableAt: new Date(T0.getTime() + 30 * DAY),
      orderId: "o1",
    });
  });

  it("applies the tier multiplier and floors once, at the end", () => {
    const o = order({ id: "o1", totalMinor: 9_999n }); // €99.99
    expect(earn(o, null).points).toBe(99); // 99.99 → 99
    expect(earn(o, member).points).toBe(99); // 99.99 × 1 → 99
    expect(earn(o, silver).points).toBe(124); // 99.99 × 1.25 = 124.9875 → 124
    expect(earn(o, gold).points).toBe(149); // 99.99 × 1.5 = 149.985 → 149 (flooring euros first would give 148)
  });

  it("computes exactly where floating point would lose a point (€100 × 1.15 = 115, not 114)", () => {
    // In floats 100 * 1.15 = 114.99999999999999; the rule works in integers.
    const t: Tier = { name: "Odd", minSpendMinor: 0, earnMultiplier: 1.15, benefits: "" };
    expect(earn(order({ id: "o1", totalMinor: 10_000n }), t).points).toBe(115);
  });

  it("honours fractional points per unit and zero-decimal currencies", () => {
    // 0.1 point per €1 (1 per €10): €59.99 → 5.999 → 5
    expect(pointsForAmount(5_999n, "EUR", 0.1)).toBe(5);
    // ¥1000 has no minor unit: 1000 × 0.01 = 10
    expect(pointsForAmount(1_000n, "JPY", 0.01)).toBe(10);
    // 3-decimal KWD: 12.345 KWD × 2 = 24.69 → 24
    expect(pointsForAmount(12_345n, "KWD", 2)).toBe(24);
  });

  it("earns nothing for unpaid, partially paid, voided, cancelled, guest or sub-point orders", () => {
    for (const financialStatus of ["pending", "authorized", "partially_paid", "voided"]) {
      expect(earnForOrder(order({ id: "o1", totalMinor: 10_000n, financialStatus }), P, null, T0)).toBeNull();
    }
    expect(earnForOrder(order({ id: "o1", totalMinor: 10_000n, cancelledAt: at(1) }), P, null, T0)).toBeNull();
    expect(earnForOrder(order({ id: "o1", totalMinor: 10_000n, customerId: null }), P, null, T0)).toBeNull();
    expect(earnForOrder(order({ id: "o1", totalMinor: 99n }), P, null, T0)).toBeNull(); // €0.99 → 0 points
  });

  it("earns on the paid total even when refunds are already known (they get their own reversals)", () => {
    // A partially refunded order read late still earns 100 on €100; the €25 refund reverses 25 separately.
    const o = order({
      id: "o1",
      totalMinor: 10_000n,
      financialStatus: "PARTIALLY_REFUNDED",
      refunds: [refund("r1", "o1", 2_500n, at(2))],
    });
    expect(earn(o, null).points).toBe(100);
  });
});

describe("approval period", () => {
  it("keeps points pending until exactly processedAt + 30 days: one ms before pending, at the instant available", () => {
    const e = earn(); // 100 points, processed at T0
    expect(balance([e], at(30, -1))).toEqual({ available: 0, pending: 100, lifetimeEarned: 100 });
    expect(balance([e], at(30))).toEqual({ available: 100, pending: 0, lifetimeEarned: 100 });
  });

  it("makes the sign-up bonus available at once", () => {
    const s = signupBonus("c1", P, T0)!;
    expect(s).toMatchObject({ key: "signup:c1", kind: "signup", points: 50 });
    expect(balance([s], T0)).toEqual({ available: 50, pending: 0, lifetimeEarned: 50 });
  });
});

describe("reverseForRefund", () => {
  it("reverses pro rata: a €25 refund of a €100 order that earned 100 reverses 25, keyed refund:<id>", () => {
    const r1 = refund("r1", "o1", 2_500n, at(5));
    const o = order({ id: "o1", totalMinor: 10_000n, refunds: [r1] });
    const e = earn(o);
    expect(reverseForRefund(o, r1, e)).toEqual({
      key: "refund:r1",
      customerId: "c1",
      kind: "reverse_refund",
      points: -25, // 100 × 25/100
      createdAt: at(5),
      availableAt: at(5),
      orderId: "o1",
      refundId: "r1",
    });
  });

  it("reverses all earned points on a full refund", () => {
    // €99.99 at Gold earns 149; refunding €99.99 reverses 149 (not round(149.985))
    const r1 = refund("r1", "o1", 9_999n, at(3));
    const o = order({ id: "o1", totalMinor: 9_999n, refunds: [r1], financialStatus: "refunded" });
    const e = earn(o, gold);
    expect(e.points).toBe(149);
    expect(reverseForRefund(o, r1, e)!.points).toBe(-149);
  });

  it("two partial refunds summing to the total reverse exactly the earned amount (no rounding drift)", () => {
    // €3.00 earns 3. Two €1.50 refunds: rounding each alone gives round(1.5)+round(1.5) = 2+2 = 4 > 3.
    // Cumulative rule: after r1 round(3×150/300) = 2 → −2; after r2 round(3×300/300) = 3 → 3−2 = −1. Total −3.
    const r1 = refund("r1", "o1", 150n, at(1));
    const r2 = refund("r2", "o1", 150n, at(2));
    const o = order({ id: "o1", totalMinor: 300n, refunds: [r1, r2] });
    const e = earn(o);
    expect(e.points).toBe(3);
    const a = reverseForRefund(o, r1, e)!;
    const b = reverseForRefund(o, r2, e, [e, a])!;
    expect([a.points, b.points]).toEqual([-2, -1]);
    expect(e.points + a.points + b.points).toBe(0);
  });

  it("three refunds of €33.33, €33.33, €33.34 reverse 33 + 34 + 33 = 100 of 100", () => {
    // cumulative targets: round(33.33) = 33, round(66.66) = 67, 100 → steps 33, 34, 33
    const rs = [
      refund("r1", "o1", 3_333n, at(1)),
      refund("r2", "o1", 3_333n, at(2)),
      refund("r3", "o1", 3_334n, at(3)),
    ];
    const o = order({ id: "o1", totalMinor: 10_000n, refunds: rs });
    const e = earn(o);
    const ledger: LedgerEntry[] = [e];
    for (const r of rs) ledger.push(reverseForRefund(o, r, e, ledger)!);
    expect(ledger.slice(1).map((x) => x.points)).toEqual([-33, -34, -33]);
  });

  it("gives each refund the same reversal whatever order the webhooks arrive in", () => {
    const r1 = refund("r1", "o1", 150n, at(1));
    const r2 = refund("r2", "o1", 150n, at(2));
    const o = order({ id: "o1", totalMinor: 300n, refunds: [r2, r1] });
    const e = earn(o);
    const second = reverseForRefund(o, r2, e, [e])!; // r2 delivered first, but r1 was processed first
    const first = reverseForRefund(o, r1, e, [e, second])!;
    expect([first.points, second.points]).toEqual([-2, -1]);
  });

  it("counts a refund the order payload does not list yet (refunds/create before orders/updated)", () => {
    const o = order({ id: "o1", totalMinor: 10_000n }); // refunds: []
    expect(reverseForRefund(o, refund("r1", "o1", 4_000n, at(1)), earn(o))!.points).toBe(-40);
  });

  it("never reverses more than remains of the earning according to the ledger", () => {
    // The order says €80 refunded, but the ledger already holds −100 (a cancellation): nothing left to take.
    const r1 = refund("r1", "o1", 8_000n, at(2));
    const o = order({ id: "o1", totalMinor: 10_000n, refunds: [r1] });
    const e = earn(o);
    const cancelled: LedgerEntry = {
      key: "order:o1:cancel",
      customerId: "c1",
      kind: "reverse_cancel",
      points: -100,
      createdAt: at(1),
      availableAt: at(1),
      orderId: "o1",
    };
    expect(reverseForRefund(o, r1, e, [e, cancelled])).toBeNull();
    // With −30 already reversed, an €80 refund (target 80) is capped at the 70 that remain.
    const partial: LedgerEntry = {
      ...cancelled,
      key: "refund:r0",
      kind: "reverse_refund",
      points: -30,
      refundId: "r0",
    };
    expect(reverseForRefund(o, r1, e, [e, partial])!.points).toBe(-70);
  });

  it("returns nothing without an earning and refuses a refund of another order", () => {
    const o = order({ id: "o1", totalMinor: 10_000n });
    expect(reverseForRefund(o, refund("r1", "o1", 100n, at(1)), null)).toBeNull();
    expect(() => reverseForRefund(o, refund("r1", "o2", 100n, at(1)), earn(o))).toThrow(LoyaltyInputError);
  });
});

describe("reverseForCancel", () => {
  it("after a €25 partial refund, cancellation reverses the remaining 75 (order:<id>:cancel)", () => {
    // earn 100; refund €25 → −25; cancel → −(100 − 25) = −75; net 0
    const r1 = refund("r1", "o1", 2_500n, at(2));
    const o = order({ id: "o1", totalMinor: 10_000n, refunds: [r1] });
    const e = earn(o);
    const rr = reverseForRefund(o, r1, e, [e])!;
    const c = reverseForCancel({ ...o, cancelledAt: at(3) }, [e, rr])!;
    expect(c).toMatchObject({
      key: "order:o1:cancel",
      kind: "reverse_cancel",
      points: -75,
      createdAt: at(3),
      orderId: "o1",
    });
    expect(balance([e, rr, c], at(40))).toEqual({ available: 0, pending: 0, lifetimeEarned: 0 });
  });

  it("the refund that accompanies a cancellation reverses nothing more", () => {
    const o = order({ id: "o1", totalMinor: 10_000n, cancelledAt: at(1) });
    const e = earn(order({ id: "o1", totalMinor: 10_000n }));
    const c = reverseForCancel(o, [e])!;
    expect(c.points).toBe(-100);
    const r1 = refund("r1", "o1", 10_000n, at(1));
    expect(reverseForRefund({ ...o, refunds: [r1] }, r1, e, [e, c])).toBeNull();
  });

  it("does nothing for an order that is not cancelled, has no earning, or is already fully reversed", () => {
    const o = order({ id: "o1", totalMinor: 10_000n });
    const e = earn(o);
    expect(reverseForCancel(o, [e])).toBeNull();
    expect(reverseForCancel({ ...o, cancelledAt: at(1) }, [])).toBeNull();
    const full: LedgerEntry = {
      key: "refund:r1",
      customerId: "c1",
      kind: "reverse_refund",
      points: -100,
      createdAt: at(1),
      availableAt: at(1),
      orderId: "o1",
      refundId: "r1",
    };
    expect(reverseForCancel({ ...o, cancelledAt: at(2) }, [e, full])).toBeNull();
  });

  it("ignores another customer's entries that share the order id (a referral reward on the friend's order)", () => {
    const o = order({ id: "o1", totalMinor: 10_000n });
    const e = earn(o);
    const referrerReversal: LedgerEntry = {
      key: "referral:c1:reverse",
      customerId: "ref",
      kind: "reverse_cancel",
      points: -500,
      createdAt: at(1),
      availableAt: at(1),
      orderId: "o1",
    };
    expect(reverseForCancel({ ...o, cancelledAt: at(1) }, [e, referrerReversal])!.points).toBe(-100);
  });
});

describe("appendEntries (idempotency)", () => {
  it("drops a duplicate webhook: the same order delivered twice awards once", () => {
    const o = order({ id: "o1", totalMinor: 10_000n });
    const first = appendEntries([], [earnForOrder(o, P, null, T0)]);
    expect(first).toHaveLength(1);
    // Redelivered a minute later: same key, different createdAt — dropped, the first write wins.
    expect(appendEntries(first, [earnForOrder(o, P, null, at(0, 60_000))])).toEqual([]);
    expect(balance(first, at(30)).available).toBe(100);
  });

  it("drops duplicates inside one batch, skips nulls and sorts by (createdAt, key) whatever the input order", () => {
    const e1 = adjustment("c1", 5, at(2), "adj:b");
    const e2 = adjustment("c1", 7, at(1), "adj:z");
    const e3 = adjustment("c1", 9, at(2), "adj:a");
    const out = appendEntries([], [e1, null, e2, e3, { ...e1, points: 999 }, undefined]);
    expect(out.map((e) => e.key)).toEqual(["adj:z", "adj:a", "adj:b"]);
    expect(out.find((e) => e.key === "adj:b")!.points).toBe(5);
    expect(appendEntries([], [e3, e2, e1])).toEqual(out);
  });

  it("entriesForOrder replayed against its own output yields nothing new", () => {
    const r1 = refund("r1", "o1", 2_500n, at(2));
    const o = order({
      id: "o1",
      totalMinor: 10_000n,
      refunds: [r1],
      cancelledAt: at(3),
      financialStatus: "partially_refunded",
    });
    // Earned while the order was open; then refund and cancellation arrive in one update.
    const ledger = appendEntries([], [earnForOrder({ ...o, refunds: [], cancelledAt: null }, P, null, T0)]);
    const next = entriesForOrder(o, ledger, P, null, at(3));
    expect(next.map((e) => [e.key, e.points])).toEqual([
      ["refund:r1", -25],
      ["order:o1:cancel", -75],
    ]);
    const all = [...ledger, ...appendEntries(ledger, next)];
    expect(entriesForOrder(o, all, P, null, at(4))).toEqual([]);
  });
});

describe("balance", () => {
  it("buy, earn, refund within the pending period: 0 available and 0 pending, so nothing can be spent", () => {
    // earn 100 (pending to day 30); full refund on day 5 → −100
    const r1 = refund("r1", "o1", 10_000n, at(5));
    const o = order({ id: "o1", totalMinor: 10_000n, refunds: [r1], financialStatus: "refunded" });
    const e = earn(o);
    const rr = reverseForRefund(o, r1, e, [e])!;
    expect(balance([e, rr], at(10))).toEqual({ available: 0, pending: 0, lifetimeEarned: 0 });
    expect(balance([e, rr], at(31))).toEqual({ available: 0, pending: 0, lifetimeEarned: 0 });
    expect(() => redeem([e, rr], P, "free-shipping", at(10), "redeem:1")).toThrow(InsufficientPointsError);
  });

  it("a partial refund inside the pending period reduces pending, not available", () => {
    // earn 100, refund €25 on day 5: day 10 → pending 75, available 0; day 30 → available 75
    const r1 = refund("r1", "o1", 2_500n, at(5));
    const o = order({ id: "o1", totalMinor: 10_000n, refunds: [r1] });
    const e = earn(o);
    const rr = reverseForRefund(o, r1, e, [e])!;
    expect(balance([e, rr], at(10))).toEqual({ available: 0, pending: 75, lifetimeEarned: 75 });
    expect(balance([e, rr], at(30))).toEqual({ available: 75, pending: 0, lifetimeEarned: 75 });
  });

  it("a reversal of points already spent shows as negative available, and blocks redemptions", () => {
    // €600 earns 600 (available day 30); day 31 redeem €5 off (500) → 100; day 40 full refund −600 → −500
    const r1 = refund("r1", "o1", 60_000n, at(40));
    const o = order({ id: "o1", totalMinor: 60_000n, refunds: [r1] });
    const e = earn(o);
    const spent = redeem([e], P, "five-off", at(31), "redeem:1");
    expect(balance([e, spent], at(31))).toEqual({ available: 100, pending: 0, lifetimeEarned: 600 });
    const rr = reverseForRefund(o, r1, e, [e, spent])!;
    expect(rr.points).toBe(-600);
    const ledger = [e, spent, rr];
    expect(balance(ledger, at(40))).toEqual({ available: -500, pending: 0, lifetimeEarned: 0 });
    // A new pending earning does not pay the debt until it matures: available stays −500.
    const e2 = earn(order({ id: "o2", totalMinor: 20_000n, processedAt: at(41) }));
    expect(balance([...ledger, e2], at(42))).toEqual({ available: -500, pending: 200, lifetimeEarned: 200 });
    expect(() => redeem([...ledger, e2], P, "free-shipping", at(42), "redeem:2")).toThrow(InsufficientPointsError);
  });

  it("refuses a ledger that mixes customers", () => {
    expect(() => balance([adjustment("c1", 1, T0, "a"), adjustment("c2", 1, T0, "b")], T0)).toThrow(LoyaltyInputError);
  });
});

describe("redeem", () => {
  it("spends available points only: 600 pending + 50 sign-up cannot buy a 500-point reward", () => {
    const e = earn(order({ id: "o1", totalMinor: 60_000n })); // 600 pending until day 30
    const s = signupBonus("c1", P, T0)!;
    try {
      redeem([e, s], P, "five-off", at(1), "redeem:1");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InsufficientPointsError);
      expect(err).toMatchObject({ code: "INSUFFICIENT_POINTS", available: 50, required: 500 });
    }
  });

  it("creates a negative redeem entry for the reward's cost once points are available", () => {
    const e = earn(order({ id: "o1", totalMinor: 60_000n }));
    const r = redeem([e], P, "five-off", at(30), "redeem:abc");
    expect(r).toEqual({
      key: "redeem:abc",
      customerId: "c1",
      kind: "redeem",
      points: -500,
      createdAt: at(30),
      availableAt: at(30),
      rewardId: "five-off",
    });
    expect(balance([e, r], at(30))).toEqual({ available: 100, pending: 0, lifetimeEarned: 600 });
  });

  it("returns the same entry when a redemption is retried with its key (spends once)", () => {
    const e = earn(order({ id: "o1", totalMinor: 60_000n }));
    const r = redeem([e], P, "five-off", at(30), "redeem:abc");
    expect(redeem([e, r], P, "five-off", at(30, 5), "redeem:abc")).toBe(r);
  });

  it("fails with UnknownRewardError for an id not in the catalogue", () => {
    const e = earn(order({ id: "o1", totalMinor: 60_000n }));
    expect(() => redeem([e], P, "no-such-reward", at(30), "redeem:1")).toThrow(UnknownRewardError);
  });

  it("fails with InsufficientPointsError on an empty ledger", () => {
    expect(() => redeem([], P, "free-shipping", T0, "redeem:1", "c1")).toThrow(InsufficientPointsError);
  });
});
