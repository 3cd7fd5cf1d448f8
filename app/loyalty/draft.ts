// The loyalty settings form's draft: the page edits strings (money in major units, as the
// merchant types it); the server turns the draft into a program (app/loyalty/program.ts's
// validateProgram checks it). Pure: shared by the page and the server.
import { z } from "zod";
import { decimalToMinor, minorToDecimal as minorToDecimalPoint } from "~/core/money";
import type { FriendDiscount, LoyaltyProgram, RewardType } from "./program";

export interface TierDraft {
  name: string;
  minSpend: string;
  earnMultiplier: string;
  benefits: string;
}
export interface RewardDraft {
  id: string;
  name: string;
  pointsCost: string;
  type: RewardType;
  value: string; // major units (fixed) or percent
  minimumOrder: string; // major units, "" = none
  combinesOrder: boolean;
  combinesProduct: boolean;
  combinesShipping: boolean;
}
export interface ProgramDraft {
  pointsPerUnit: string;
  approvalDays: string;
  signupBonus: string;
  referrerPoints: string;
  friendDiscountType: "none" | FriendDiscount["type"];
  friendDiscountValue: string;
  tiers: TierDraft[];
  rewards: RewardDraft[];
}

export type FormErrors = Record<string, string>;

/** The form's fields; decimals written with `decimalSeparator` (the merchant's: "," in Dutch), read back either way. */
export function draftFromProgram(p: LoyaltyProgram, currency: string, decimalSeparator: "." | "," = "."): ProgramDraft {
  const fd = p.referral.friendDiscount;
  const dec = (s: string) => s.replace(".", decimalSeparator);
  const minorToDecimal = (minor: number, c: string) => dec(minorToDecimalPoint(minor, c));
  return {
    pointsPerUnit: dec(String(p.pointsPerUnit)),
    approvalDays: String(p.approvalDays),
    signupBonus: String(p.signupBonus),
    referrerPoints: String(p.referral.referrerPoints),
    friendDiscountType: fd?.type ?? "none",
    friendDiscountValue: fd ? (fd.type === "fixed_amount" ? minorToDecimal(fd.value, currency) : String(fd.value)) : "",
    tiers: p.tiers.map((t) => ({
      name: t.name,
      minSpend: minorToDecimal(t.minSpendMinor, currency),
      earnMultiplier: dec(String(t.earnMultiplier)),
      benefits: t.benefits,
    })),
    rewards: p.rewards.map((r) => ({
      id: r.id,
      name: r.name,
      pointsCost: String(r.pointsCost),
      type: r.type,
      value:
        r.type === "fixed_amount" ? minorToDecimal(r.value, currency) : r.type === "percentage" ? String(r.value) : "",
      minimumOrder: r.minimumOrderMinor ? minorToDecimal(r.minimumOrderMinor, currency) : "",
      combinesOrder: r.combinesWith.order,
      combinesProduct: r.combinesWith.product,
      combinesShipping: r.combinesWith.shipping,
    })),
  };
}

const str = z.string().max(2000).default("");
export const draftSchema = z.object({
  pointsPerUnit: str,
  approvalDays: str,
  signupBonus: str,
  referrerPoints: str,
  friendDiscountType: z.enum(["none", "percentage", "fixed_amount"]),
  friendDiscountValue: str,
  tiers: z.array(z.object({ name: str, minSpend: str, earnMultiplier: str, benefits: str })).max(20),
  rewards: z
    .array(
      z.object({
        id: str,
        name: str,
        pointsCost: str,
        type: z.string(),
        value: str,
        minimumOrder: str,
        combinesOrder: z.boolean(),
        combinesProduct: z.boolean(),
        combinesShipping: z.boolean(),
      }),
    )
    .max(50),
});

/**
 * A reward's id, made from its name ("10 € korting" → "10-korting"): merchants never type it. The
 * id is what a redemption records, so an existing reward keeps the id it has (renaming it does not
 * break past redemptions); only a reward without one gets a new id, unique among `taken`.
 */
