// The loyalty program's settings: what a point is worth, the tiers, the bonuses and the
// rewards catalogue. Plain JSON-storable data (money as integer minor units in `number`,
// which stays exact up to 2^53), the defaults, and a validator that returns one error per
// offending field instead of throwing, so a settings form can show them next to the inputs.

export interface Tier {
  name: string;
  /** Spend over the last 365 days (paid, not cancelled, net of refunds) that reaches this tier, minor units. */
  minSpendMinor: number;
  /** Multiplies the points earned per order; at most 4 decimals (1.25, 1.5, 2). */
  earnMultiplier: number;
  benefits: string; // shown to the customer
}

export type DiscountType = "fixed_amount" | "percentage";

/** The referred friend's first-order discount: `value` is minor units (fixed) or percent (0-100]. */
export interface FriendDiscount {
  type: DiscountType;
  value: number;
}

export interface CombinesWith {
  order: boolean;
  product: boolean;
  shipping: boolean;
}

export type RewardType = "fixed_amount" | "percentage" | "free_shipping";

export interface Reward {
  id: string; // stable, [A-Za-z0-9_-], referenced by redemption entries
  name: string;
  pointsCost: number; // whole points >= 1
  type: RewardType;
  /** fixed_amount: minor units > 0; percentage: percent in (0, 100]; free_shipping: 0. */
  value: number;
  minimumOrderMinor: number; // 0 = no minimum
  combinesWith: CombinesWith;
}

export interface LoyaltyProgram {
  /** Points per whole major unit of the shop currency (1 = one point per €1); at most 4 decimals. */
  pointsPerUnit: number;
  tiers: Tier[];
  signupBonus: number; // points
  referral: {
    referrerPoints: number; // points for the referrer when the friend's first order is paid
    friendDiscount: FriendDiscount | null; // null = no friend discount
  };
  /** Earned points stay pending this many days after the order (the return window). */
  approvalDays: number;
  rewards: Reward[];
}

export const DEFAULT_APPROVAL_DAYS = 30;

/** A fresh copy of the default program (callers may mutate it). */
export function defaultProgram(): LoyaltyProgram {
  const none: CombinesWith = { order: false, product: false, shipping: false };
  return {
    pointsPerUnit: 1,
    tiers: [
      { name: "Member", minSpendMinor: 0, earnMultiplier: 1, benefits: "1 point per €1 spent" },
      { name: "Silver", minSpendMinor: 50_000, earnMultiplier: 1.25, benefits: "25% more points on every order" },
      { name: "Gold", minSpendMinor: 150_000, earnMultiplier: 1.5, benefits: "50% more points on every order" },
    ],
    signupBonus: 50,
    referral: { referrerPoints: 500, friendDiscount: { type: "percentage", value: 10 } },
    approvalDays: DEFAULT_APPROVAL_DAYS,
    rewards: [
      {
        id: "five-off",
        name: "€5 off",
        pointsCost: 500,
        type: "fixed_amount",
        value: 500,
        minimumOrderMinor: 0,
        combinesWith: { ...none },
      },
      {
        id: "ten-percent",
        name: "10% off",
        pointsCost: 1_000,
        type: "percentage",
        value: 10,
        minimumOrderMinor: 2_000,
        combinesWith: { ...none },
      },
      {
        id: "free-shipping",
        name: "Free shipping",
        pointsCost: 300,
        type: "free_shipping",
        value: 0,
        minimumOrderMinor: 0,
        combinesWith: { ...none },
      },
    ],
  };
}

export interface FieldError {
  path: string; // "tiers[1].earnMultiplier", "rewards[0].value", "pointsPerUnit"
  message: string; // English, for the API and logs
  /** What a form shows, worded per language by the admin (app/i18n "loyalty.error.<code>" with `vars`). */
  code?: FieldErrorCode;
  vars?: Record<string, number>;
}

/** The errors a merchant can make in the admin form (the others need hand-made JSON). */
export type FieldErrorCode =
  | "wholeNumber"
  | "between"
  | "number"
  | "greaterThan"
  | "atLeast"
  | "atMost"
  | "decimals"
  | "required"
  | "tooLong"
  | "repeatedTierName"
  | "repeatedTierSpend"
  | "freeShippingValue";

export type ProgramValidation = { ok: true; program: LoyaltyProgram } | { ok: false; errors: FieldError[] };

