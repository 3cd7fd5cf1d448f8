// The app's languages and the Intl locale each one formats numbers and dates with.
export type Locale = "en" | "nl";
export const LOCALES: Locale[] = ["en", "nl"];

/** BCP 47 locale for Intl: British English (day before month, "1,234.5"), Dutch of the Netherlands ("1.234,5"). */
export const intlLocale = (locale: Locale) => (locale === "nl" ? "nl-NL" : "en-GB");

/** Each language's name in that language, as a language picker shows it. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: "English", nl: "Nederlands" };
