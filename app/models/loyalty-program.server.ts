// The shop's loyalty program: stored in Shop.settings JSON under `loyalty`, validated by
// app/loyalty's validateProgram. Other keys of the settings JSON are left as they are.
import { createHmac } from "node:crypto";
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { defaultProgram, validateProgram, type FieldError, type LoyaltyProgram } from "~/loyalty";
import { saveSettingsSection } from "./shop.server";
import { settingsObject } from "./settings";

/** The program from a settings JSON string; defaults when absent or (after a bad manual edit) invalid. */
export function programFromSettings(json: string): LoyaltyProgram {
  const stored = settingsObject(json).loyalty;
  if (stored === undefined) return defaultProgram();
  const v = validateProgram(stored);
  return v.ok ? v.program : defaultProgram();
}

export async function getProgram(db: Db, shopId: string): Promise<LoyaltyProgram> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { settings: true } });
  return programFromSettings(shop.settings);
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
