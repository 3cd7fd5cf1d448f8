// Merchant settings, stored as JSON on the shop row and validated here so a bad value is
// refused with its field name rather than stored.
import { z } from "zod";

// passthrough: other modules keep their own keys here (the loyalty program under `loyalty`,
// the web pixel ids under `pixels`, each validated by its owner), and a save of this form
// must not drop them.
export const settingsSchema = z
  .object({
    inactiveAfterDays: z.number().int().min(1).max(3650).default(60),
    activeWindowDays: z.number().int().min(30).max(3650).default(365),
    loyalMinOrders: z.number().int().min(2).max(100).default(3),
    cac: z
      .object({ marketingSpendMinor: z.number().int().min(0), newCustomers: z.number().int().min(0) })
      .nullable()
      .default(null),
  })
  .passthrough();

export type ShopSettings = z.infer<typeof settingsSchema>;

/** The settings JSON as an object whatever is stored (modules read their own section of it). */
export function settingsObject(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json || "{}") as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function parseSettings(json: string): ShopSettings {
  const parsed = settingsSchema.safeParse(settingsObject(json));
  return parsed.success ? parsed.data : settingsSchema.parse({});
}
