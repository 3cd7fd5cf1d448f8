// Minimal typing of @shopify/web-pixels-extension, which Shopify CLI installs when it builds
// the extension (not a dependency of the app). index.ts narrows the argument to PixelApi.
declare module "@shopify/web-pixels-extension" {
  export function register(callback: (api: unknown) => void): void;
}
