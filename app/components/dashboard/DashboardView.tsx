// The dashboard: KPIs with their change and reading, the retention trend, what to do next,
// the four groups and the cohort heat map, all from the refresh's snapshot.
import { Link } from "@remix-run/react";
import { Banner, BlockStack, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { largestAtRiskGroup, type ShopAnalysis } from "~/analytics";
import { SectionCard } from "~/components/SectionCard";
import { formatMoney, numberLocale } from "~/components/format";
import type { Locale, MessageKey } from "~/i18n";
import { CohortHeatmap } from "./CohortHeatmap";
import { Kpi } from "./Kpi";
import { RetentionTrend } from "./RetentionTrend";

const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : `${v.toFixed(1)}%`);

export function DashboardView({
  shop,
  locale,
  analysis: a,
  inactiveAfterDays,
  t,
}: {
  shop: { name: string; currency: string };
  locale: Locale;
  analysis: Omit<ShopAnalysis, "perCustomer">;
  inactiveAfterDays: number;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
}) {
  const nf = numberLocale(locale);
  const money = (minor: number | null) => (minor === null ? t("kpi.na") : formatMoney(minor, shop.currency, locale));
  const change = (now: number | null, before: number | null, higherIsBetter = true) => {
    if (now === null || before === null) return { change: t("kpi.noChange"), changeTone: "subdued" as const };
    const d = now - before;
    return {
      change: t("kpi.change", { sign: d >= 0 ? "+" : "−", value: Math.abs(d).toFixed(1) }),
      changeTone:
        d === 0 ? ("subdued" as const) : d > 0 === higherIsBetter ? ("success" as const) : ("critical" as const),
    };
  };
  const r = a.period.retention,
    pr = a.previousPeriod.retention;
  const band = a.interpretation.band;
  const bandTone = band === "very-loyal" || band === "strong" ? "success" : band === "ok" ? "attention" : "critical";
  const reading = locale === "nl" ? a.interpretation.text.nl : a.interpretation.text.en;
  const benchmark = locale === "nl" ? a.interpretation.benchmark.nl : a.interpretation.benchmark.en;
  const prediction = a.prediction.status === "ok" ? a.prediction : null;
  const segments = Object.fromEntries(a.segments.map((s) => [s.segment, s]));
  const cohortMonths = 12;
  const atRisk = largestAtRiskGroup(a.rfmSegments);
  // Snapshots stored before these counts existed have none.
  const otherCurrency = a.excluded.otherCurrency ?? 0;
  const afterEnd = a.excluded.afterObservationEnd ?? 0;

  return (
    <Page
      title={`${t("dashboard.title")} — ${shop.name}`}
      subtitle={t("dashboard.period", {
        start: a.period.start,
        end: a.period.end,
        prevStart: a.previousPeriod.start,
        prevEnd: a.previousPeriod.end,
      })}
    >
      <TitleBar title={t("dashboard.title")} />
      <Layout>
        {(otherCurrency > 0 || afterEnd > 0) && (
          <Layout.Section>
            <ExcludedOrdersNote
              currency={a.currency}
              otherCurrency={otherCurrency}
              afterEnd={afterEnd}
              locale={locale}
              t={t}
            />
          </Layout.Section>
        )}
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Kpi
              testId="kpi-retention"
              label={t("kpi.retention")}
              value={pct(r.retentionRate) ?? t("kpi.na")}
              {...change(r.retentionRate, pr.retentionRate)}
              badge={band ? { text: t(`band.${band}` as MessageKey), tone: bandTone } : undefined}
              reading={`${reading} ${benchmark}`}
            />
            <Kpi
              testId="kpi-churn"
              label={t("kpi.churn")}
              value={pct(r.churnRate) ?? t("kpi.na")}
              {...change(r.churnRate, pr.churnRate, false)}
            />
            <Kpi
              testId="kpi-repeat-rate"
              label={t("kpi.repeat")}
              value={pct(a.period.purchases.repeatPurchaseRate) ?? t("kpi.na")}
              {...change(a.period.purchases.repeatPurchaseRate, a.previousPeriod.purchases.repeatPurchaseRate)}
            />
            <Kpi
              testId="kpi-nps"
              label={t("kpi.nps")}
              value={a.nps.nps === null ? t("kpi.na") : a.nps.nps.toFixed(0)}
              reading={t("kpi.nps.responses", { count: a.nps.responses })}
            />
            <Kpi testId="kpi-historic-clv" label={t("kpi.historicClv")} value={money(a.historicClv.clvMinor)} />
            <Kpi
              testId="kpi-predicted-clv"
              label={t("kpi.predictedClv")}
              value={prediction ? money(prediction.averagePredictedClvMinor) : t("kpi.na")}
            />
            <Kpi
              testId="kpi-clv-cac"
              label={t("kpi.clvCac")}
              value={a.clvCac.ratio === null ? "—" : `${a.clvCac.ratio.toFixed(1)} : 1`}
              reading={
                a.clvCac.ratio === null
                  ? t("kpi.clvCac.missing")
                  : a.clvCac.healthy
                    ? t("kpi.clvCac.healthy")
                    : t("kpi.clvCac.low")
              }
              badge={a.clvCac.healthy === false ? { text: "< 3", tone: "critical" } : undefined}
            />
            <Kpi testId="kpi-customers" label={t("cohorts.size")} value={a.customers.toLocaleString(nf)} />
          </InlineGrid>
        </Layout.Section>
        <SectionCard title={t("trend.title")}>
          <RetentionTrend
            points={a.retentionTrend}
            labels={{ retention: t("trend.retention"), churn: t("trend.churn") }}
          />
        </SectionCard>
        <SectionCard title={t("next.title")}>
          {atRisk && atRisk.customers > 0 && (
            <Text as="p">
              <span data-testid="next-at-risk">
                {t("next.atRisk", {
                  segment: t(`rfm.${atRisk.segment}` as MessageKey),
                  count: atRisk.customers.toLocaleString(nf),
                  revenue: money(atRisk.revenueMinor),
                })}
              </span>{" "}
              <Link to={`/app/customers?rfm=${encodeURIComponent(atRisk.segment)}`}>{t("segments.view")}</Link>
            </Text>
          )}
          <Text as="p">
            <span data-testid="next-inactive">
              {t("next.inactive", {
                count: (segments.inactive?.customers ?? 0).toLocaleString(nf),
                days: inactiveAfterDays,
              })}
            </span>
          </Text>
          <Text as="p">
            {t("next.oneTime", { share: a.buyers.total ? ((a.buyers.oneTime / a.buyers.total) * 100).toFixed(0) : 0 })}
          </Text>
          <Text as="p">
            {t("next.loyal", {
              count: (segments["active-loyal"]?.customers ?? 0).toLocaleString(nf),
              share: (segments["active-loyal"]?.revenueShare ?? 0).toFixed(0),
            })}
          </Text>
        </SectionCard>
        <SectionCard title={t("segments.title")}>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="300">
            {a.segments.map((s) => (
              <BlockStack key={s.segment} gap="100">
                <Text as="h3" variant="headingSm">
                  {t(`segments.${s.segment}` as MessageKey)}
                </Text>
                <Text as="p" variant="headingLg">
                  <span data-testid={`segment-${s.segment}`}>{s.customers.toLocaleString(nf)}</span>
                </Text>
                <Text as="p" tone="subdued">
                  {t("segments.share", { share: s.revenueShare.toFixed(1) })}
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
        </SectionCard>
        <SectionCard title={t("cohorts.title")}>
          <CohortHeatmap
            rows={a.cohorts.slice(-cohortMonths)}
            months={cohortMonths}
            labels={{ cohort: t("cohorts.cohort"), size: t("cohorts.size"), month: (n) => t("cohorts.month", { n }) }}
          />
        </SectionCard>
      </Layout>
    </Page>
  );
}

/** Orders the analysis left out rather than stopping on them: how many, and why. */
export function ExcludedOrdersNote({
  currency,
  otherCurrency,
  afterEnd,
  locale,
  t,
}: {
  currency: string;
  otherCurrency: number;
  afterEnd: number;
  locale: Locale;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
}) {
  const nf = numberLocale(locale);
  return (
    <Banner tone="info" title={t("dashboard.excluded.title")}>
      <BlockStack gap="100">
        {otherCurrency > 0 && (
          <Text as="p">
            <span data-testid="excluded-other-currency">
              {t("dashboard.excluded.otherCurrency", { currency, count: otherCurrency.toLocaleString(nf) })}
            </span>
          </Text>
        )}
        {afterEnd > 0 && (
          <Text as="p">
            <span data-testid="excluded-after-end">
              {t("dashboard.excluded.afterEnd", { count: afterEnd.toLocaleString(nf) })}
            </span>
          </Text>
        )}
      </BlockStack>
    </Banner>
  );
}
