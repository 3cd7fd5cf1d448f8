// Validates and saves the merchant's settings form. Every field error is returned by
// name, so the page can show it inline; nothing is saved unless all fields are valid.
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { LOCALES } from "~/i18n";
import { decimalToMinor } from "~/core/money";
import { parseSettings, settingsSchema } from "./settings";

const TIMEZONES = new Set(Intl.supportedValuesOf("timeZone").concat("UTC"));
const intField = (min: number, max: number) =>
  z.coerce
    .number({ invalid_type_error: "Enter a whole number" })
    .int("Enter a whole number")
    .min(min, `At least ${min}`)
    .max(max, `At most ${max}`);

const formSchema = z.object({
  inactiveAfterDays: intField(1, 3650),
  activeWindowDays: intField(30, 3650),
  loyalMinOrders: intField(2, 100),
  cacSpend: z.union([z.literal(""), z.string().regex(/^\d+([.,]\d{1,2})?$/, "Enter an amount like 1250.00")]),
  cacNewCustomers: z.union([z.literal(""), intField(0, 10_000_000)]),
  currency: z.string().regex(/^[A-Z]{3}$/, "Use a 3-letter ISO 4217 code such as EUR"),
  timezone: z
    .string()
    .refine((tz) => TIMEZONES.has(tz), "Unknown time zone (use an IANA name such as Europe/Amsterdam)"),
  locale: z.enum(LOCALES as [string, ...string[]], { errorMap: () => ({ message: "Choose English or Nederlands" }) }),
});

export type SettingsFieldErrors = Partial<Record<keyof z.infer<typeof formSchema> | "form", string>>;

export async function saveSettingsForm(
  db: Db,
  shopId: string,
  form: FormData,
): Promise<{ ok: true } | { ok: false; errors: SettingsFieldErrors }> {
  const raw = Object.fromEntries([...form.entries()].map(([k, v]) => [k, typeof v === "string" ? v.trim() : ""]));
  const parsed = formSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: SettingsFieldErrors = {};
    for (const issue of parsed.error.issues) errors[issue.path[0] as keyof SettingsFieldErrors] ??= issue.message;
    return { ok: false, errors };
  }
  const f = parsed.data;
  const errors: SettingsFieldErrors = {};
  const hasSpend = f.cacSpend !== "";
  const hasNew = f.cacNewCustomers !== "";
  if (hasSpend !== hasNew) errors[hasSpend ? "cacNewCustomers" : "cacSpend"] = "Fill in both CAC fields, or neither";
  if (f.activeWindowDays < f.inactiveAfterDays) errors.activeWindowDays = "Must be at least the inactivity threshold";
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
