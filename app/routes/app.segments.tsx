import type { LoaderFunctionArgs } from "@remix-run/node";
import { useKeepLocale } from "~/components/keep-locale";
import { SegmentSystemsNote } from "~/components/SegmentSystemsNote";
import { Link, useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Banner, DataTable, Layout, Page, Text } from "@shopify/polaris";
import { ExportButton } from "~/components/ExportButton";
import { SectionCard } from "~/components/SectionCard";
import { requireAdmin } from "~/http/admin-context.server";
import { formatCount, formatDelta, formatMoney, formatPct } from "~/components/format";
import db from "~/db/client.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { readDashboardSnapshot } from "~/models/analytics-snapshot.server";
import { parseSettings } from "~/models/settings";

// Sizes, revenue shares and 30-day trends, all from the precomputed snapshot.
export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const snapshot = await readDashboardSnapshot(db, shop.id);
  const settings = parseSettings(shop.settings);
  if (!snapshot) return { locale, currency: shop.currency, settings, view: null };
  const a = snapshot.analysis;
  const earlierGroups = Object.fromEntries(a.segmentsEarlier.segments.map((s) => [s.segment, s.customers]));
  return {
    locale,
    currency: shop.currency,
    settings,
    view: {
      daysBack: a.segmentsEarlier.daysBack,
      groups: a.segments.map((s) => ({ ...s, change: s.customers - (earlierGroups[s.segment] ?? 0) })),
      rfm: a.rfmSegments.map((s) => ({ ...s, change: s.customers - (a.segmentsEarlier.rfmCounts[s.segment] ?? 0) })),
    },
  };
};

export default function Segments() {
  const keep = useKeepLocale();
  const { locale, currency, settings, view } = useLoaderData<typeof loader>();
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(locale as Locale, key, vars);
  const loc = locale as Locale;
  if (!view) {
    return (
      <Page title={t("segments.page.title")}>
        <TitleBar title={t("segments.page.title")} />
        <Banner tone="info">{t("dashboard.pending")}</Banner>
      </Page>
    );
  }
  const figures = [
    t("segments.col.customers"),
    t("segments.col.revenue"),
    t("segments.col.share"),
    t("segments.col.trend", { days: view.daysBack }),
  ];
  // The first column names what the rows are: groups in one table, RFM segments in the other.
  const groupHeadings = [t("segments.col.group"), ...figures];
  const rfmHeadings = [t("segments.col.segment"), ...figures];
  const types = ["text", "numeric", "numeric", "numeric", "numeric"] as const;
  const row = (
    label: string,
    href: string,
    testId: string,
    s: { customers: number; revenueMinor: number; revenueShare: number; change: number },
  ) => [
    <Link key="l" to={keep(href)} data-testid={testId}>
      {label}
    </Link>,
    <span key="c" data-testid={`${testId}-count`}>
      {formatCount(s.customers, loc)}
    </span>,
    formatMoney(s.revenueMinor, currency, loc),
    formatPct(s.revenueShare, loc),
    formatDelta(s.change, loc),
  ];
  return (
    <Page title={t("segments.page.title")}>
      <TitleBar title={t("segments.page.title")} />
      <Layout>
        <Layout.Section>
          <ExportButton
            href="/app/exports/segments.csv"
            label={t("export.segments")}
            failedLabel={t("export.failed")}
            testId="export-segments"
          />
        </Layout.Section>
        <Layout.Section>
          <SegmentSystemsNote t={t} />
        </Layout.Section>
        <SectionCard title={t("segments.title")}>
          <Text as="p" tone="subdued">
            {t("segments.groups.help", { days: settings.inactiveAfterDays, orders: settings.loyalMinOrders })}
          </Text>
          <DataTable
            columnContentTypes={[...types]}
            headings={groupHeadings}
            rows={view.groups.map((s) =>
              row(
                t(`segments.${s.segment}` as MessageKey),
                `/app/customers?segment=${s.segment}`,
                `group-${s.segment}`,
                s,
              ),
            )}
          />
        </SectionCard>
        <SectionCard title={t("segments.rfm.title")}>
          <Text as="p" tone="subdued">
            {t("segments.rfm.help")}
          </Text>
          <DataTable
            columnContentTypes={[...types]}
            headings={rfmHeadings}
            rows={view.rfm.map((s) =>
              row(
                t(`rfm.${s.segment}` as MessageKey),
                `/app/customers?rfm=${encodeURIComponent(s.segment)}`,
                `rfm-${s.segment.replace(/\W+/g, "-").toLowerCase()}`,
                s,
              ),
            )}
          />
        </SectionCard>
      </Layout>
    </Page>
  );
}
