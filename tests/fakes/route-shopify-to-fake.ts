// Sends @shopify/shopify-api's outbound requests to the fake instead of Shopify. The library
// calls whatever fetch its runtime adapter was given (setAbstractFetchFunc, from
// @shopify/shopify-api/runtime; the node adapter passes globalThis.fetch at import); here that
// function rewrites https://<shop>.myshopify.com/... to the fake on 127.0.0.1, and refuses
// any other host, so nothing can leave the machine.
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

export function routeShopifyToFake(fakeUrl: string) {
  setAbstractFetchFunc(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input.toString() : input.url);
    if (!url.hostname.endsWith(".myshopify.com")) throw new Error(`test tried to reach ${url.href}`);
    return fetch(`${fakeUrl}${url.pathname}${url.search}`, init);
  });
}
