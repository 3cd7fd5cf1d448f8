import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { env } from "~/env.server";
import { WooConnectError } from "~/platforms/woocommerce/site";
import { beginWooConnect } from "~/workflows/woocommerce-connect.server";

// /woocommerce/connect?store=shop.example.com: starts connecting a WooCommerce store and sends
// the merchant to the store's approval page (/wc-auth/v1/authorize). Nothing is connected until
// the merchant, logged in to that store's WordPress admin, approves there.
export async function loader({ request }: LoaderFunctionArgs) {
  const store = new URL(request.url).searchParams.get("store") ?? "";
  try {
    const { authorizeUrl } = await beginWooConnect(db, store, env.SHOPIFY_APP_URL);
    return redirect(authorizeUrl);
  } catch (e) {
    if (e instanceof WooConnectError)
      return new Response(e.message, { status: e.status, headers: { "content-type": "text/plain; charset=utf-8" } });
    throw e;
  }
}
