// The retargeting pixel's consent gate, driven through a fake of Shopify's web pixel API:
// an event bus, a consent channel, and transports that record instead of sending.
import { describe, expect, it } from "vitest";
import {
  startRetargetingPixel,
  type PixelApi,
  type PixelEvent,
  type PixelSettings,
  type StandardEventName,
} from "../../extensions/retention-pixel/src/consent-gate";

interface Sent {
  network: "meta" | "google" | "tiktok";
  url: URL;
  body?: string;
}

function networkOf(url: URL): Sent["network"] {
  if (url.hostname.endsWith("facebook.com")) return "meta";
  if (url.hostname.endsWith("google-analytics.com")) return "google";
  if (url.hostname.endsWith("tiktok.com")) return "tiktok";
  throw new Error(`request to an unexpected host: ${url.href}`);
}

function fakeShopify(settings: PixelSettings, initialMarketing: boolean | undefined) {
  const handlers = new Map<string, ((e: PixelEvent) => void)[]>();
  const consentHandlers: ((e: { customerPrivacy: { marketingAllowed: boolean } }) => void)[] = [];
  const sent: Sent[] = [];
  const api: PixelApi = {
    analytics: {
      subscribe(name, handler) {
        handlers.set(name, [...(handlers.get(name) ?? []), handler]);
      },
    },
    browser: {
      async sendBeacon(url, body) {
        const u = new URL(url);
        sent.push({ network: networkOf(u), url: u, body });
        return true;
      },
    },
    init: { customerPrivacy: initialMarketing === undefined ? undefined : { marketingAllowed: initialMarketing } },
    settings,
    customerPrivacy: {
      subscribe(name, handler) {
        expect(name).toBe("visitorConsentCollected");
        consentHandlers.push(handler);
      },
    },
  };
  const fetchImpl = async (url: string, init: { method: string; body: string }) => {
    expect(init.method).toBe("POST");
    const u = new URL(url);
    sent.push({ network: networkOf(u), url: u, body: init.body });
    return {};
  };
  let seq = 0;
  return {
    api,
    fetchImpl,
    sent,
    start: () => startRetargetingPixel(api, fetchImpl),
    publish(name: StandardEventName, data: PixelEvent["data"] = {}) {
      const event: PixelEvent = {
        id: `evt-${++seq}`,
        name,
        timestamp: "2025-05-01T10:00:00.000Z",
        clientId: "client-1",
        context: { document: { location: { href: "https://shop.example/products/mug" }, title: "Mug", referrer: "" } },
        data,
      };
      for (const h of handlers.get(name) ?? []) h(event);
    },
    setMarketing(allowed: boolean) {
      for (const h of consentHandlers) h({ customerPrivacy: { marketingAllowed: allowed } });
    },
  };
}

const ALL_IDS: PixelSettings = { metaPixelId: "1234567890", googleTagId: "G-TEST123", tiktokPixelId: "CTIKTOK123" };
const variant = {
  id: "gid://shopify/ProductVariant/11",
  title: "Blue",
  price: { amount: 12.5, currencyCode: "EUR" },
  product: { id: "gid://shopify/Product/7", title: "Mug" },
};

function browseAndBuy(shop: ReturnType<typeof fakeShopify>) {
  shop.publish("page_viewed");
  shop.publish("product_viewed", { productVariant: variant });
  shop.publish("product_added_to_cart", {
    cartLine: { quantity: 2, cost: { totalAmount: { amount: 25, currencyCode: "EUR" } }, merchandise: variant },
  });
  shop.publish("checkout_completed", {
    checkout: {
      order: { id: "gid://shopify/Order/99" },
      totalPrice: { amount: 25, currencyCode: "EUR" },
      lineItems: [{ quantity: 2, variant }],
    },
  });
}

/** The event name each request carries, per network, in order. */
function eventNames(sent: Sent[]) {
  return {
    meta: sent.filter((s) => s.network === "meta").map((s) => s.url.searchParams.get("ev")),
    google: sent.filter((s) => s.network === "google").map((s) => s.url.searchParams.get("en")),
    tiktok: sent.filter((s) => s.network === "tiktok").map((s) => JSON.parse(s.body!).event),
  };
}

