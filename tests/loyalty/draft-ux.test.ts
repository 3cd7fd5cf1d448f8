// The loyalty page's pure helpers: reward ids made from names (merchants never type one), the
// storefront preview read from the form as typed, and the program's on/off status.
import { describe, expect, it } from "vitest";
import { defaultProgram } from "~/loyalty";
import { draftFromProgram, previewFromDraft, programFromDraft, rewardIdFromName, withRewardIds } from "~/loyalty/draft";
import { programStatus } from "~/loyalty/status";

describe("reward ids", () => {
  it("are made from the name: lower case, accents dropped, anything else a single dash", () => {
    expect(rewardIdFromName("€10 Korting op je bestelling!", new Set())).toBe("10-korting-op-je-bestelling");
    expect(rewardIdFromName("Crème brûlée", new Set())).toBe("creme-brulee");
    expect(rewardIdFromName("礼物", new Set())).toBe("reward");
    expect(rewardIdFromName("x".repeat(100), new Set())).toHaveLength(56);
  });

  it("never repeat an id already taken", () => {
    expect(rewardIdFromName("Free shipping", new Set(["free-shipping", "free-shipping-2"]))).toBe("free-shipping-3");
  });

  it("stay as they are for existing rewards, also when renamed, and only new rewards get one", () => {
    const rewards = withRewardIds([
      { id: "five-off", name: "Renamed: €6 off" },
      { id: "", name: "Five off" },
      { id: "", name: "Five off" },
    ]);
    expect(rewards.map((r) => r.id)).toEqual(["five-off", "five-off-2", "five-off-3"]);
  });

  it("reach the saved program: a reward added without an id validates under its generated id", () => {
    const draft = draftFromProgram(defaultProgram(), "EUR");
    draft.rewards.push({ ...draft.rewards[0], id: "", name: "Gift card €25", value: "25" });
    const { program, errors } = programFromDraft(draft, "EUR");
    expect(errors).toEqual({});
    const ids = (program as { rewards: { id: string }[] }).rewards.map((r) => r.id);
    expect(ids).toEqual([...defaultProgram().rewards.map((r) => r.id), "gift-card-25"]);
  });
});

describe("storefront preview", () => {
  it("shows the values as typed (a Dutch comma read as a decimal), rewards by cost and tiers by spend, skipping unnamed rows", () => {
    const draft = draftFromProgram(defaultProgram(), "EUR", ",");
    draft.pointsPerUnit = "2,5";
    draft.rewards = [
      { ...draft.rewards[0], name: "Big", pointsCost: "2000" },
      { ...draft.rewards[0], name: "Small", pointsCost: "300" },
      { ...draft.rewards[0], name: " ", pointsCost: "1" },
    ];
    draft.tiers = [
      { name: "Gold", minSpend: "1500,00", earnMultiplier: "1,5", benefits: "Free returns " },
      { name: "Member", minSpend: "0", earnMultiplier: "1", benefits: "" },
    ];
    expect(previewFromDraft(draft)).toEqual({
      pointsPerUnit: 2.5,
      signupBonus: defaultProgram().signupBonus,
      rewards: [
        { name: "Small", pointsCost: 300 },
        { name: "Big", pointsCost: 2000 },
      ],
      tiers: [
        { name: "Member", minSpend: 0, earnMultiplier: 1, benefits: "" },
        { name: "Gold", minSpend: 1500, earnMultiplier: 1.5, benefits: "Free returns" },
      ],
    });
  });

  it("shows a field still being typed (empty, not a number, negative) as unknown rather than as 0", () => {
    const draft = draftFromProgram(defaultProgram(), "EUR");
    draft.pointsPerUnit = "";
    draft.rewards = [{ ...draft.rewards[0], name: "A", pointsCost: "-5" }];
    const p = previewFromDraft(draft);
    expect(p.pointsPerUnit).toBeNull();
    expect(p.rewards).toEqual([{ name: "A", pointsCost: null }]);
  });
});

describe("program status", () => {
  it("is on once a shopper has joined, waiting when saved but unseen, off when neither", () => {
    expect(programStatus(false, 3)).toBe("on");
    expect(programStatus(true, 1)).toBe("on");
    expect(programStatus(true, 0)).toBe("waiting");
    expect(programStatus(false, 0)).toBe("off");
  });
});
