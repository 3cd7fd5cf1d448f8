// Shopify names the merchant's language only in the URL it opens the app with (?locale=nl): links between the
// app's pages keep it, so the next page is in the same language rather than the shop's setting.
import { useLocation } from "@remix-run/react";

/** The `locale` parameter of the current URL, if any. */
export function useAskedLocale(): string | null {
  return new URLSearchParams(useLocation().search).get("locale");
}

/** `href` with the current URL's `locale` parameter added (when it has one and `href` has none). */
export function useKeepLocale(): (href: string) => string {
  const asked = useAskedLocale();
  return (href) => {
    if (!asked) return href;
    const [path, query = ""] = href.split("?");
    const params = new URLSearchParams(query);
    if (!params.has("locale")) params.set("locale", asked);
    return `${path}?${params}`;
  };
}
