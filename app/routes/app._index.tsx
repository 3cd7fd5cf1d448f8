import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, Page } from "@shopify/polaris";
import { DashboardView } from "~/components/dashboard/DashboardView";
import { requireAdmin } from "~/http/admin-context.server";
import db from "~/db/client.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { readDashboardSnapshot } from "~/models/analytics-snapshot.server";
import { parseSettings } from "~/models/settings";

// The loader only reads the precomputed snapshot: fast whatever the shop's size.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const snapshot = await readDashboardSnapshot(db, shop.id);
  return {
    shop: { name: shop.name, currency: shop.currency },
    locale,
    inactiveAfterDays: parseSettings(shop.settings).inactiveAfterDays,
    snapshot,
  };
};

export default function Dashboard() {
  const { shop, locale, snapshot, inactiveAfterDays } = useLoaderData<typeof loader>();
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale as Locale, key, vars);
  if (!snapshot) {
    return (
      <Page title={`${t("dashboard.title")} — ${shop.name}`}>
        <TitleBar title={t("dashboard.title")} />
        <Banner tone="info">
          <p>{t("dashboard.pending")}</p>
          <Link to="/app/sync">{t("nav.sync")}</Link>
        </Banner>
      </Page>
    );
  }
  return (
    <DashboardView
      shop={shop}
      locale={locale as Locale}
      analysis={snapshot.analysis}
      inactiveAfterDays={inactiveAfterDays}
      t={t}
    />
  );
}
