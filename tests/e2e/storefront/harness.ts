// Browser harness for the retargeting pixel: stands in for the two pieces of Shopify that
// surround a web pixel on a real storefront, then runs the real consent gate against them
// with the browser's own navigator.sendBeacon and fetch.
//  - window.Shopify.customerPrivacy: the Customer Privacy API a consent banner calls
//    (marketingAllowed(), setTrackingConsent(), the document "visitorConsentCollected" event).
//  - an analytics event bus publishing Shopify's standard events with their payload shape.
import {
  startRetargetingPixel,
  type PixelApi,
  type PixelEvent,
  type StandardEventName,
} from "../../../extensions/retention-pixel/src/consent-gate";

interface Consent {
  marketing: boolean;
  analytics: boolean;
  preferences: boolean;
  sale_of_data: boolean;
}

interface ConsentDetail {
  marketingAllowed: boolean;
  analyticsAllowed: boolean;
  preferencesAllowed: boolean;
  saleOfDataAllowed: boolean;
}

declare global {
  interface Window {
    Shopify: { customerPrivacy: ReturnType<typeof customerPrivacyApi> };
    storefront: { publish(name: StandardEventName, data?: PixelEvent["data"]): void; published: string[] };
  }
}

// An EU visitor before the banner: nothing granted (sale of data is opt-out, so allowed).
let consent: Consent = { marketing: false, analytics: false, preferences: false, sale_of_data: true };

function customerPrivacyApi() {
  return {
    marketingAllowed: () => consent.marketing,
    analyticsProcessingAllowed: () => consent.analytics,
    preferencesProcessingAllowed: () => consent.preferences,
    saleOfDataAllowed: () => consent.sale_of_data,
    setTrackingConsent(next: Partial<Consent>, callback?: (result?: { error?: string }) => void) {
      consent = { ...consent, ...next };
      const detail: ConsentDetail = {
        marketingAllowed: consent.marketing,
        analyticsAllowed: consent.analytics,
        preferencesAllowed: consent.preferences,
        saleOfDataAllowed: consent.sale_of_data,
      };
      document.dispatchEvent(new CustomEvent("visitorConsentCollected", { detail }));
      callback?.();
    },
  };
}
window.Shopify = { customerPrivacy: customerPrivacyApi() };

// Shopify's pixel runtime: event bus plus the consent channel it relays to pixels.
const subscribers = new Map<string, ((e: PixelEvent) => void)[]>();
const published: string[] = [];
let seq = 0;
const api: PixelApi = {
  analytics: {
    subscribe(name, handler) {
      subscribers.set(name, [...(subscribers.get(name) ?? []), handler]);
    },
  },
  browser: { sendBeacon: async (url, body) => navigator.sendBeacon(url, body) },
  init: { customerPrivacy: { marketingAllowed: window.Shopify.customerPrivacy.marketingAllowed() } },
  settings: { metaPixelId: "1234567890", googleTagId: "G-TEST123", tiktokPixelId: "CTIKTOK123" },
  customerPrivacy: {
    subscribe(name, handler) {
      document.addEventListener(name, (e) => {
        const d = (e as CustomEvent<ConsentDetail>).detail;
        handler({
          customerPrivacy: {
            marketingAllowed: d.marketingAllowed,
            analyticsProcessingAllowed: d.analyticsAllowed,
            preferencesProcessingAllowed: d.preferencesAllowed,
            saleOfDataAllowed: d.saleOfDataAllowed,
          },
        });
      });
    },
  },
};
startRetargetingPixel(api, (url, init) => fetch(url, init));

window.storefront = {
  published,
  publish(name, data = {}) {
    const event: PixelEvent = {
      id: `sh-${++seq}`,
      name,
      timestamp: new Date().toISOString(),
      clientId: "e2e-client",
      context: { document: { location: { href: location.href }, title: document.title, referrer: document.referrer } },
      data,
    };
    published.push(name);
    for (const h of subscribers.get(name) ?? []) h(event);
  },
};

// The page's own wiring: banner buttons call the Customer Privacy API; shop buttons publish events.
const variant = {
  id: "gid://shopify/ProductVariant/4401",
  title: "Blue / Large",
  price: { amount: 24.95, currencyCode: "EUR" },
  product: { id: "gid://shopify/Product/44", title: "Retention mug", vendor: "Demo", type: "Mug" },
};
const banner = document.getElementById("consent-banner")!;
const choose = (marketing: boolean) => () =>
  window.Shopify.customerPrivacy.setTrackingConsent({ marketing, analytics: marketing, preferences: marketing }, () => {
    banner.hidden = true;
  });
document.getElementById("consent-accept")!.addEventListener("click", choose(true));
document.getElementById("consent-decline")!.addEventListener("click", choose(false));
document.getElementById("privacy-settings")!.addEventListener("click", () => (banner.hidden = false));
document
  .getElementById("view-product")!
  .addEventListener("click", () => window.storefront.publish("product_viewed", { productVariant: variant }));
document.getElementById("add-to-cart")!.addEventListener("click", () =>
  window.storefront.publish("product_added_to_cart", {
    cartLine: { quantity: 1, merchandise: variant, cost: { totalAmount: variant.price } },
  }),
);
document.getElementById("buy")!.addEventListener("click", () =>
  window.storefront.publish("checkout_completed", {
    checkout: {
      order: { id: "gid://shopify/Order/9001" },
      totalPrice: variant.price,
      lineItems: [{ quantity: 1, variant }],
    },
  }),
);
window.storefront.publish("page_viewed");