export function rewardIdFromName(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 56)
      .replace(/-+$/, "") || "reward";
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

/** The draft's rewards with an id each: kept where there is one, made from the name where there is none. */
export function withRewardIds<R extends { id: string; name: string }>(rewards: R[]): R[] {
  const taken = new Set(rewards.map((r) => r.id.trim()).filter(Boolean));
  return rewards.map((r) => {
    if (r.id.trim()) return { ...r, id: r.id.trim() };
    const id = rewardIdFromName(r.name, taken);
    taken.add(id);
    return { ...r, id };
  });
}

/** "" and non-numbers become NaN, which validateProgram reports as "must be a number". */
const num = (s: string) => (s.trim() === "" ? NaN : Number(s.trim().replace(",", ".")));

export function programFromDraft(
  d: z.infer<typeof draftSchema>,
  currency: string,
): { program: unknown; errors: FormErrors } {
  const errors: FormErrors = {};
  const money = (s: string, path: string, emptyIsZero = false): number => {
    if (emptyIsZero && s.trim() === "") return 0;
    try {
      return Number(decimalToMinor(s.trim().replace(",", "."), currency));
    } catch {
      errors[path] = `Enter an amount like ${minorToDecimalPoint(500, currency)}`;
      return NaN;
    }
  };
  const friendDiscount =
    d.friendDiscountType === "none"
      ? null
      : {
          type: d.friendDiscountType,
          value:
            d.friendDiscountType === "fixed_amount"
              ? money(d.friendDiscountValue, "referral.friendDiscount.value")
              : num(d.friendDiscountValue),
        };
  const program = {
    pointsPerUnit: num(d.pointsPerUnit),
    approvalDays: num(d.approvalDays),
    signupBonus: num(d.signupBonus),
    referral: { referrerPoints: num(d.referrerPoints), friendDiscount },
    tiers: d.tiers.map((t, i) => ({
      name: t.name,
      minSpendMinor: money(t.minSpend, `tiers[${i}].minSpendMinor`),
      earnMultiplier: num(t.earnMultiplier),
      benefits: t.benefits,
    })),
    rewards: withRewardIds(d.rewards).map((r, i) => ({
      id: r.id,
      name: r.name,
      pointsCost: num(r.pointsCost),
      type: r.type,
      value:
        r.type === "fixed_amount" ? money(r.value, `rewards[${i}].value`) : r.type === "percentage" ? num(r.value) : 0,
      minimumOrderMinor: money(r.minimumOrder, `rewards[${i}].minimumOrderMinor`, true),
      combinesWith: { order: r.combinesOrder, product: r.combinesProduct, shipping: r.combinesShipping },
    })),
  };
  return { program, errors };
}

/** What the storefront panel would show for this draft, read leniently (a field being typed shows as null). */
export interface DraftPreview {
  pointsPerUnit: number | null;
  signupBonus: number | null;
  rewards: { name: string; pointsCost: number | null }[];
  tiers: { name: string; minSpend: number | null; earnMultiplier: number | null; benefits: string }[];
}

export function previewFromDraft(d: ProgramDraft): DraftPreview {
  const read = (s: string) => {
    const n = num(s);
    return Number.isFinite(n) && n >= 0 ? n : null;
  };
  return {
    pointsPerUnit: read(d.pointsPerUnit),
    signupBonus: read(d.signupBonus),
    rewards: d.rewards
      .filter((r) => r.name.trim())
      .map((r) => ({ name: r.name.trim(), pointsCost: read(r.pointsCost) }))
      .sort((a, b) => (a.pointsCost ?? Infinity) - (b.pointsCost ?? Infinity)),
    tiers: d.tiers
      .filter((t) => t.name.trim())
      .map((t) => ({
        name: t.name.trim(),
        minSpend: read(t.minSpend),
        earnMultiplier: read(t.earnMultiplier),
        benefits: t.benefits.trim(),
      }))
      .sort((a, b) => (a.minSpend ?? Infinity) - (b.minSpend ?? Infinity)),
  };
}
