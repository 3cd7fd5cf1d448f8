import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInMessage } from "~/components/woocommerce/SignInMessage";
import { logOut } from "~/http/woocommerce-admin.server";
import { resolveLocale, translate } from "~/i18n";

// POST /woocommerce/logout ends the WooCommerce merchant's session; GET is the page a signed-out
// merchant (or one whose session ended: ?ended=1) sees, and changes nothing.
export const action = ({ request }: ActionFunctionArgs) => logOut(request);

export const loader = ({ request }: LoaderFunctionArgs) => {
  const locale = resolveLocale(request.headers.get("accept-language"));
  const ended = new URL(request.url).searchParams.get("ended") === "1";
  return {
    title: translate(locale, "woo.signedOut.title"),
    lines: [...(ended ? [translate(locale, "woo.signedOut.ended")] : []), translate(locale, "woo.signedOut.body")],
  };
};

export const meta: MetaFunction = () => [{ title: "Retention" }];

export default function WooCommerceSignedOut() {
  const { title, lines } = useLoaderData<typeof loader>();
  return <SignInMessage title={title} lines={lines} />;
}
