// Referral codes, self-referral and the referrer's one-time reward.
import { describe, expect, it } from "vitest";
import {
  LoyaltyInputError,
  SelfReferralError,
  appendEntries,
  balance,
  checkReferral,
  parseReferralCode,
  referralCode,
  referralEmailKey,
  referrerRewardOnFirstPaidOrder,
  reverseReferralReward,
  verifyReferralCode,
} from "~/loyalty";
import { DAY, T0, at, order, program, refund } from "./fixtures";

const SECRET = "shpss_0123456789abcdef0123456789abcdef";
const P = program(); // referrer gets 500 points, 30 approval days

describe("referral codes", () => {
  it("are 10 URL-safe Crockford base32 characters, the same every time for a customer", () => {
    const code = referralCode(SECRET, "7001");
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(referralCode(SECRET, "7001")).toBe(code);
    expect(encodeURIComponent(code)).toBe(code);
  });

  it("differ between customers and between shops (secrets)", () => {
    const codes = new Set(Array.from({ length: 1_000 }, (_, i) => referralCode(SECRET, String(i))));
    expect(codes.size).toBe(1_000);
    expect(referralCode(SECRET + "x", "7001")).not.toBe(referralCode(SECRET, "7001"));
  });

  it("verify for their customer only, in any case, with hyphens or spaces", () => {
    const code = referralCode(SECRET, "7001");
    expect(verifyReferralCode(SECRET, code, "7001")).toBe(true);
    expect(verifyReferralCode(SECRET, ` ${code.slice(0, 5).toLowerCase()}-${code.slice(5)} `, "7001")).toBe(true);
    expect(verifyReferralCode(SECRET, code, "7002")).toBe(false);
    expect(verifyReferralCode("another-shop-secret-0000", code, "7001")).toBe(false);
    expect(verifyReferralCode(SECRET, null, "7001")).toBe(false);
  });

  it("parse reads O as 0 and I/L as 1, and rejects wrong lengths or characters", () => {
    expect(parseReferralCode("oil-23456-78")).toBe("0112345678");
    expect(parseReferralCode("ABCDEFGHJ")).toBeNull(); // 9 characters
    expect(parseReferralCode("ABCDEFGHJKM")).toBeNull(); // 11 characters
    expect(parseReferralCode("ABCDEFGHJU")).toBeNull(); // U is not in the alphabet
    expect(parseReferralCode("ABCDE/GHJK")).toBeNull();
  });

  it("refuse a short shop secret", () => {
    expect(() => referralCode("short", "7001")).toThrow(LoyaltyInputError);
  });
});

describe("checkReferral", () => {
  const referrer = { customerId: "7001", email: "Ana.Silva@Example.com" };

  it("refuses self-referral by the same customer id", () => {
    expect(() => checkReferral({ referrer, friend: { customerId: "7001", email: "other@example.com" } })).toThrow(
      SelfReferralError,
    );
    expect(() => checkReferral({ referrer, friend: { customerId: "7001", email: null } })).toThrow(
      expect.objectContaining({ code: "SELF_REFERRAL", reason: "same_customer" }),
    );
  });

  it("refuses the same e-mail differing only in case and surrounding whitespace", () => {
    expect(() =>
      checkReferral({ referrer, friend: { customerId: null, email: "  ana.silva@EXAMPLE.COM \n" } }),
    ).toThrow(expect.objectContaining({ code: "SELF_REFERRAL", reason: "same_email" }));
  });

  it("refuses the same mailbox behind a +tag (any domain) or Gmail dots and googlemail.com", () => {
    expect(() =>
      checkReferral({ referrer, friend: { customerId: "9", email: "ana.silva+promo@example.com" } }),
    ).toThrow(SelfReferralError);
    const gmail = { customerId: "7001", email: "anasilva@gmail.com" };
    expect(() =>
      checkReferral({ referrer: gmail, friend: { customerId: "9", email: "Ana.Silva+x@GoogleMail.com" } }),
    ).toThrow(SelfReferralError);
  });

  it("accepts a different person, including dots that matter outside Gmail", () => {
    expect(() => checkReferral({ referrer, friend: { customerId: "9", email: "bruno@example.com" } })).not.toThrow();
    expect(() => checkReferral({ referrer, friend: { customerId: "9", email: "anasilva@example.com" } })).not.toThrow();
    expect(() => checkReferral({ referrer, friend: { customerId: "9", email: null } })).not.toThrow();
  });

  it("normalises e-mails as documented", () => {
    expect(referralEmailKey("  A.B+c@GoogleMail.com ")).toBe("ab@gmail.com");
    expect(referralEmailKey("A.B+c@example.org")).toBe("a.b@example.org");
    expect(referralEmailKey("+tag@example.org")).toBe("+tag@example.org"); // nothing before the +: kept
    expect(referralEmailKey("   ")).toBeNull();
  });
});

