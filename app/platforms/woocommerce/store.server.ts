// A WooCommerce store as the app sees it over the network: the address it is reached at, its
// name, currency and time zone, and the app's webhooks on it. No database here: the workflow
// (app/workflows/woocommerce-connect.server.ts) stores what these calls return.
import type { WooClient } from "./rest-client.server";
import type { WooShopDetails } from "./site";
import { readLimited, type StoreFetch } from "./store-network.server";

/** Defaults when the store does not say (an old WooCommerce, a security plugin hiding /wp-json/). */
export const WOO_DEFAULT_CURRENCY = "EUR";
export const WOO_DEFAULT_TIMEZONE = "Europe/Amsterdam";

/**
 * Name and time zone from WordPress's index (GET /wp-json/), currency from WooCommerce's general
 * settings. Keys that do not work against the site throw (WooApiError "auth"); anything else the
 * store does not tell falls back to the domain, EUR and Europe/Amsterdam (the merchant can
 * correct them in the settings).
 */
export async function fetchWooShopDetails(client: WooClient, domain: string): Promise<WooShopDetails> {
  const settings = await client.generalSettings();
  const currencyValue = settings.find((s) => s.id === "woocommerce_currency")?.value;
  const currency =
    typeof currencyValue === "string" && /^[A-Z]{3}$/.test(currencyValue) ? currencyValue : WOO_DEFAULT_CURRENCY;
  let name = domain;
  let timezone = WOO_DEFAULT_TIMEZONE;
  try {
    const site = await client.siteInfo();
    if (typeof site.name === "string" && site.name.trim()) name = site.name.trim();
    timezone = ianaTimezone(site.timezone_string, site.gmt_offset) ?? WOO_DEFAULT_TIMEZONE;
  } catch {
    // The index is optional: the defaults stand.
  }
  return { name, currency, timezone };
}

/** WordPress's timezone_string, or a whole-hour gmt_offset as Etc/GMT∓N (POSIX signs are inverted). */
export function ianaTimezone(timezoneString: unknown, gmtOffset: unknown): string | null {
  if (typeof timezoneString === "string" && timezoneString) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: timezoneString });
      return timezoneString;
    } catch {
      return null;
    }
  }
  const offset = Number(gmtOffset);
  if (
    gmtOffset === undefined ||
    gmtOffset === null ||
    gmtOffset === "" ||
    !Number.isInteger(offset) ||
    Math.abs(offset) > 14
  )
    return null;
  return offset === 0 ? "UTC" : `Etc/GMT${offset > 0 ? "-" : "+"}${Math.abs(offset)}`;
}

// order.deleted also fires when an order is trashed; order.restored brings it back from the trash.
export const WOO_WEBHOOK_TOPICS = [
  "order.created",
  "order.updated",
  "order.deleted",
  "order.restored",
  "customer.created",
  "customer.updated",
] as const;

/**
 * Creates the app's webhooks on the store (POST /wp-json/wc/v3/webhooks), skipping topics that
 * already deliver to the shop's URL (a retried registration creates no duplicates). Returns the
 * topics created.
 */
export async function ensureWooWebhooks(client: WooClient, opts: { deliveryUrl: string; secret: string }) {
  const existing = new Set<string>();
  for (let page = 1; ; page++) {
    const { items, totalPages } = await client.webhooksPage({ page });
    for (const w of items as { topic?: unknown; delivery_url?: unknown; status?: unknown }[]) {
      if (w.delivery_url === opts.deliveryUrl && w.status !== "disabled") existing.add(String(w.topic));
    }
    if (items.length === 0 || page >= totalPages) break;
  }
  const created: string[] = [];
  for (const topic of WOO_WEBHOOK_TOPICS) {
    if (existing.has(topic)) continue;
    await client.createWebhook({
      name: `Retention analytics: ${topic}`,
      topic,
      delivery_url: opts.deliveryUrl,
      secret: opts.secret,
    });
    created.push(topic);
  }
  return created;
}

/** Where the store delivers the shop's webhooks. */
export const wooWebhookUrl = (appUrl: string, shopId: string) =>
  `${appUrl.replace(/\/+$/, "")}/webhooks/woocommerce/${shopId}`;

/** The connect proof is 64 hex characters in a small JSON object: more than this is not one. */
const MAX_PROOF_ANSWER_BYTES = 4096;

/**
 * C2 of the plugin protocol: asks the store's plugin (public route) for its proof of the secret
 * sent in C1. Returns the proof, or null when the store answered anything else (no plugin, an
 * error page, another shape); what it answered is never passed on. Network problems throw
 * StoreNetworkError.
 */
export async function fetchConnectProof(
  storeFetch: StoreFetch,
  siteUrl: string,
  nonce: string,
): Promise<string | null> {
  const url = new URL(`${siteUrl.replace(/\/+$/, "")}/wp-json/retention/v1/connect-proof`);
  url.searchParams.set("nonce", nonce);
  const response = await storeFetch(url, {
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(15_000),
  });
  const text = await readLimited(response, MAX_PROOF_ANSWER_BYTES);
  if (response.status !== 200) return null;
  try {
    const proof = (JSON.parse(text) as { proof?: unknown } | null)?.proof;
    return typeof proof === "string" && /^[0-9a-f]{64}$/.test(proof) ? proof : null;
  } catch {
    return null;
  }
}