describe("retargeting pixel consent gate", () => {
  it("sends zero requests to any ad network when the visitor has not given marketing consent", () => {
    const shop = fakeShopify(ALL_IDS, false);
    shop.start();
    browseAndBuy(shop);
    expect(shop.sent).toEqual([]);
  });

  it("treats a missing customerPrivacy state as no consent", () => {
    const shop = fakeShopify(ALL_IDS, undefined);
    shop.start();
    browseAndBuy(shop);
    expect(shop.sent).toEqual([]);
  });

  it("sends every event to Meta, Google and TikTok with their own event names when consent was given before the pixel loaded", () => {
    const shop = fakeShopify(ALL_IDS, true);
    shop.start();
    browseAndBuy(shop);
    expect(eventNames(shop.sent)).toEqual({
      meta: ["PageView", "ViewContent", "AddToCart", "Purchase"],
      google: ["page_view", "view_item", "add_to_cart", "purchase"],
      tiktok: ["Pageview", "ViewContent", "AddToCart", "CompletePayment"],
    });
  });

  it("starts sending only the events after consent is granted later, and drops the ones before it", () => {
    const shop = fakeShopify(ALL_IDS, false);
    const gate = shop.start();
    shop.publish("page_viewed");
    shop.publish("product_viewed", { productVariant: variant });
    expect(shop.sent).toEqual([]);

    shop.setMarketing(true);
    expect(gate.isMarketingAllowed()).toBe(true);
    // Nothing from before consent is released retroactively.
    expect(shop.sent).toEqual([]);

    shop.publish("product_added_to_cart", {
      cartLine: { quantity: 1, merchandise: variant, cost: { totalAmount: { amount: 12.5, currencyCode: "EUR" } } },
    });
    expect(eventNames(shop.sent)).toEqual({ meta: ["AddToCart"], google: ["add_to_cart"], tiktok: ["AddToCart"] });
  });

  it("stops sending as soon as consent is withdrawn", () => {
    const shop = fakeShopify(ALL_IDS, true);
    shop.start();
    shop.publish("page_viewed");
    expect(shop.sent).toHaveLength(3);

    shop.setMarketing(false);
    browseAndBuy(shop);
    expect(shop.sent).toHaveLength(3);
  });

  it("keeps a network silent when its pixel id is not set (empty or blank), while the others still send", () => {
    const shop = fakeShopify({ metaPixelId: "", googleTagId: "G-TEST123", tiktokPixelId: "   " }, true);
    shop.start();
    browseAndBuy(shop);
    expect(new Set(shop.sent.map((s) => s.network))).toEqual(new Set(["google"]));
    expect(shop.sent).toHaveLength(4);
  });

  it("sends nothing at all when no pixel id is configured, even with consent", () => {
    const shop = fakeShopify({}, true);
    shop.start();
    browseAndBuy(shop);
    expect(shop.sent).toEqual([]);
  });

  it("addresses each request to the configured pixel and carries the purchase value, currency and products", () => {
    const shop = fakeShopify(ALL_IDS, true);
    shop.start();
    shop.publish("checkout_completed", {
      checkout: {
        order: { id: "gid://shopify/Order/99" },
        totalPrice: { amount: 25, currencyCode: "EUR" },
        lineItems: [{ quantity: 2, variant }],
      },
    });
    const [meta, google, tiktok] = shop.sent;

    expect(meta.url.origin + meta.url.pathname).toBe("https://www.facebook.com/tr");
    expect(meta.url.searchParams.get("id")).toBe("1234567890");
    expect(meta.url.searchParams.get("cd[value]")).toBe("25");
    expect(meta.url.searchParams.get("cd[currency]")).toBe("EUR");
    expect(JSON.parse(meta.url.searchParams.get("cd[content_ids]")!)).toEqual(["gid://shopify/Product/7"]);
    expect(meta.url.searchParams.get("eid")).toBe("evt-1");

    expect(google.url.origin + google.url.pathname).toBe("https://www.google-analytics.com/g/collect");
    expect(google.url.searchParams.get("tid")).toBe("G-TEST123");
    expect(google.url.searchParams.get("cid")).toBe("client-1");
    expect(google.url.searchParams.get("cu")).toBe("EUR");
    expect(google.url.searchParams.get("epn.value")).toBe("25");
    expect(google.url.searchParams.get("ep.transaction_id")).toBe("gid://shopify/Order/99");
    expect(google.url.searchParams.get("pr1")).toBe("idgid://shopify/Product/7~nmMug~pr12.5~qt2");

    expect(tiktok.url.href).toBe("https://analytics.tiktok.com/api/v2/pixel");
    expect(JSON.parse(tiktok.body!)).toMatchObject({
      event: "CompletePayment",
      event_id: "evt-1",
      context: { pixel: { code: "CTIKTOK123" } },
      properties: { value: 25, currency: "EUR", contents: [{ content_id: "gid://shopify/Product/7", quantity: 2 }] },
    });
  });

  it("never lets a failing transport throw into Shopify's event bus", async () => {
    const shop = fakeShopify(ALL_IDS, true);
    shop.api.browser.sendBeacon = () => Promise.reject(new Error("offline"));
    startRetargetingPixel(shop.api, () => Promise.reject(new Error("offline")));
    expect(() => shop.publish("page_viewed")).not.toThrow();
    await new Promise((r) => setTimeout(r, 0));
  });
});
