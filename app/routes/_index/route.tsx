import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { env } from "~/env.server";
import { visitorLocale } from "~/http/visitor-locale.server";
import { translate } from "~/i18n";
import { login } from "~/shopify.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const url = new URL(request.url);
  // Opened from the Shopify admin: go straight into the embedded app.
  if (url.searchParams.get("shop")) throw redirect(`/app?${url.searchParams.toString()}`);
  // Demo mode has one shop and no login.
  if (env.DEMO_MODE === "1") throw redirect("/app");
  return { showForm: Boolean(login), locale: visitorLocale(request) };
};

export default function Landing() {
  const { showForm, locale } = useLoaderData<typeof loader>();
  const t = (key: Parameters<typeof translate>[1]) => translate(locale, key);
  return (
    <main
      lang={locale}
      style={{ fontFamily: "system-ui, sans-serif", maxWidth: 640, margin: "4rem auto", lineHeight: 1.5 }}
    >
      <h1>{t("landing.title")}</h1>
      <p>{t("landing.body")}</p>
      {showForm && (
        <Form method="post" action="/auth/login">
          <label>
            {t("login.shopDomain")} <input type="text" name="shop" placeholder="my-shop.myshopify.com" />
          </label>{" "}
          <button type="submit">{t("login.submit")}</button>
        </Form>
      )}
    </main>
  );
}
