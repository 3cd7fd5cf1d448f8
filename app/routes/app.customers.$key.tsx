import type { LoaderFunctionArgs } from "@remix-run/node";
import { useKeepLocale } from "~/components/keep-locale";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { SectionCard } from "~/components/SectionCard";
import { requireAdmin } from "~/http/admin-context.server";
import { formatCount, formatDate, formatMoney, formatNumber, formatPct } from "~/components/format";
import db from "~/db/client.server";
import { financialStatusLabel, translate, type Locale, type MessageKey } from "~/i18n";
import { readDashboardSnapshot } from "~/models/analytics-snapshot.server";
import { customerDetail } from "~/models/customers-page.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const [detail, snapshot] = await Promise.all([
    customerDetail(db, shop.id, params.key ?? "", new Date()),
    readDashboardSnapshot(db, shop.id),
  ]);
  const prediction = snapshot?.analysis.prediction.status === "ok" ? snapshot.analysis.prediction : null;
  return {
    locale,
    currency: shop.currency,
    timeZone: shop.timezone,
    horizon: prediction ? { days: prediction.horizonDays, months: prediction.clvMonths } : null,
    detail,
  };
};

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <BlockStack gap="100">
      <Text as="p" tone="subdued">
        {label}
      </Text>
      <Text as="p" variant="headingMd">
        <span data-testid={testId}>{value}</span>
      </Text>
    </BlockStack>
  );
}

export default function CustomerPage() {
  const keep = useKeepLocale();
  const { locale, currency, timeZone, horizon, detail } = useLoaderData<typeof loader>();
  const loc = locale as Locale;
  const t = (key: MessageKey, vars?: Record<string, string | number>) => translate(loc, key, vars);
  const back = [{ content: t("customer.back"), url: keep("/app/customers") }];
  if (!detail) {
    return (
      <Page title={t("customers.title")} backAction={back[0]}>
        <Banner tone="warning">{t("customer.notFound")}</Banner>
      </Page>
    );
  }
  const c = detail.insight;
  const title = c.name ?? c.email ?? t("customers.guest");
  return (
    <Page
      title={title}
      subtitle={c.email ?? undefined}
      backAction={back[0]}
      titleMetadata={<Badge>{t(`segments.${c.segment}` as MessageKey)}</Badge>}
    >
      <TitleBar title={title} />
      <Layout>
        <SectionCard title={t("customer.summary")}>
          <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
            <Stat label={t("customers.col.orders")} value={formatCount(c.orders, loc)} testId="customer-orders" />
            <Stat
              label={t("customer.revenue")}
              value={formatMoney(c.revenueMinor, currency, loc, 2)}
              testId="customer-revenue"
            />
            <Stat label={t("customer.firstOrder")} value={formatDate(c.firstOrderDate, loc)} />
            <Stat label={t("customer.lastOrder")} value={formatDate(c.lastOrderDate, loc)} />
            <Stat label="RFM" value={`${c.rfmR}-${c.rfmF}-${c.rfmM} · ${t(`rfm.${c.rfmSegment}` as MessageKey)}`} />
            <Stat
              label={t("customer.consent")}
              value={t(`consent.${detail.marketingConsent}` as MessageKey)}
              testId="customer-consent"
            />
          </InlineGrid>
        </SectionCard>
        <SectionCard title={t("customer.prediction")}>
          {c.pAlive === null || !horizon ? (
            <Text as="p">{t("customer.noPrediction")}</Text>
          ) : (
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              <Stat label={t("customer.pAlive")} value={formatPct(c.pAlive * 100, loc, 0)} testId="customer-palive" />
              <Stat label={t("customer.churnRisk")} value={formatPct((1 - c.pAlive) * 100, loc, 0)} />
              <Stat
                label={t("customer.expected", { days: horizon.days })}
                value={formatNumber(c.expectedPurchases ?? 0, loc, 2)}
              />
              <Stat
                label={t("customer.predictedClv", { months: horizon.months })}
                value={formatMoney(c.predictedClvMinor, currency, loc)}
                testId="customer-clv"
              />
            </InlineGrid>
          )}
        </SectionCard>
        <SectionCard title={t("customer.loyalty")} variant="oneThird">
          {detail.loyalty.enrolled ? (
            <InlineGrid columns={2} gap="300">
              <Stat
                label={t("customer.points.available")}
                value={formatCount(detail.loyalty.available, loc)}
                testId="customer-points"
              />
              <Stat label={t("customer.points.pending")} value={formatCount(detail.loyalty.pending, loc)} />
            </InlineGrid>
          ) : (
            <Text as="p" tone="subdued">
              {t("customer.points.notEnrolled")}
            </Text>
          )}
        </SectionCard>
        <SectionCard title={t("customer.orders")}>
          <DataTable
            columnContentTypes={["text", "text", "numeric", "numeric", "text"]}
            headings={[
              t("order.col.name"),
              t("order.col.date"),
              t("order.col.total"),
              t("order.col.refunded"),
              t("order.col.status"),
            ]}
            rows={detail.orders.map((o) => [
              o.name ?? o.id,
              formatDate(o.processedAt, loc, timeZone),
              formatMoney(o.totalMinor, o.currency, loc, 2),
              o.refundedMinor ? formatMoney(o.refundedMinor, o.currency, loc, 2) : "—",
              o.cancelledAt ? t("order.cancelled") : financialStatusLabel(loc, o.financialStatus),
            ])}
          />
        </SectionCard>
      </Layout>
    </Page>
  );
}
