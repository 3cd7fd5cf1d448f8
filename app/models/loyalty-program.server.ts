// The shop's loyalty program: stored in Shop.settings JSON under `loyalty`, validated by
// app/loyalty's validateProgram. Other keys of the settings JSON are left as they are.
import { createHmac } from "node:crypto";
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { formatMoney, formatPct, resolveLocale, translate, type Locale } from "~/i18n";
import { defaultProgram, validateProgram, type FieldError, type LoyaltyProgram } from "~/loyalty";
import { saveSettingsSection } from "./shop.server";
import { settingsObject } from "./settings";

const TIER_KEYS = ["loyalty.default.tier.member", "loyalty.default.tier.silver", "loyalty.default.tier.gold"] as const;

/**
 * The default program with its tier and reward names and tier benefits in `locale`, amounts in the shop's currency
 * ("€ 5 korting" for a Dutch euro shop): what a shop without a saved program shows its shoppers and what the
 * merchant saves unless they change it. The structure (thresholds, costs, values) is app/loyalty's defaultProgram.
 */
export function defaultProgramFor(locale: Locale, currency: string): LoyaltyProgram {
  const program = defaultProgram();
  program.tiers = program.tiers.map((tier, i) => ({
    ...tier,
    name: TIER_KEYS[i] ? translate(locale, TIER_KEYS[i]) : tier.name,
    benefits:
      tier.earnMultiplier === 1
        ? translate(locale, "loyalty.default.benefits.member", { unit: formatMoney(100, currency, locale) })
        : translate(locale, "loyalty.default.benefits.more", {
            share: formatPct((tier.earnMultiplier - 1) * 100, locale, 0),
          }),
  }));
  program.rewards = program.rewards.map((reward) => ({
    ...reward,
    name:
      reward.type === "fixed_amount"
        ? translate(locale, "loyalty.default.reward.amountOff", { amount: formatMoney(reward.value, currency, locale) })
        : reward.type === "percentage"
          ? translate(locale, "loyalty.default.reward.percentOff", { share: formatPct(reward.value, locale, 0) })
          : translate(locale, "loyalty.default.reward.freeShipping"),
  }));
  return program;
}

/**
 * The program from a settings JSON string; the defaults in `locale` (the shop's language) when absent or (after a
 * bad manual edit) invalid.
 */
export function programFromSettings(json: string, locale: Locale = "en", currency = "EUR"): LoyaltyProgram {
  const stored = settingsObject(json).loyalty;
  if (stored === undefined) return defaultProgramFor(locale, currency);
  const v = validateProgram(stored);
  return v.ok ? v.program : defaultProgramFor(locale, currency);
}

/**
 * The shop's program. A shop that saved none shows the defaults, worded in `locale` when given (the shopper's
 * language on the storefront), else in the shop's. What a merchant saved is shown as they wrote it.
 */
export async function getProgram(db: Db, shopId: string, locale?: Locale): Promise<LoyaltyProgram> {
  const shop = await db.shop.findUniqueOrThrow({
    where: { id: shopId },
    select: { settings: true, locale: true, currency: true },
  });
  return programFromSettings(shop.settings, locale ?? resolveLocale(shop.locale), shop.currency);
}

/** Validates and stores the program; nothing is written unless every field is valid. */
export async function saveProgram(
  db: Db,
  shopId: string,
  input: unknown,
): Promise<{ ok: true; program: LoyaltyProgram } | { ok: false; errors: FieldError[] }> {
  const v = validateProgram(input);
  if (!v.ok) return v;
  await saveSettingsSection(db, shopId, "loyalty", v.program);
  return { ok: true, program: v.program };
}

/** Per-shop secret for referral codes, derived from the app secret (so nothing extra to store or leak). */
export function referralSecret(shopId: string): string {
  return createHmac("sha256", env.SHOPIFY_API_SECRET).update(`loyalty-referral-secret:${shopId}`).digest("hex");
}