describe("referrerRewardOnFirstPaidOrder", () => {
  const referrer = { customerId: "7001", email: "ana@example.com" };
  const friend = { customerId: "f1", email: "bruno@example.com" };
  const fo = (id: string, days: number, extra = {}) =>
    order({ id, customerId: "f1", totalMinor: 5_000n, processedAt: at(days), ...extra });

  it("awards the referrer 500 points keyed referral:<friend id>, pending until the friend's order clears its 30 days", () => {
    const e = referrerRewardOnFirstPaidOrder({
      referrer,
      friend,
      friendOrders: [fo("o1", 0)],
      program: P,
      now: at(0, 1),
    })!;
    expect(e).toEqual({
      key: "referral:f1",
      customerId: "7001",
      kind: "referral",
      points: 500,
      createdAt: at(0, 1),
      availableAt: at(30),
      orderId: "o1",
    });
    expect(balance([e], at(30, -1))).toEqual({ available: 0, pending: 500, lifetimeEarned: 500 });
    expect(balance([e], at(30))).toEqual({ available: 500, pending: 0, lifetimeEarned: 500 });
  });

  it("awards nothing before the friend has a paid order", () => {
    const unpaid = [fo("o1", 0, { financialStatus: "pending" })];
    expect(referrerRewardOnFirstPaidOrder({ referrer, friend, friendOrders: unpaid, program: P, now: T0 })).toBeNull();
    expect(referrerRewardOnFirstPaidOrder({ referrer, friend, friendOrders: [], program: P, now: T0 })).toBeNull();
  });

  it("skips a cancelled or fully refunded first order and awards on the next qualifying one", () => {
    const orders = [
      fo("o1", 0, { cancelledAt: at(1) }),
      fo("o2", 2, { financialStatus: "refunded", refunds: [refund("r2", "o2", 5_000n, at(3))] }),
      fo("o3", 5, { financialStatus: "partially_refunded", refunds: [refund("r3", "o3", 1_000n, at(6))] }),
    ];
    expect(
      referrerRewardOnFirstPaidOrder({ referrer, friend, friendOrders: orders, program: P, now: at(6) }),
    ).toMatchObject({ orderId: "o3", availableAt: at(35) });
  });

  it("is awarded only once: a later order of the friend produces the same key, which appendEntries drops", () => {
    const first = referrerRewardOnFirstPaidOrder({
      referrer,
      friend,
      friendOrders: [fo("o1", 0)],
      program: P,
      now: at(0),
    });
    const ledger = appendEntries([], [first]);
    const again = referrerRewardOnFirstPaidOrder({
      referrer,
      friend,
      friendOrders: [fo("o1", 0), fo("o2", 40)],
      program: P,
      now: at(40),
    });
    expect(again!.key).toBe("referral:f1");
    expect(appendEntries(ledger, [again])).toEqual([]);
    expect(balance(ledger, at(40)).available).toBe(500);
  });

  it("awards nothing when the friend had already bought before using the code", () => {
    const orders = [fo("o0", 0), fo("o1", 10)];
    expect(
      referrerRewardOnFirstPaidOrder({
        referrer,
        friend,
        friendOrders: orders,
        program: P,
        now: at(10),
        referredAt: at(5),
      }),
    ).toBeNull();
  });

  it("counts an order dated in the same second as the claim as after it (platforms date orders in whole seconds)", () => {
    const claimed = new Date(at(5).getTime() + 700);
    const sameSecond = { ...fo("o1", 0), processedAt: at(5) };
    const reward = referrerRewardOnFirstPaidOrder({
      referrer,
      friend,
      friendOrders: [sameSecond],
      program: P,
      now: at(6),
      referredAt: claimed,
    });
    expect(reward).toMatchObject({ key: "referral:f1", orderId: "o1" });
    const secondBefore = { ...sameSecond, processedAt: new Date(at(5).getTime() - 1000) };
    expect(
      referrerRewardOnFirstPaidOrder({
        referrer,
        friend,
        friendOrders: [secondBefore],
        program: P,
        now: at(6),
        referredAt: claimed,
      }),
    ).toBeNull();
  });

  it("refuses a self-referral instead of rewarding it", () => {
    const self = { customerId: "f1", email: "x@example.com" };
    expect(() =>
      referrerRewardOnFirstPaidOrder({ referrer: self, friend, friendOrders: [fo("o1", 0)], program: P, now: T0 }),
    ).toThrow(SelfReferralError);
  });

  it("is taken back when the qualifying order is cancelled or fully refunded, but not for a partial refund", () => {
    const o1 = fo("o1", 0);
    const reward = referrerRewardOnFirstPaidOrder({ referrer, friend, friendOrders: [o1], program: P, now: T0 })!;
    expect(
      reverseReferralReward(reward, {
        ...o1,
        financialStatus: "partially_refunded",
        refunds: [refund("r1", "o1", 1_000n, at(2))],
      }),
    ).toBeNull();
    const back = reverseReferralReward(reward, { ...o1, cancelledAt: at(3) })!;
    expect(back).toMatchObject({
      key: "referral:f1:reverse",
      customerId: "7001",
      kind: "reverse_cancel",
      points: -500,
      orderId: "o1",
    });
    // inside the pending period: nothing pending, nothing available
    expect(balance([reward, back], at(3))).toEqual({ available: 0, pending: 0, lifetimeEarned: 0 });
    const full = reverseReferralReward(reward, {
      ...o1,
      financialStatus: "refunded",
      refunds: [refund("r1", "o1", 5_000n, new Date(T0.getTime() + 4 * DAY))],
    })!;
    expect(full).toMatchObject({ kind: "reverse_refund", points: -500, createdAt: at(4) });
  });
});
