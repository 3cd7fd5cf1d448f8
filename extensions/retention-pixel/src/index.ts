// Entry point Shopify CLI bundles for the strict (web worker) sandbox. All logic lives in
// consent-gate.ts so it can be tested without the Shopify runtime.
import { register } from "@shopify/web-pixels-extension";
import { startRetargetingPixel, type PixelApi } from "./consent-gate";

register((api) => {
  startRetargetingPixel(api as PixelApi);
});
