// The global `shopify` object each module sees, typed for its own target (the shape Shopify
// CLI generates for Preact extensions); keep in step with shopify.extension.toml's targeting.
import "@shopify/ui-extensions";

declare module "./src/LoyaltyPage.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.page.render").Api;
  const globalThis: { shopify: typeof shopify };
}

declare module "./src/ProfileBlock.tsx" {
  const shopify: import("@shopify/ui-extensions/customer-account.profile.block.render").Api;
  const globalThis: { shopify: typeof shopify };
}
