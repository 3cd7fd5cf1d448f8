import { data, redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { useKeepLocale } from "~/components/keep-locale";
import { useLoaderData } from "@remix-run/react";
import { TitleBar } from "@shopify/app-bridge-react";
import { Badge, Banner, BlockStack, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { SectionCard } from "~/components/SectionCard";
import { requireAdmin } from "~/http/admin-context.server";
import { customerKeyFromUrl, customerPath } from "~/http/customer-url.server";
import { ChurnRiskBadge } from "~/components/customers/churn-risk";
import { SegmentSystemsNote } from "~/components/SegmentSystemsNote";
import { riskExplanation, rfmWords } from "~/components/customers/readings";
import { observationEndFor } from "~/demo/demo-mode.server";
import { formatCount, formatDate, formatMoney, formatNumber } from "~/components/format";
import db from "~/db/client.server";
import { financialStatusLabel, translate, type Locale, type MessageKey } from "~/i18n";
import { readDashboardSnapshot } from "~/models/analytics-snapshot.server";
import { customerDetail } from "~/models/customers-page.server";

// The page is addressed by an opaque id (a guest's key is their e-mail, kept out of URLs);
// an old-style address (/app/customers/c:123 or e:<email>) is redirected to it.
export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { shop, locale } = await requireAdmin(request);
  const found = customerKeyFromUrl(params.key ?? "");
  if (found?.legacy) throw redirect(customerPath(found.key) + new URL(request.url).search);
  const now = await observationEndFor(db, shop.id);
  const [detail, snapshot] = await Promise.all([
    found ? customerDetail(db, shop.id, found.key, now) : null,
    readDashboardSnapshot(db, shop.id),
  ]);
  const prediction = snapshot?.analysis.prediction.status === "ok" ? snapshot.analysis.prediction : null;
  const body = {
    locale,
    currency: shop.currency,
    timeZone: shop.timezone,
    today: now.toISOString().slice(0, 10),
    horizon: prediction ? { days: prediction.horizonDays, months: prediction.clvMonths } : null,
    detail: detail && { ...detail, insight: { ...detail.insight, customerKey: undefined } },
  };
  return data(body, { status: detail ? 200 : 404 });
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
  const { locale, currency, timeZone, horizon, detail, today } = useLoaderData<typeof loader>();
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
      titleMetadata={<Badge>{t("customer.group", { group: t(`segments.${c.segment}` as MessageKey) })}</Badge>}
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
            <Stat
              label={t("customer.rfm.label")}
              value={`${c.rfmR}-${c.rfmF}-${c.rfmM} · ${t(`rfm.${c.rfmSegment}` as MessageKey)}`}
              testId="customer-rfm"
            />
            <Stat
              label={t("customer.consent")}
              value={t(`consent.${detail.marketingConsent}` as MessageKey)}
              testId="customer-consent"
            />
          </InlineGrid>
          <Text as="p" tone="subdued">
            <span data-testid="customer-rfm-explained">
              {t("customer.rfm.explain", {
                r: c.rfmR,
                f: c.rfmF,
                m: c.rfmM,
                words: rfmWords(c.rfmR, c.rfmF, c.rfmM, t),
              })}
            </span>
          </Text>
          <SegmentSystemsNote t={t} />
        </SectionCard>
        <SectionCard title={t("customer.prediction")}>
          {c.pAlive === null || !horizon ? (
            <Text as="p">{t("customer.noPrediction")}</Text>
          ) : (
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
              <BlockStack gap="100">
                <Text as="p" tone="subdued">
                  {t("customer.risk.label")}
                </Text>
                <ChurnRiskBadge pAlive={c.pAlive} locale={loc} t={t} hoverKey="customer.risk.hover" />
              </BlockStack>
              <Stat
                label={t("customer.expected", { days: horizon.days })}
                value={formatNumber(c.expectedPurchases ?? 0, loc, 1)}
              />
              <Stat
                label={t("customer.predictedClv", { months: horizon.months })}
                value={formatMoney(c.predictedClvMinor, currency, loc)}
                testId="customer-clv"
              />
            </InlineGrid>
          )}
          {c.pAlive !== null && horizon && (
            <Text as="p" tone="subdued">
              <span data-testid="customer-risk-explained">{riskExplanation(c, today, t)}</span>
            </Text>
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
