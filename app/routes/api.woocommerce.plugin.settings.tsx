import type { LoaderFunctionArgs } from "@remix-run/node";
import { pluginJson, withPluginRequest } from "~/http/woocommerce-plugin.server";
import { pixelsFromSettings } from "~/workflows/pixels.server";

// GET /api/woocommerce/plugin/settings (signed, S) -> what the plugin prints on the storefront:
// { pixels: { meta, google, tiktok }, storefront: { launcher, locale_default }, script_url }.
// The plugin prints pixels only after marketing consent (WP Consent API).
export const loader = ({ request }: LoaderFunctionArgs) =>
  withPluginRequest(request, async ({ store }) => {
    const ids = pixelsFromSettings(store.shop.settings);
    return pluginJson({
      pixels: { meta: ids.metaPixelId || null, google: ids.googleTagId || null, tiktok: ids.tiktokPixelId || null },
      storefront: { launcher: true, locale_default: store.shop.locale === "nl" ? "nl" : "en" },
      script_url: null,
    });
  });
