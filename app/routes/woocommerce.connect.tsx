import type { LoaderFunctionArgs } from "@remix-run/node";

// The old /woocommerce/connect?store=... started a connect for anyone, fetched whatever store it
// was given and redirected there. Connecting now starts only from the Retention plugin inside
// the store's WordPress admin (POST /api/woocommerce/plugin/connect, signed by possession of the
// plugin secret, proved by the store in the callback). This address stays only to tell an old
// link where to go: it stores nothing, contacts nothing and redirects nowhere.
export function loader(_args: LoaderFunctionArgs) {
  return new Response(
    "Connect your WooCommerce store from WordPress: install the Retention for WooCommerce plugin, then open WooCommerce > Retention and choose Connect.",
    { status: 410, headers: { "content-type": "text/plain; charset=utf-8" } },
  );
}
