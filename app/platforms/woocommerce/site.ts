// A WooCommerce store's address and what the app keeps of it: plain functions, no network
// (the calls are in store.server.ts), so models and routes may use them.
import ipaddr from "ipaddr.js";
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

// Names that never belong to a public web shop (RFC 6761/6762, RFC 8375, common intranet use).
const PRIVATE_SUFFIXES = ["localhost", "local", "internal", "localdomain", "home.arpa", "intranet", "lan"];

const bare = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");

/** A loopback host by its name or literal address (no DNS). */
export function isLoopbackHost(hostname: string): boolean {
  const host = bare(hostname);
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  return ipaddr.isValid(host) && ipaddr.parse(host).range() === "loopback";
}

export interface SiteUrlPolicy {
  /** Tests only (WOOCOMMERCE_ALLOW_LOOPBACK_STORES): a store on loopback, over http too. */
  allowLoopback?: boolean;
}

/**
 * "Shop.Example.com/" or "https://example.com/shop/?x=1" -> the site URL the REST API lives under
 * (https, lower-case host, a WordPress folder kept, no query) and the Shop domain: the host, plus
 * the folder when WordPress runs in one (two stores in folders of one host stay two shops).
 * Refused before any network use: anything but https on the default port, credentials in the
 * address, an IP literal that is not a public address, and names that cannot be a public host
 * (single label, localhost, .local, .internal...). What the name resolves to is checked when the
 * store is reached (store-network.server.ts). http:// and other ports only for a loopback store
 * when the policy allows it.
 */
export function normalizeWooSiteUrl(input: string, policy: SiteUrlPolicy = {}): { siteUrl: string; domain: string } {
  const text = input.trim();
  if (!text) throw new WooConnectError("enter the store's address, e.g. https://shop.example.com", 400);
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw new WooConnectError("the store's address is not a web address", 400);
  }
  if (url.username || url.password)
    throw new WooConnectError("the store's address must not contain a user name or password", 400);
  const host = bare(url.hostname);
  const loopback = isLoopbackHost(url.hostname);
  if (loopback && policy.allowLoopback) {
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new WooConnectError("the store's address must start with https://", 400);
  } else {
    if (url.protocol !== "https:")
      throw new WooConnectError(
        "the store must be reached over https (WooCommerce sends its API keys only to a secure site)",
        400,
      );
    if (url.port !== "")
      throw new WooConnectError("the store must be reached on the standard https port (no :port in the address)", 400);
    if (!isPublicHostName(host))
      throw new WooConnectError("the store's address must be a public host name or address", 400);
  }
  const path = url.pathname.replace(/\/+$/, "");
  const siteUrl = `${url.protocol}//${url.host}${path}`;
  return { siteUrl, domain: `${url.host}${path}` };
}

/** A host that may be public: a public IP literal, or a dotted name outside the private suffixes. */
function isPublicHostName(host: string): boolean {
  if (ipaddr.isValid(host)) return ipaddr.parse(host).range() === "unicast";
  if (/^[0-9.]+$/.test(host) || /^0x/i.test(host)) return false; // an address in a form URL would not normalise
  if (!host.includes(".")) return false;
  return !PRIVATE_SUFFIXES.some((s) => host === s || host.endsWith(`.${s}`));
}

/** The Shop domain of an already normalised site URL (host plus WordPress folder). */
export function wooDomain(siteUrl: string): string {
  const url = new URL(siteUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, "")}`;
}
