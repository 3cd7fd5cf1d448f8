import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisEn from "@shopify/polaris/locales/en.json";
import polarisNl from "@shopify/polaris/locales/nl.json";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { AdminNav } from "~/components/AdminNav";
import { requireAdmin } from "~/http/admin-context.server";
import { env } from "~/env.server";
import { translate, type Locale, type MessageKey } from "~/i18n";

export const links = () => [
  { rel: "stylesheet", href: polarisStyles },
  { rel: "stylesheet", href: polarisVizStyles },
];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { locale, platform, shop } = await requireAdmin(request);
  // Shopify names the merchant's language only in the URL it opens the app with: the menu keeps it, so the next
  // page is in the same language rather than the shop's setting.
  const asked = new URL(request.url).searchParams.get("locale");
  const keep = asked ? `?locale=${encodeURIComponent(asked)}` : "";
  const links = NAV.map((n) => ({ to: n.to + keep, label: translate(locale, n.key) }));
  return {
    apiKey: env.SHOPIFY_API_KEY,
    demo: env.DEMO_MODE === "1",
    links,
    locale,
    platform,
    shopName: shop.name,
    navigationLabel: translate(locale, env.DEMO_MODE === "1" ? "nav.demoNavigation" : "nav.menu"),
    demoBadge: translate(locale, "nav.demoShop"),
    logoutLabel: translate(locale, "nav.logout"),
  };
};

// Polaris's own words (pagination, "Loading", filters, …) in the merchant's language.
const POLARIS_TRANSLATIONS: Record<Locale, typeof polarisEn> = { en: polarisEn, nl: polarisNl };

const NAV: { to: string; key: MessageKey }[] = [
  { to: "/app", key: "nav.dashboard" },
  { to: "/app/segments", key: "nav.segments" },
  { to: "/app/winback", key: "nav.winback" },
  { to: "/app/customers", key: "nav.customers" },
  { to: "/app/loyalty", key: "nav.loyalty" },
  { to: "/app/pixels", key: "nav.pixels" },
  { to: "/app/nps", key: "nav.nps" },
  { to: "/app/sync", key: "nav.sync" },
  { to: "/app/import", key: "nav.import" },
  { to: "/app/settings", key: "nav.settings" },
];

export default function App() {
  const { apiKey, demo, links, locale, platform, shopName, navigationLabel, demoBadge, logoutLabel } =
    useLoaderData<typeof loader>();
  if (platform === "woocommerce") {
    // Outside Shopify's admin: Polaris without App Bridge, and the app draws its own navigation.
    return (
      <AppProvider isEmbeddedApp={false} apiKey={apiKey} i18n={POLARIS_TRANSLATIONS[locale]}>
        <AdminNav
          links={links}
          label={navigationLabel}
          shopName={shopName}
          logout={{ action: "/woocommerce/logout", label: logoutLabel }}
        />
        <Outlet />
      </AppProvider>
    );
  }
  return (
    // In demo mode Shopify's App Bridge CDN is out of reach: a local stand-in provides
    // the `shopify` global (toasts) and the page draws its own navigation.
    <AppProvider
      isEmbeddedApp
      apiKey={apiKey}
      i18n={POLARIS_TRANSLATIONS[locale]}
      {...(demo ? { __APP_BRIDGE_URL: "/demo/app-bridge.js" } : {})}
    >
      <NavMenu>
        {links.map((l, i) => (
          <Link key={l.to} to={l.to} {...(i === 0 ? { rel: "home" } : {})}>
            {l.label}
          </Link>
        ))}
      </NavMenu>
      {demo && <AdminNav links={links} label={navigationLabel} badge={demoBadge} />}
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so its headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
