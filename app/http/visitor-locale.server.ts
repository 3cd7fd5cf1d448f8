// The language of a page shown before anyone is signed in (landing, login, old links): the
// ?locale= the link carries, else the browser's first choice (Accept-Language), else English.
import { resolveLocale, type Locale } from "~/i18n";

export function visitorLocale(request: Request): Locale {
  const firstChoice = request.headers.get("accept-language")?.split(",")[0];
  return resolveLocale(new URL(request.url).searchParams.get("locale"), firstChoice);
}
