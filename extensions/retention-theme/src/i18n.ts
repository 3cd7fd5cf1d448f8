// Storefront strings. The language follows <html lang>, which Shopify themes set to the
// shop's active locale; anything other than Dutch falls back to English.
const en = {
  launcher: "Rewards",
  close: "Close",
  loading: "Loading…",
  joinTitle: "Join our rewards programme",
  joinCta: "Create a free account",
  joinNow: "Join",
  signIn: "Already a member? Sign in",
  points: "Points",
  available: "{n} points available",
  pending: "{n} pending",
  tier: "Tier",
  rewards: "Rewards",
  noRewards: "No rewards available yet.",
  cost: "{n} points",
  redeem: "Redeem",
  redeemed: "Your discount code:",
  referral: "Invite friends",
  copy: "Copy link",
  copied: "Copied",
  npsQuestion: "How likely are you to recommend us to a friend?",
  npsLow: "Not likely",
  npsHigh: "Very likely",
  comment: "Anything you'd like to add? (optional)",
  send: "Send",
  thanks: "Thank you for your feedback!",
  errScore: "Choose a score from 0 to 10.",
  errComment: "Your comment can be at most {n} characters.",
  errNetwork: "Could not reach the shop. Please try again.",
  errGeneric: "Something went wrong. Please try again.",
  referralClaimed: "Welcome! Your friend's discount code for your first order:",
};

export type Strings = typeof en;

const nl: Strings = {
  launcher: "Beloningen",
  close: "Sluiten",
  loading: "Laden…",
  joinTitle: "Word lid van ons spaarprogramma",
  joinCta: "Maak een gratis account aan",
  joinNow: "Word lid",
  signIn: "Al lid? Log in",
  points: "Punten",
  available: "{n} punten beschikbaar",
  pending: "{n} in behandeling",
  tier: "Niveau",
  rewards: "Beloningen",
  noRewards: "Nog geen beloningen beschikbaar.",
  cost: "{n} punten",
  redeem: "Inwisselen",
  redeemed: "Je kortingscode:",
  referral: "Nodig vrienden uit",
  copy: "Kopieer link",
  copied: "Gekopieerd",
  npsQuestion: "Hoe waarschijnlijk is het dat je ons aanbeveelt aan een vriend?",
  npsLow: "Niet waarschijnlijk",
  npsHigh: "Zeer waarschijnlijk",
  comment: "Wil je nog iets toevoegen? (optioneel)",
  send: "Versturen",
  thanks: "Bedankt voor je feedback!",
  errScore: "Kies een score van 0 tot en met 10.",
  errComment: "Je opmerking mag maximaal {n} tekens lang zijn.",
  errNetwork: "De winkel is niet bereikbaar. Probeer het opnieuw.",
  errGeneric: "Er ging iets mis. Probeer het opnieuw.",
  referralClaimed: "Welkom! Je kortingscode van je vriend voor je eerste bestelling:",
};

export interface I18n {
  locale: "en" | "nl";
  t: Strings;
  /** Fills {n} with a number formatted for the locale. */
  fmt(template: string, n: number): string;
}

export function pickLanguage(lang: string | null | undefined): I18n {
  const locale = (lang ?? "").toLowerCase().startsWith("nl") ? "nl" : "en";
  return {
    locale,
    t: locale === "nl" ? nl : en,
    fmt: (template, n) => template.replace("{n}", n.toLocaleString(locale === "nl" ? "nl-NL" : "en-GB")),
  };
}
