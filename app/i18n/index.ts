// UI text in English and Dutch. Pages call t(key, vars); the locale comes from the
// admin's `locale` parameter (Shopify passes the merchant's language) or the shop's setting.
import { en, type MessageKey } from "./en";
import { nl } from "./nl";

export type Locale = "en" | "nl";
export const LOCALES: Locale[] = ["en", "nl"];
const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, nl };

export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    const lang = c?.toLowerCase().split(/[-_]/)[0];
    if (lang === "nl" || lang === "en") return lang;
  }
  return "en";
}

/**
 * The text of `key` in `locale`. On a WooCommerce shop's pages (`platform`), a variant
 * `<key>.woocommerce` replaces a Shopify-specific text when there is one.
 */
export function translate(
  locale: Locale,
  key: MessageKey,
  vars: Record<string, string | number> = {},
  platform: "shopify" | "woocommerce" = "shopify",
): string {
  const variant = `${key}.woocommerce`;
  if (platform === "woocommerce" && variant in en) key = variant as MessageKey;
  const text = dictionaries[locale][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => (name in vars ? String(vars[name]) : `{${name}}`));
}

export type { MessageKey };

/** Whether `key` is a message (for keys built at run time, such as a platform's variant of a text). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/**
 * A translator that prefers the platform's own variant of a text ("<key>.woocommerce") when
 * there is one: pages shared by Shopify and WooCommerce shops name the right platform.
 */
export function platformTranslator(
  locale: Locale,
  platform: string,
): (key: MessageKey, vars?: Record<string, string | number>) => string {
  return (key, vars) => {
    const variant = `${key}.${platform}`;
    return translate(locale, platform !== "shopify" && isMessageKey(variant) ? variant : key, vars);
  };
}
