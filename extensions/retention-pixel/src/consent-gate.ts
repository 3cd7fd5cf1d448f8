// Retargeting pixel logic, kept free of the @shopify/web-pixels-extension import so unit
// tests and the browser harness can drive it with fakes. Only the API shape we use is typed.
//
// Consent rule (AVG/GDPR): nothing reaches an ad network unless the visitor has granted
// marketing consent. Shopify already refuses to load the pixel without it (see
// [customer_privacy] in shopify.extension.toml); this gate also covers consent that is
// given or withdrawn while the page stays open.

export type StandardEventName = "page_viewed" | "product_viewed" | "product_added_to_cart" | "checkout_completed";

export interface Money {
  amount: number;
  currencyCode: string;
}

export interface ProductVariant {
  id?: string | null;
  title?: string | null;
  sku?: string | null;
  price?: Money | null;
  product?: { id?: string | null; title?: string | null; vendor?: string | null; type?: string | null } | null;
}

export interface PixelEvent {
  id: string;
  name: string;
  timestamp: string;
  clientId?: string;
  context?: { document?: { location?: { href?: string }; title?: string; referrer?: string } };
  data?: {
    productVariant?: ProductVariant | null;
    cartLine?: {
      quantity?: number;
      cost?: { totalAmount?: Money | null } | null;
      merchandise?: ProductVariant | null;
    } | null;
    checkout?: {
      token?: string | null;
      order?: { id?: string | null } | null;
      currencyCode?: string | null;
      totalPrice?: Money | null;
      lineItems?: { quantity?: number; variant?: ProductVariant | null }[] | null;
    } | null;
  };
}

export interface CustomerPrivacyState {
  marketingAllowed: boolean;
  analyticsProcessingAllowed?: boolean;
  preferencesProcessingAllowed?: boolean;
  saleOfDataAllowed?: boolean;
}

export interface PixelSettings {
  metaPixelId?: string;
  googleTagId?: string;
  tiktokPixelId?: string;
}

/** The part of the `register` callback's argument this pixel uses. */
export interface PixelApi {
  analytics: { subscribe(name: StandardEventName, handler: (event: PixelEvent) => void): unknown };
  browser: { sendBeacon(url: string, body?: string): Promise<boolean> | boolean };
  init: { customerPrivacy?: Partial<CustomerPrivacyState> | null };
  settings: PixelSettings;
  customerPrivacy: {
    subscribe(
      name: "visitorConsentCollected",
      handler: (event: { customerPrivacy: Partial<CustomerPrivacyState> }) => void,
    ): unknown;
  };
}

export type FetchLike = (
  url: string,
  init: { method: string; body: string; keepalive: boolean; mode: "no-cors" },
) => Promise<unknown>;

export const META_ENDPOINT = "https://www.facebook.com/tr";
export const GOOGLE_ENDPOINT = "https://www.google-analytics.com/g/collect";
export const TIKTOK_ENDPOINT = "https://analytics.tiktok.com/api/v2/pixel";

export const EVENT_NAMES: Record<StandardEventName, { meta: string; google: string; tiktok: string }> = {
  page_viewed: { meta: "PageView", google: "page_view", tiktok: "Pageview" },
  product_viewed: { meta: "ViewContent", google: "view_item", tiktok: "ViewContent" },
  product_added_to_cart: { meta: "AddToCart", google: "add_to_cart", tiktok: "AddToCart" },
  checkout_completed: { meta: "Purchase", google: "purchase", tiktok: "CompletePayment" },
};

interface Item {
  id: string;
  name: string;
  price?: number;
  quantity: number;
}

interface Normalized {
  url: string;
  title: string;
  referrer: string;
  value?: number;
  currency?: string;
  items: Item[];
  orderId?: string;
}

const clean = (id: string | undefined) => (id ?? "").trim();

function item(variant: ProductVariant | null | undefined, quantity: number): Item | undefined {
  if (!variant) return undefined;
  const id = variant.product?.id ?? variant.id ?? variant.sku;
  if (!id) return undefined;
  return {
    id: String(id),
    name: variant.product?.title ?? variant.title ?? "",
    price: variant.price?.amount,
    quantity,
  };
}

function normalize(name: StandardEventName, event: PixelEvent): Normalized {
  const doc = event.context?.document;
  const base: Normalized = {
    url: doc?.location?.href ?? "",
    title: doc?.title ?? "",
    referrer: doc?.referrer ?? "",
    items: [],
  };
  const data = event.data ?? {};
  if (name === "product_viewed") {
    const v = data.productVariant;
    const it = item(v, 1);
    return { ...base, value: v?.price?.amount, currency: v?.price?.currencyCode, items: it ? [it] : [] };
  }
  if (name === "product_added_to_cart") {
    const line = data.cartLine;
    const it = item(line?.merchandise, line?.quantity ?? 1);
    const total = line?.cost?.totalAmount;
    return {
      ...base,
      value: total?.amount,
      currency: total?.currencyCode ?? line?.merchandise?.price?.currencyCode,
      items: it ? [it] : [],
    };
  }
  if (name === "checkout_completed") {
    const c = data.checkout;
    const items = (c?.lineItems ?? []).map((l) => item(l.variant, l.quantity ?? 1)).filter((i): i is Item => !!i);
    return {
      ...base,
      value: c?.totalPrice?.amount,
      currency: c?.totalPrice?.currencyCode ?? c?.currencyCode ?? undefined,
      items,
      orderId: c?.order?.id ?? c?.token ?? undefined,
    };
  }
  return base;
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.append(k, String(v));
  return q.toString();
}

