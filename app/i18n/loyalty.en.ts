// English UI text of the loyalty, referral, pixel and NPS admin pages (merged into en.ts).
export const loyaltyEn = {
  "nav.loyalty": "Loyalty & referrals",
  "nav.pixels": "Pixels & consent",
  "nav.nps": "NPS",
} as const;
