// Merchant settings, stored as JSON on the shop row and validated here so a bad value is
// refused with its field name rather than stored.
import { z } from "zod";

// passthrough: other modules keep their own keys here (the loyalty program under `loyalty`,
// the web pixel ids under `pixels`, each validated by its owner), and a save of this form
// must not drop them.
export const settingsSchema = z.object({
  inactiveAfterDays: z.number().int().min(1).max(3650).default(60),
  activeWindowDays: z.number().int().min(30).max(3650).default(365),
  loyalMinOrders: z.number().int().min(2).max(100).default(3),
  cac: z
    .object({ marketingSpendMinor: z.number().int().min(0), newCustomers: z.number().int().min(0) })
    .nullable()
    .default(null),
}).passthrough();

export type ShopSettings = z.infer<typeof settingsSchema>;

export function parseSettings(json: string): ShopSettings {
  let raw: unknown;
  try {
    raw = JSON.parse(json || "{}");
  } catch {
    raw = {};
  }
  const parsed = settingsSchema.safeParse(raw);
  return parsed.success ? parsed.data : settingsSchema.parse({});
}