export function metaUrl(pixelId: string, name: StandardEventName, event: PixelEvent): string {
  const n = normalize(name, event);
  return `${META_ENDPOINT}?${query({
    id: pixelId,
    ev: EVENT_NAMES[name].meta,
    eid: event.id, // lets Meta deduplicate against a server-side Conversions API event
    dl: n.url,
    rl: n.referrer,
    ts: Date.parse(event.timestamp) || undefined,
    "cd[value]": n.value,
    "cd[currency]": n.currency,
    "cd[content_type]": n.items.length ? "product" : undefined,
    "cd[content_ids]": n.items.length ? JSON.stringify(n.items.map((i) => i.id)) : undefined,
    "cd[order_id]": n.orderId,
  })}`;
}

export function googleUrl(tagId: string, name: StandardEventName, event: PixelEvent): string {
  const n = normalize(name, event);
  const params: Record<string, string | number | undefined> = {
    v: 2,
    tid: tagId,
    cid: event.clientId,
    en: EVENT_NAMES[name].google,
    dl: n.url,
    dt: n.title,
    dr: n.referrer,
    cu: n.currency,
    "epn.value": n.value,
    "ep.transaction_id": n.orderId,
  };
  n.items.forEach((i, k) => {
    params[`pr${k + 1}`] = [`id${i.id}`, `nm${i.name}`, i.price !== undefined ? `pr${i.price}` : "", `qt${i.quantity}`]
      .filter(Boolean)
      .join("~");
  });
  return `${GOOGLE_ENDPOINT}?${query(params)}`;
}

export function tiktokBody(pixelCode: string, name: StandardEventName, event: PixelEvent): string {
  const n = normalize(name, event);
  return JSON.stringify({
    event: EVENT_NAMES[name].tiktok,
    event_id: event.id,
    timestamp: event.timestamp,
    context: { pixel: { code: pixelCode }, page: { url: n.url, referrer: n.referrer } },
    properties: {
      value: n.value,
      currency: n.currency,
      content_type: n.items.length ? "product" : undefined,
      contents: n.items.map((i) => ({ content_id: i.id, content_name: i.name, price: i.price, quantity: i.quantity })),
    },
  });
}

export const SUBSCRIBED_EVENTS: StandardEventName[] = [
  "page_viewed",
  "product_viewed",
  "product_added_to_cart",
  "checkout_completed",
];

/**
 * Subscribes the retargeting pixel. Returns a way to read the gate's state (for tests).
 * `fetchImpl` defaults to the global fetch, which the strict sandbox's worker provides.
 */
export function startRetargetingPixel(api: PixelApi, fetchImpl?: FetchLike) {
  const meta = clean(api.settings.metaPixelId);
  const google = clean(api.settings.googleTagId);
  const tiktok = clean(api.settings.tiktokPixelId);
  // A missing privacy object means we do not know: treat it as "no consent".
  let marketingAllowed = api.init.customerPrivacy?.marketingAllowed === true;

  api.customerPrivacy.subscribe("visitorConsentCollected", (e) => {
    marketingAllowed = e?.customerPrivacy?.marketingAllowed === true;
  });

  const doFetch: FetchLike | undefined =
    fetchImpl ?? (typeof fetch === "function" ? (fetch as unknown as FetchLike) : undefined);
  // Transport failures must never break the storefront; ad requests are best effort.
  const swallow = (p: unknown) => {
    if (p && typeof (p as Promise<unknown>).catch === "function") (p as Promise<unknown>).catch(() => undefined);
  };

  for (const name of SUBSCRIBED_EVENTS) {
    api.analytics.subscribe(name, (event) => {
      // Events without consent are dropped, not queued: consent given later must not
      // release what the visitor did before agreeing.
      if (!marketingAllowed) return;
      if (meta) swallow(api.browser.sendBeacon(metaUrl(meta, name, event)));
      if (google) swallow(api.browser.sendBeacon(googleUrl(google, name, event)));
      if (tiktok && doFetch) {
        // no-cors + a text body: a "simple" request, so no CORS preflight to TikTok.
        swallow(
          doFetch(TIKTOK_ENDPOINT, {
            method: "POST",
            body: tiktokBody(tiktok, name, event),
            keepalive: true,
            mode: "no-cors",
          }),
        );
      }
    });
  }

  return { isMarketingAllowed: () => marketingAllowed };
}
