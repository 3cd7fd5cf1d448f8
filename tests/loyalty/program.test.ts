// Program settings: the defaults and the validator's field errors.
import { describe, expect, it } from "vitest";
import { defaultProgram, findReward, validateProgram, type FieldError } from "~/loyalty";

const paths = (input: unknown) => {
  const r = validateProgram(input);
  return r.ok ? [] : r.errors.map((e: FieldError) => e.path);
};
const withTiers = (tiers: unknown) => ({ ...defaultProgram(), tiers });
const withRewards = (rewards: unknown) => ({ ...defaultProgram(), rewards });
const reward = (over: Record<string, unknown>) => ({
  id: "r",
  name: "R",
  pointsCost: 100,
  type: "fixed_amount",
  value: 500,
  ...over,
});

describe("defaults", () => {
  it("are valid: 1 point per €1, 30-day approval (the return window), rewards combining with nothing", () => {
    const d = defaultProgram();
    expect(validateProgram(d)).toEqual({ ok: true, program: d });
    expect(d.pointsPerUnit).toBe(1);
    expect(d.approvalDays).toBe(30);
    expect(d.rewards.every((r) => !r.combinesWith.order && !r.combinesWith.product && !r.combinesWith.shipping)).toBe(
      true,
    );
  });

  it("fill every missing top-level field, so {} is the default program", () => {
    expect(validateProgram({})).toEqual({ ok: true, program: defaultProgram() });
  });

  it("are a fresh copy each time", () => {
    const a = defaultProgram();
    a.tiers[0].name = "changed";
    expect(defaultProgram().tiers[0].name).toBe("Member");
  });
});

describe("validateProgram", () => {
  it("reports non-objects at the root", () => {
    expect(validateProgram(null)).toEqual({ ok: false, errors: [{ path: "", message: "settings must be an object" }] });
  });

  it("requires points per unit > 0 with at most 4 decimals", () => {
    expect(paths({ pointsPerUnit: 0 })).toEqual(["pointsPerUnit"]);
    expect(paths({ pointsPerUnit: -1 })).toEqual(["pointsPerUnit"]);
    expect(paths({ pointsPerUnit: 1.23456 })).toEqual(["pointsPerUnit"]);
    expect(paths({ pointsPerUnit: "1" })).toEqual(["pointsPerUnit"]);
    expect(paths({ pointsPerUnit: 0.0125 })).toEqual([]);
  });

  it("requires whole, non-negative bonuses and an approval period of 0-365 days", () => {
    expect(paths({ signupBonus: 10.5, approvalDays: 400 })).toEqual(["signupBonus", "approvalDays"]);
    expect(paths({ referral: { referrerPoints: -1 } })).toEqual(["referral.referrerPoints"]);
  });

  it("reports each bad tier field at its path, duplicate names (any case) and duplicate minimum spends", () => {
    const tiers = [
      { name: "Member", minSpendMinor: 0, earnMultiplier: 1 },
      { name: "member", minSpendMinor: 0, earnMultiplier: 0.5 },
      { name: " ", minSpendMinor: 12.5, earnMultiplier: 11 },
    ];
    expect(paths(withTiers(tiers))).toEqual([
      "tiers[1].earnMultiplier",
      "tiers[1].name",
      "tiers[1].minSpendMinor",
      "tiers[2].name",
      "tiers[2].minSpendMinor",
      "tiers[2].earnMultiplier",
    ]);
  });

  it("fills a missing tier benefits text with an empty string", () => {
    const r = validateProgram(withTiers([{ name: "Only", minSpendMinor: 0, earnMultiplier: 1 }]));
    expect(r.ok && r.program.tiers[0].benefits).toBe("");
  });

  it("checks the friend's discount: percentage in (0, 100], fixed amount in whole minor units, or null", () => {
    const fd = (friendDiscount: unknown) => paths({ referral: { referrerPoints: 10, friendDiscount } });
    expect(fd({ type: "percentage", value: 15 })).toEqual([]);
    expect(fd({ type: "percentage", value: 101 })).toEqual(["referral.friendDiscount.value"]);
    expect(fd({ type: "fixed_amount", value: 1_000 })).toEqual([]);
    expect(fd({ type: "fixed_amount", value: 9.99 })).toEqual(["referral.friendDiscount.value"]);
    expect(fd({ type: "free_shipping", value: 0 })).toEqual(["referral.friendDiscount.type"]);
    expect(fd(null)).toEqual([]);
  });

  it("checks each reward's value against its type", () => {
    expect(paths(withRewards([reward({ type: "percentage", value: 150 })]))).toEqual(["rewards[0].value"]);
    expect(paths(withRewards([reward({ type: "fixed_amount", value: 12.5 })]))).toEqual(["rewards[0].value"]);
    expect(paths(withRewards([reward({ type: "free_shipping", value: 5 })]))).toEqual(["rewards[0].value"]);
    expect(paths(withRewards([reward({ type: "gift" })]))).toEqual(["rewards[0].type"]);
    expect(paths(withRewards([reward({ pointsCost: 0 })]))).toEqual(["rewards[0].pointsCost"]);
  });

  it("requires unique, URL-safe reward ids", () => {
    expect(paths(withRewards([reward({ id: "a" }), reward({ id: "a" }), reward({ id: "has space" })]))).toEqual([
      "rewards[1].id",
      "rewards[2].id",
    ]);
  });

  it("defaults minimum order to 0 and combinesWith flags to false, and rejects non-boolean flags", () => {
    const r = validateProgram(withRewards([reward({ combinesWith: { shipping: true } })]));
    expect(r.ok && r.program.rewards[0]).toMatchObject({
      minimumOrderMinor: 0,
      combinesWith: { order: false, product: false, shipping: true },
    });
    expect(paths(withRewards([reward({ combinesWith: { order: "yes" } })]))).toEqual(["rewards[0].combinesWith.order"]);
  });

  it("finds catalogue rewards by id", () => {
    expect(findReward(defaultProgram(), "free-shipping")?.type).toBe("free_shipping");
    expect(findReward(defaultProgram(), "nope")).toBeUndefined();
  });
});
