import type { LoaderFunctionArgs } from "@remix-run/node";

// Where WooCommerce sends the merchant back after the approval page (?success=1 or 0&user_id=<nonce>).
// The keys themselves arrive separately, at /api/woocommerce/auth-callback.
export function loader({ request }: LoaderFunctionArgs) {
  const success = new URL(request.url).searchParams.get("success") === "1";
  const text = success
    ? "Your WooCommerce store is connected. The first import of its orders has started; you can close this page."
    : "The store was not connected: the request was declined. Start again from the app to retry.";
  return new Response(text, { status: 200, headers: { "content-type": "text/plain; charset=utf-8" } });
}
