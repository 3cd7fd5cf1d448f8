// UI text in English and Dutch. Pages call t(key, vars); the locale comes from the
// admin's `locale` parameter (Shopify passes the merchant's language) or the shop's setting.
//
// The dictionaries hold ICU MessageFormat messages ("{name}" arguments, "{count, plural, one {…} other {…}}"),
// formatted by FormatJS's intl-messageformat: the maintained ICU engine on top of the platform's Intl (plural
// rules, number and date formats for the locale), without i18next's resource loading, namespaces and plugins,
// which a two-language app whose dictionaries are plain modules does not need (i18next-icu wraps this same library).
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { IntlMessageFormat } from "intl-messageformat";
import { en, type MessageKey } from "./en";
import { nl } from "./nl";
import { formatNumber } from "./format";
import { intlLocale, type Locale } from "./locale";

export { intlLocale, LOCALES, LANGUAGE_NAMES, type Locale } from "./locale";
export * from "./format";
const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, nl };

/** Parser options shared by the engine and the dictionary tests: "<" is text (messages say "< 3"), not a tag. */
export const PARSE_OPTIONS = { ignoreTag: true } as const;

export function resolveLocale(...candidates: (string | null | undefined)[]): Locale {
  for (const c of candidates) {
    const lang = c?.toLowerCase().split(/[-_]/)[0];
    if (lang === "nl" || lang === "en") return lang;
  }
  return "en";
}

/** Names of the arguments a message shows as they are ("{count}"), as opposed to plural/select/number ones. */
function plainArguments(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument) into.add(el.value);
    if (el.type === TYPE.plural || el.type === TYPE.select)
      for (const option of Object.values(el.options)) plainArguments(option.value, into);
  }
  return into;
}

type Compiled = { format: IntlMessageFormat; plain: Set<string> };
const compiled = new Map<string, Compiled>();

function compile(locale: Locale, message: string): Compiled {
  const cacheKey = `${locale}\u0000${message}`;
  let c = compiled.get(cacheKey);
  if (!c) {
    const ast = parse(message, PARSE_OPTIONS);
    c = { format: new IntlMessageFormat(ast, intlLocale(locale)), plain: plainArguments(ast) };
    compiled.set(cacheKey, c);
  }
  return c;
}

/**
 * The message `key` in `locale` with `vars` filled in. A number shown as a plain argument ("{count}") is written
 * the locale's way ("9.302" in Dutch); plural and select arguments get the number itself. A missing argument stays
 * visible as "{name}" (a missing plural one shows the message as written) rather than failing the page.
 */
export function translate(
  locale: Locale,
  key: MessageKey,
  vars: Record<string, string | number> = {},
  platform: "shopify" | "woocommerce" = "shopify",
): string {
  // On a WooCommerce shop's pages a variant `<key>.woocommerce` replaces a Shopify-specific text when there is one.
  const variant = `${key}.woocommerce`;
  if (platform === "woocommerce" && isMessageKey(variant)) key = variant;
  const message = dictionaries[locale][key] ?? en[key];
  const { format, plain } = compile(locale, message);
  const values: Record<string, string | number> = {};
  for (const name of plain)
    values[name] =
      name in vars ? (typeof vars[name] === "number" ? formatNumber(vars[name], locale) : vars[name]) : `{${name}}`;
  for (const [name, value] of Object.entries(vars)) if (!plain.has(name)) values[name] = value;
  try {
    return String(format.format(values));
  } catch {
    return message; // a plural or select argument missing or not a number: the message as written, not a 500
  }
}

/** An order's payment status as stored (Shopify's financial status, lower case: "partially_refunded") in words. */
export function financialStatusLabel(locale: Locale, status: string): string {
  const key = `order.status.${status}`;
  return key in en ? translate(locale, key as MessageKey) : translate(locale, "order.status.other", { status });
}

/** A message for a shopper, worded at the HTTP boundary in their language (workflows and models return these). */
export interface ShopperMessage {
  key: MessageKey;
  vars?: Record<string, string | number>;
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
