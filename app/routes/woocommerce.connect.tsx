import type { LoaderFunctionArgs } from "@remix-run/node";
import { visitorLocale } from "~/http/visitor-locale.server";
import { translate } from "~/i18n";

// The old /woocommerce/connect?store=... started a connect for anyone, fetched whatever store it
// was given and redirected there. Connecting now starts only from the Retention plugin inside
// the store's WordPress admin (POST /api/woocommerce/plugin/connect, signed by possession of the
// plugin secret, proved by the store in the callback). This address stays only to tell an old
// link where to go, in the visitor's language: it stores nothing, contacts nothing and redirects nowhere.
export function loader({ request }: LoaderFunctionArgs) {
  return new Response(translate(visitorLocale(request), "woocommerce.connect.gone"), {
    status: 410,
    headers: { "content-type": "text/plain; charset=utf-8", vary: "Accept-Language" },
  });
}
