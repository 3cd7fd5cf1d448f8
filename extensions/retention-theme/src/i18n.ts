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
  codes: "Your discount codes",
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
  earnRate: "You earn {points} per {money} spent.",
  onePoint: "1 point",
  nPoints: "{n} points",
  toReward: "{points} more for {reward}.",
  rewardReady: "You have enough points for {reward}.",
  tierNext: "Spend {money} more within a year to reach {tier}.",
  tierTop: "You are in our top tier.",
  referrerOffer:
    "Your friends get {discount} off their first order. You get {points} once their first order is paid, to spend {days} days later.",
  referrerOfferNow:
    "Your friends get {discount} off their first order. You get {points} once their first order is paid.",
  friendOffer: "A friend gave you {discount} off your first order. Create an account or sign in to get your code.",
  signupIncentive: "Create a free account and get {points}.",
  joinIncentive: "Join and get {points} straight away.",
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
  codes: "Je kortingscodes",
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
  earnRate: "Je spaart {points} per {money} die je besteedt.",
  onePoint: "1 punt",
  nPoints: "{n} punten",
  toReward: "Nog {points} voor {reward}.",
  rewardReady: "Je hebt genoeg punten voor {reward}.",
  tierNext: "Besteed binnen een jaar nog {money} om {tier} te worden.",
  tierTop: "Je zit in ons hoogste niveau.",
  referrerOffer:
    "Je vrienden krijgen {discount} korting op hun eerste bestelling. Jij krijgt {points} zodra hun eerste bestelling betaald is, te besteden {days} dagen later.",
  referrerOfferNow:
    "Je vrienden krijgen {discount} korting op hun eerste bestelling. Jij krijgt {points} zodra hun eerste bestelling betaald is.",
  friendOffer:
    "Een vriend geeft je {discount} korting op je eerste bestelling. Maak een account aan of log in om je code te krijgen.",
  signupIncentive: "Maak een gratis account aan en krijg {points}.",
  joinIncentive: "Word lid en krijg meteen {points}.",
};

export interface I18n {
  locale: "en" | "nl";
  t: Strings;
  /** Fills {n} with a number formatted for the locale. */
  fmt(template: string, n: number): string;
  /** Fills {name} placeholders with the given texts. */
  fill(template: string, vars: Record<string, string>): string;
  /** An amount in minor units (cents) in the shop's currency, as the locale writes money. */
  money(minor: number, currency: string): string;
  /** "1 point" / "250 points", the number formatted for the locale. */
  pts(n: number): string;
  /** The currency's decimals (EUR 2, JPY 0), as Intl knows them. */
  decimals(currency: string): number;
}

export function pickLanguage(lang: string | null | undefined): I18n {
  const locale = (lang ?? "").toLowerCase().startsWith("nl") ? "nl" : "en";
  const tag = locale === "nl" ? "nl-NL" : "en-GB";
  const t = locale === "nl" ? nl : en;
  const decimals = (currency: string) =>
    new Intl.NumberFormat(tag, { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const fmt = (template: string, n: number) => template.replace("{n}", n.toLocaleString(tag));
  return {
    locale,
    t,
    fmt,
    fill: (template, vars) => template.replace(/\{(\w+)\}/g, (m, k: string) => vars[k] ?? m),
    decimals,
    money(minor, currency) {
      const digits = decimals(currency);
      const v = minor / 10 ** digits;
      // Whole amounts without ",00" ("€5"), others with the currency's decimals ("€12.50").
      const d = Number.isInteger(v) ? 0 : digits;
      return new Intl.NumberFormat(tag, {
        style: "currency",
        currency,
        minimumFractionDigits: d,
        maximumFractionDigits: d,
      }).format(v);
    },
    pts: (n) => (n === 1 ? t.onePoint : fmt(t.nPoints, n)),
  };
}
