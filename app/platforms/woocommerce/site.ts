// A WooCommerce store's address and what the app keeps of it: plain functions, no network
// (the calls are in store.server.ts), so models and routes may use them.
export class WooConnectError extends Error {
  readonly code = "WOOCOMMERCE_CONNECT";
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface WooShopDetails {
  name: string;
  currency: string;
  timezone: string;
}

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * "Shop.Example.com/" or "https://example.com/shop/?x=1" -> the site URL the REST API lives under
 * (https, lower-case host, a WordPress folder kept, no query) and the Shop domain: the host, plus
 * the folder when WordPress runs in one (two stores in folders of one host stay two shops).
 * http:// only for 127.0.0.1 and localhost (tests and local development).
 */
export function normalizeWooSiteUrl(input: string): { siteUrl: string; domain: string } {
  const text = input.trim();
  if (!text) throw new WooConnectError("enter the store's address, e.g. https://shop.example.com", 400);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new WooConnectError(`"${text}" is not a web address`, 400);
  }
  if (url.username || url.password)
    throw new WooConnectError("the store's address must not contain a user name or password", 400);
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && local)) {
    throw new WooConnectError(
      `the store must be reached over https (WooCommerce sends its API keys only to a secure site): ${url.protocol}//${url.host}`,
      400,
    );
  }
  const path = url.pathname.replace(/\/+$/, "");
  const siteUrl = `${url.protocol}//${url.host}${path}`;
  return { siteUrl, domain: `${url.host}${path}` };
}
