import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { LoginErrorType } from "@shopify/shopify-app-remix/server";
import { visitorLocale } from "~/http/visitor-locale.server";
import { translate, type Locale } from "~/i18n";
import { login } from "~/shopify.server";

function errorMessage(errors: { shop?: LoginErrorType } | undefined, locale: Locale) {
  if (errors?.shop === LoginErrorType.MissingShop) return translate(locale, "login.error.missingShop");
  if (errors?.shop === LoginErrorType.InvalidShop) return translate(locale, "login.error.invalidShop");
  return undefined;
}

async function page(request: Request) {
  const locale = visitorLocale(request);
  return { locale, error: errorMessage(await login(request), locale) };
}

export const loader = ({ request }: LoaderFunctionArgs) => page(request);
export const action = ({ request }: ActionFunctionArgs) => page(request);

export default function Auth() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const error = actionData?.error ?? loaderData.error;
  const t = (key: Parameters<typeof translate>[1]) => translate(loaderData.locale, key);
  return (
    <main lang={loaderData.locale} style={{ fontFamily: "system-ui, sans-serif", maxWidth: 480, margin: "4rem auto" }}>
      <h1>{t("login.title")}</h1>
      <Form method="post">
        <label>
          {t("login.shopDomain")}{" "}
          <input type="text" name="shop" autoComplete="on" placeholder="my-shop.myshopify.com" />
        </label>
        {error && <p role="alert">{error}</p>}
        <button type="submit">{t("login.submit")}</button>
      </Form>
      {/* Merchants of WooCommerce stores sign in from WordPress, not here. */}
      <p>{t("login.woocommerce")}</p>
    </main>
  );
}
