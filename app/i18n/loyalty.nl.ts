// Dutch UI text of the loyalty, referral, pixel and NPS admin pages (merged into nl.ts).
import type { loyaltyEn } from "./loyalty.en";

export const loyaltyNl: Record<keyof typeof loyaltyEn, string> = {
  "nav.loyalty": "Loyaliteit & doorverwijzen",
  "nav.pixels": "Pixels & toestemming",
  "nav.nps": "NPS",
};