export const LIMITS = {
  maxPointsPerUnit: 1_000,
  maxMultiplier: 10,
  maxApprovalDays: 365,
  maxNameLength: 60,
  maxBenefitsLength: 500,
  maxPoints: 10_000_000, // any single bonus, cost or referral reward
  maxDecimals: 4, // pointsPerUnit and earnMultiplier
} as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const REWARD_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** True when `x` has at most `digits` decimals (1.25 yes, 1.00001 no at 4), tolerant of binary float noise. */
export function hasAtMostDecimals(x: number, digits: number): boolean {
  const scaled = x * 10 ** digits;
  return Math.abs(scaled - Math.round(scaled)) < 1e-6;
}

/**
 * Checks settings that came from a form or from JSON. A missing top-level field takes its
 * default (so settings saved by an older version keep working); a missing reward
 * `minimumOrderMinor` is 0, a missing `combinesWith` flag is false and a missing tier
 * `benefits` is "". Anything present but wrong is an error at its path.
 */
export function validateProgram(input: unknown): ProgramValidation {
  const errors: FieldError[] = [];
  const err = (path: string, message: string, code?: FieldErrorCode, vars?: Record<string, number>) =>
    errors.push(code ? { path, message, code, ...(vars ? { vars } : {}) } : { path, message });
  if (!isRecord(input)) return { ok: false, errors: [{ path: "", message: "settings must be an object" }] };
  const d = defaultProgram();
  const pick = <K extends keyof LoyaltyProgram>(k: K): unknown => (input[k] === undefined ? d[k] : input[k]);

  const int = (path: string, v: unknown, min: number, max: number): number => {
    if (typeof v !== "number" || !Number.isSafeInteger(v)) err(path, "must be a whole number", "wholeNumber");
    else if (v < min || v > max) err(path, `must be between ${min} and ${max}`, "between", { min, max });
    return v as number;
  };
  const decimal = (
    path: string,
    v: unknown,
    minExclusive: number | null,
    minInclusive: number | null,
    max: number,
    digits: number,
  ): number => {
    if (typeof v !== "number" || !Number.isFinite(v)) err(path, "must be a number", "number");
    else if (minExclusive !== null && v <= minExclusive)
      err(path, `must be greater than ${minExclusive}`, "greaterThan", { min: minExclusive });
    else if (minInclusive !== null && v < minInclusive)
      err(path, `must be at least ${minInclusive}`, "atLeast", { min: minInclusive });
    else if (v > max) err(path, `must be at most ${max}`, "atMost", { max });
    else if (!hasAtMostDecimals(v, digits)) err(path, `must have at most ${digits} decimals`, "decimals", { digits });
    return v as number;
  };
  const text = (path: string, v: unknown, max: number, required: boolean): string => {
    if (typeof v !== "string") {
      err(path, "must be text");
      return "";
    }
    const t = v.trim();
    if (required && !t) err(path, "is required", "required");
    else if (t.length > max) err(path, `must be at most ${max} characters`, "tooLong", { max });
    return t;
  };
  const bool = (path: string, v: unknown): boolean => {
    if (v === undefined) return false;
    if (typeof v !== "boolean") err(path, "must be true or false");
    return v === true;
  };

  const pointsPerUnit = decimal(
    "pointsPerUnit",
    pick("pointsPerUnit"),
    0,
    null,
    LIMITS.maxPointsPerUnit,
    LIMITS.maxDecimals,
  );
  const signupBonus = int("signupBonus", pick("signupBonus"), 0, LIMITS.maxPoints);
  const approvalDays = int("approvalDays", pick("approvalDays"), 0, LIMITS.maxApprovalDays);

  const tiers: Tier[] = [];
  const tiersIn = pick("tiers");
  if (!Array.isArray(tiersIn)) err("tiers", "must be a list");
  else {
    const names = new Map<string, number>();
    const spends = new Map<number, number>();
    tiersIn.forEach((t, i) => {
      const p = `tiers[${i}]`;
      if (!isRecord(t)) return err(p, "must be an object");
      const name = text(`${p}.name`, t.name, LIMITS.maxNameLength, true);
      const minSpendMinor = int(`${p}.minSpendMinor`, t.minSpendMinor, 0, Number.MAX_SAFE_INTEGER);
      const earnMultiplier = decimal(
        `${p}.earnMultiplier`,
        t.earnMultiplier,
        null,
        1,
        LIMITS.maxMultiplier,
        LIMITS.maxDecimals,
      );
      const benefits =
        t.benefits === undefined ? "" : text(`${p}.benefits`, t.benefits, LIMITS.maxBenefitsLength, false);
      const key = name.toLowerCase();
      if (key && names.has(key))
        err(`${p}.name`, `repeats the name of tiers[${names.get(key)}]`, "repeatedTierName", {
          tier: names.get(key)! + 1,
        });
      else names.set(key, i);
      if (Number.isSafeInteger(minSpendMinor) && spends.has(minSpendMinor))
        err(
          `${p}.minSpendMinor`,
          `repeats the minimum spend of tiers[${spends.get(minSpendMinor)}]`,
          "repeatedTierSpend",
          {
            tier: spends.get(minSpendMinor)! + 1,
          },
        );
      else spends.set(minSpendMinor, i);
      tiers.push({ name, minSpendMinor, earnMultiplier, benefits });
    });
  }

  let referrerPoints = 0;
  let friendDiscount: FriendDiscount | null = null;
  const referral = pick("referral");
  if (!isRecord(referral)) err("referral", "must be an object");
  else {
    referrerPoints = int(
      "referral.referrerPoints",
      referral.referrerPoints === undefined ? d.referral.referrerPoints : referral.referrerPoints,
      0,
      LIMITS.maxPoints,
    );
    const fd = referral.friendDiscount === undefined ? d.referral.friendDiscount : referral.friendDiscount;
    if (fd !== null) {
      if (!isRecord(fd)) err("referral.friendDiscount", "must be an object or null");
      else if (fd.type === "percentage")
        friendDiscount = {
          type: "percentage",
          value: decimal("referral.friendDiscount.value", fd.value, 0, null, 100, 2),
        };
      else if (fd.type === "fixed_amount")
        friendDiscount = {
          type: "fixed_amount",
          value: int("referral.friendDiscount.value", fd.value, 1, Number.MAX_SAFE_INTEGER),
        };
      else err("referral.friendDiscount.type", 'must be "percentage" or "fixed_amount"');
    }
  }

  const rewards: Reward[] = [];
  const rewardsIn = pick("rewards");
  if (!Array.isArray(rewardsIn)) err("rewards", "must be a list");
  else {
    const ids = new Map<string, number>();
    rewardsIn.forEach((r, i) => {
      const p = `rewards[${i}]`;
      if (!isRecord(r)) return err(p, "must be an object");
      const id = typeof r.id === "string" ? r.id : "";
      if (!REWARD_ID.test(id)) err(`${p}.id`, "must be 1-64 letters, digits, - or _");
      else if (ids.has(id)) err(`${p}.id`, `repeats the id of rewards[${ids.get(id)}]`);
      else ids.set(id, i);
      const name = text(`${p}.name`, r.name, LIMITS.maxNameLength, true);
      const pointsCost = int(`${p}.pointsCost`, r.pointsCost, 1, LIMITS.maxPoints);
      const type = r.type as RewardType;
      let value = 0;
      if (type === "fixed_amount") value = int(`${p}.value`, r.value, 1, Number.MAX_SAFE_INTEGER);
      else if (type === "percentage") value = decimal(`${p}.value`, r.value, 0, null, 100, 2);
      else if (type === "free_shipping") {
        if (r.value !== undefined && r.value !== 0)
          err(`${p}.value`, "must be 0 for free shipping", "freeShippingValue");
      } else err(`${p}.type`, 'must be "fixed_amount", "percentage" or "free_shipping"');
      const minimumOrderMinor =
        r.minimumOrderMinor === undefined
          ? 0
          : int(`${p}.minimumOrderMinor`, r.minimumOrderMinor, 0, Number.MAX_SAFE_INTEGER);
      const cw = r.combinesWith === undefined ? {} : r.combinesWith;
      const combinesWith: CombinesWith = { order: false, product: false, shipping: false };
      if (!isRecord(cw)) err(`${p}.combinesWith`, "must be an object");
      else {
        combinesWith.order = bool(`${p}.combinesWith.order`, cw.order);
        combinesWith.product = bool(`${p}.combinesWith.product`, cw.product);
        combinesWith.shipping = bool(`${p}.combinesWith.shipping`, cw.shipping);
      }
      rewards.push({ id, name, pointsCost, type, value, minimumOrderMinor, combinesWith });
    });
  }

  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    program: { pointsPerUnit, tiers, signupBonus, referral: { referrerPoints, friendDiscount }, approvalDays, rewards },
  };
}

/** The catalogue entry with this id, or undefined. */
export function findReward(program: LoyaltyProgram, rewardId: string): Reward | undefined {
  return program.rewards.find((r) => r.id === rewardId);
}
