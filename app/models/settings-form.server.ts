// Validates and saves the merchant's settings form. Every field error is returned by
// name, so the page can show it inline, in the merchant's language; nothing is saved unless all fields are valid.
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { LOCALES, translate, type Locale, type MessageKey } from "~/i18n";
import { en } from "~/i18n/en";
import { decimalToMinor } from "~/core/money";
import { parseSettings, settingsSchema } from "./settings";

const TIMEZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));
// Each zod message is a dictionary key; fieldError words it (with the bound of a min/max) in the page's language.
const intField = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: "form.error.wholeNumber" })
    .int("form.error.wholeNumber")
    .min(min, "form.error.atLeast")
    .max(max, "form.error.atMost");

const formSchema = z.object({
  inactiveAfterDays: intField(1, 3650),
  activeWindowDays: intField(30, 3650),
  loyalMinOrders: intField(2, 100),
  cacSpend: z.union([z.literal(""), z.string().regex(/^\d+([.,]\d{1,2})?$/, "form.error.amount")]),
  cacNewCustomers: z.union([z.literal(""), intField(0, 10_000_000)]),
  currency: z.string().regex(/^[A-Z]{3}$/, "form.error.currency"),
  timezone: z.string().refine((tz) => TIMEZONES.has(tz), "form.error.timezone"),
  locale: z.enum(LOCALES as [string, ...string[]], { errorMap: () => ({ message: "form.error.locale" }) }),
});

export type SettingsFieldErrors = Partial<Record<keyof z.infer<typeof formSchema> | "form", string>>;

function fieldError(issue: z.ZodIssue, locale: Locale): string {
  // A "" or a value field: the value's own complaint, not zod's "Invalid input" for the union.
  if (issue.code === "invalid_union") {
    const inner = issue.unionErrors.flatMap((e) => e.issues).find((i) => i.code !== "invalid_literal");
    if (inner) return fieldError(inner, locale);
  }
  if (issue.code === "too_small") return translate(locale, "form.error.atLeast", { min: Number(issue.minimum) });
  if (issue.code === "too_big") return translate(locale, "form.error.atMost", { max: Number(issue.maximum) });
  return translate(locale, (issue.message in en ? issue.message : "form.error.invalid") as MessageKey);
}

export async function saveSettingsForm(
  db: Db,
  shopId: string,
  form: FormData,
  locale: Locale = "en",
): Promise<{ ok: true } | { ok: false; errors: SettingsFieldErrors }> {
  const raw = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v.trim() : ""]));
  const parsed = formSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: SettingsFieldErrors = {};
    for (const issue of parsed.error.issues)
      errors[issue.path[0] as keyof SettingsFieldErrors] ??= fieldError(issue, locale);
    return { ok: false, errors };
  }
  const f = parsed.data;
  const errors: SettingsFieldErrors = {};
  const hasSpend = f.cacSpend !== "";
  const hasNew = f.cacNewCustomers !== "";
  if (hasSpend !== hasNew) errors[hasSpend ? "cacNewCustomers" : "cacSpend"] = translate(locale, "form.error.cacBoth");
  if (f.activeWindowDays < f.inactiveAfterDays) errors.activeWindowDays = translate(locale, "form.error.activeWindow");
  if (Object.keys(errors).length) return { ok: false, errors };

  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
  const settings = settingsSchema.parse({
    ...parseSettings(shop.settings),
    inactiveAfterDays: f.inactiveAfterDays,
    activeWindowDays: f.activeWindowDays,
    loyalMinOrders: f.loyalMinOrders,
    cac: hasSpend
      ? {
          marketingSpendMinor: Number(decimalToMinor(String(f.cacSpend).replace(",", "."), f.currency)),
          newCustomers: Number(f.cacNewCustomers),
        }
      : null,
  });
  await db.shop.update({
    where: { id: shopId },
    data: { settings: JSON.stringify(settings), currency: f.currency, timezone: f.timezone, locale: f.locale },
  });
  return { ok: true };
}
