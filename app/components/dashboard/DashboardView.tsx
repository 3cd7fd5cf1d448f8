// The dashboard: KPIs with their change and reading, the retention trend, what to do next,
// the four groups, the cohort heat map and how each figure is measured, all from the
// refresh's snapshot. The readings are decided in app/analytics/interpretation.ts and worded
// in app/i18n ("reading.*"), so they cannot contradict each other.
import { Link } from "@remix-run/react";
import { Banner, BlockStack, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { dayOf, isoOfDay, isWholeQuarter, largestAtRiskGroup, type ShopAnalysis } from "~/analytics";
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
  const locale_ = numberLocale(locale);
  const nf = (n: number) => n.toLocaleString(locale_);
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
  // A snapshot stored before the readings existed: shown as pending until the next refresh rewrites it.
  if (!("readings" in a) || !a.readings)
    return (
      <Page title={`${t("dashboard.title")} — ${shop.name}`}>
        <TitleBar title={t("dashboard.title")} />
        <Banner tone="info">
          <p>{t("dashboard.pending")}</p>
        </Banner>
      </Page>
    );
  const rd = a.readings;
  const band = rd.retention.code === "band" ? rd.retention.band : null;
  const yearly = rd.yearly.retention;
  const hist = a.historicClv;
  const years = hist.lifespanYears === null ? t("kpi.na") : hist.lifespanYears.toFixed(1);
  const period = { start: dayOf(a.period.start), end: dayOf(a.period.end) };
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
              badge={band ? { text: t(`band.${band}` as MessageKey), tone: rd.retention.tone } : undefined}
              reading={
                rd.retention.code === "none"
                  ? t("reading.retention.none")
                  : `${t(
                      (rd.retention.code === "band"
                        ? `reading.retention.band.${rd.retention.band}`
                        : "reading.retention.no-band") as MessageKey,
                      { retained: nf(r.retainedCustomers), start: nf(r.customersAtStart) },
                    )} ${t("reading.retention.extra", { reactivated: nf(r.reactivatedCustomers), new: nf(r.newCustomers) })}`
              }
            />
            <Kpi
              testId="kpi-churn"
              label={t("kpi.churn")}
              value={pct(r.churnRate) ?? t("kpi.na")}
              {...change(r.churnRate, pr.churnRate, false)}
              reading={t(`reading.churn.${rd.churn.code}` as MessageKey, {
                lapsed: nf(r.lapsedCustomers),
                start: nf(r.customersAtStart),
              })}
            />
            <Kpi
              testId="kpi-retention-yearly"
              label={t("kpi.retentionYearly")}
              value={pct(yearly.retentionRate) ?? t("kpi.na")}
              reading={
                yearly.retentionRate === null
                  ? t("reading.yearly.none")
                  : rd.yearly.benchmark
                    ? t("reading.yearly.benchmark", {
                        end: rd.yearly.end,
                        rate: rd.yearly.benchmark.rate,
                        source: rd.yearly.benchmark.source,
                      })
                    : t("reading.yearly.plain", { end: rd.yearly.end, window: a.activeWindowDays })
              }
            />
            <Kpi
              testId="kpi-repeat-rate"
              label={t("kpi.repeat")}
              value={pct(a.period.purchases.repeatPurchaseRate) ?? t("kpi.na")}
              {...change(a.period.purchases.repeatPurchaseRate, a.previousPeriod.purchases.repeatPurchaseRate)}
              reading={t(`reading.repeat.${rd.repeat.code}` as MessageKey, {
                repeat: nf(a.period.purchases.repeatCustomers),
                buyers: nf(a.period.purchases.purchasingCustomers),
              })}
            />
            <Kpi
              testId="kpi-nps"
              label={t("kpi.nps")}
              value={a.nps.nps === null ? t("kpi.na") : a.nps.nps.toFixed(0)}
              reading={t(`reading.nps.${rd.nps.code}` as MessageKey, { count: nf(a.nps.responses) })}
            />
            <Kpi
              testId="kpi-historic-clv"
              label={t("kpi.historicClv")}
              value={money(hist.clvMinor)}
              reading={t(`reading.historicClv.${rd.historicClv.code}` as MessageKey, {
                aov: money(hist.aovMinor),
                frequency: hist.frequencyPerYear?.toFixed(2) ?? t("kpi.na"),
                years,
                churn: hist.yearlyChurnRate?.toFixed(1) ?? t("kpi.na"),
              })}
            />
            <Kpi
              testId="kpi-predicted-clv"
              label={t("kpi.predictedClv")}
              value={prediction ? money(prediction.averagePredictedClvMinor) : t("kpi.na")}
              reading={t(`reading.predictedClv.${rd.predictedClv.code}` as MessageKey, { years })}
            />
            <Kpi
              testId="kpi-clv-cac"
              label={t("kpi.clvCac")}
              value={a.clvCac.ratio === null ? "—" : `${a.clvCac.ratio.toFixed(1)} : 1`}
              reading={t(`reading.clvCac.${rd.clvCac.code}` as MessageKey)}
              badge={rd.clvCac.code === "low" ? { text: "< 3", tone: "critical" } : undefined}
            />
            <Kpi testId="kpi-customers" label={t("cohorts.size")} value={nf(a.customers)} />
          </InlineGrid>
        </Layout.Section>
        <SectionCard title={t("trend.title", { months: a.retentionTrendSpanMonths })}>
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
                  count: atRisk.customers.toLocaleString(locale_),
                  revenue: money(atRisk.revenueMinor),
                })}
              </span>{" "}
              <Link to={`/app/customers?rfm=${encodeURIComponent(atRisk.segment)}`}>{t("segments.view")}</Link>
            </Text>
          )}
          <Text as="p">
            <span data-testid="next-inactive">
              {t("next.inactive", {
                count: (segments.inactive?.customers ?? 0).toLocaleString(locale_),
                days: inactiveAfterDays,
              })}
            </span>
          </Text>
          <Text as="p">
            {t("next.oneTime", { share: a.buyers.total ? ((a.buyers.oneTime / a.buyers.total) * 100).toFixed(0) : 0 })}
          </Text>
          <Text as="p">
            {t("next.loyal", {
              count: (segments["active-loyal"]?.customers ?? 0).toLocaleString(locale_),
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
                  <span data-testid={`segment-${s.segment}`}>{s.customers.toLocaleString(locale_)}</span>
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
        <SectionCard title={t("definitions.title")}>
          <BlockStack gap="200">
            <Text as="p">
              <span data-testid="definition-period">
                {t("definitions.period", {
                  start: a.period.start,
                  end: a.period.end,
                  kind: t(isWholeQuarter(period) ? "definitions.period.quarter" : "definitions.period.other"),
                  prevStart: a.previousPeriod.start,
                  prevEnd: a.previousPeriod.end,
                })}
              </span>
            </Text>
            <Text as="p">
              <span data-testid="definition-customer">{t("definitions.customer", { window: a.activeWindowDays })}</span>
            </Text>
            <Text as="p">
              <span data-testid="definition-retention">
                {t("definitions.retention", { startDay: isoOfDay(period.start - 1), end: a.period.end })}
              </span>
            </Text>
            <Text as="p">{t("definitions.bands")}</Text>
            <Text as="p">{t("definitions.repeat")}</Text>
            <Text as="p">{t("definitions.clv", { end: a.period.end })}</Text>
          </BlockStack>
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
