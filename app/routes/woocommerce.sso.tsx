import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { SignInMessage } from "~/components/woocommerce/SignInMessage";
import { signInWithDashboardToken } from "~/http/woocommerce-admin.server";
import { resolveLocale, translate, type MessageKey } from "~/i18n";

// GET /woocommerce/sso?token=...: "Open dashboard" from the plugin's page in WordPress. A valid
// token signs the merchant in to that store's dashboard (a redirect to /app); a forged, stale,
// reused or other-store token is refused with a 4xx and says why.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const outcome = await signInWithDashboardToken(request);
  if (outcome instanceof Response) return outcome;
  const locale = resolveLocale(request.headers.get("accept-language"));
  return data(
    {
      title: translate(locale, "woo.sso.title"),
      lines: [translate(locale, `woo.sso.${outcome.reason}` as MessageKey), translate(locale, "woo.sso.again")],
      reason: outcome.reason,
    },
    { status: outcome.status, headers: { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" } },
  );
};

export const meta: MetaFunction = () => [{ title: "Retention" }, { name: "referrer", content: "no-referrer" }];

export default function WooCommerceSignIn() {
  const { title, lines } = useLoaderData<typeof loader>();
  return <SignInMessage title={title} lines={lines} />;
}
