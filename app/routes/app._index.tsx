import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { BlockStack, Page } from "@shopify/polaris";
import { MIN_REPEAT_BUYERS } from "~/analytics/bgnbd";
import { DashboardView } from "~/components/dashboard/DashboardView";
import { GettingStarted } from "~/components/setup/GettingStarted";
import { SetupChecklist } from "~/components/setup/SetupChecklist";
import { isDemoShop } from "~/demo/demo-mode.server";
import { env } from "~/env.server";
import { requireAdmin } from "~/http/admin-context.server";
import db from "~/db/client.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { readDashboardSnapshot } from "~/models/analytics-snapshot.server";
import { parseSettings, settingsObject } from "~/models/settings";
import { dataSoFar, historySync, storefrontSeen } from "~/models/setup-state.server";
import { winbackFromSettings } from "~/models/winback.server";
import { pixelsFromSettings } from "~/workflows/pixels.server";

/** Below this many analysed customers the dashboard's figures say little: the setup view shows instead. */
const MIN_CUSTOMERS_FOR_DASHBOARD = 20;

// The loader reads the precomputed snapshot plus a few indexed lookups for the setup
// checklist: fast whatever the shop's size.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const [snapshot, sync, storefront] = await Promise.all([
    readDashboardSnapshot(db, shop.id),
    historySync(db, shop.id),
    storefrontSeen(db, shop.id),
  ]);
  const gettingStarted =
    !snapshot || sync.status !== "completed" || snapshot.analysis.customers < MIN_CUSTOMERS_FOR_DASHBOARD;
  const pixels = pixelsFromSettings(shop.settings);
  const steps = {
    storefront,
    loyalty: settingsObject(shop.settings).loyalty !== undefined,
    pixels: Boolean(pixels.metaPixelId || pixels.googleTagId || pixels.tiktokPixelId),
    winback: winbackFromSettings(shop.settings).pushEnabled,
  };
  const allDone = sync.status === "completed" && Object.values(steps).every(Boolean);
  return {
    shop: { name: shop.name, currency: shop.currency },
    locale,
    inactiveAfterDays: parseSettings(shop.settings).inactiveAfterDays,
    snapshot: gettingStarted ? null : snapshot,
    // The demo shop shows its dashboard as a merchant's would look once set up.
    setup:
      allDone || (!gettingStarted && isDemoShop(shop.domain))
        ? null
        : {
            sync,
            steps,
            themeEditorUrl:
              shop.platform === "woocommerce"
                ? `https://${shop.domain}/wp-admin/admin.php?page=retention`
                : `https://${shop.domain}/admin/themes/current/editor?context=apps&activateAppId=${env.SHOPIFY_API_KEY}/app-embed`,
          },
    soFar: gettingStarted ? await dataSoFar(db, shop.id) : null,
  };
};

export default function Dashboard() {
  const { shop, locale, snapshot, inactiveAfterDays, setup, soFar } = useLoaderData<typeof loader>();
  const loc = locale as Locale;
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(loc, key, vars);
  const checklist = setup && (
    <SetupChecklist sync={setup.sync} steps={setup.steps} themeEditorUrl={setup.themeEditorUrl} locale={loc} t={t} />
  );
  if (!snapshot) {
    return (
      <Page title={`${t("dashboard.title")} — ${shop.name}`}>
        <TitleBar title={t("dashboard.title")} />
        <BlockStack gap="400">
          {checklist}
          <GettingStarted
            soFar={soFar ?? { customers: 0, orders: 0 }}
            minRepeatBuyers={MIN_REPEAT_BUYERS}
            locale={loc}
            t={t}
          />
        </BlockStack>
      </Page>
    );
  }
  return (
    <>
      {checklist && <Page>{checklist}</Page>}
      <DashboardView
        shop={shop}
        locale={loc}
        analysis={snapshot.analysis}
        inactiveAfterDays={inactiveAfterDays}
        t={t}
      />
    </>
  );
}
