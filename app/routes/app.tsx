import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteError } from "@remix-run/react";
import { NavMenu } from "@shopify/app-bridge-react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import { DemoNav } from "~/components/DemoNav";
import { env } from "~/env.server";
import { authenticate } from "../shopify.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  await authenticate.admin(request);
  return { apiKey: env.SHOPIFY_API_KEY, demo: env.DEMO_MODE === "1" };
};

export const NAV_LINKS = [{ to: "/app", label: "Dashboard" }];

export default function App() {
  const { apiKey, demo } = useLoaderData<typeof loader>();
  return (
    // In demo mode Shopify's App Bridge CDN is out of reach: a local stand-in provides
    // the `shopify` global (toasts) and the page draws its own navigation.
    <AppProvider isEmbeddedApp apiKey={apiKey} {...(demo ? { __APP_BRIDGE_URL: "/demo/app-bridge.js" } : {})}>
      <NavMenu>
        <Link to="/app" rel="home">
          Dashboard
        </Link>
      </NavMenu>
      {demo && <DemoNav links={NAV_LINKS} />}
      <Outlet />
    </AppProvider>
  );
}

// Shopify needs Remix to catch some thrown responses so its headers reach the browser.
export function ErrorBoundary() {
  return boundary.error(useRouteError());
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
