// The dashboard: KPIs with their change and reading, the retention trend, what to do next,
// the four groups, the cohort heat map and how each figure is measured, all from the
// refresh's snapshot. The readings are decided in app/analytics/interpretation.ts and worded
// in app/i18n ("reading.*"), so they cannot contradict each other.
import { Link } from "@remix-run/react";
import { useKeepLocale } from "~/components/keep-locale";
import { Banner, BlockStack, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import {
  dayOf,
  isoOfDay,
  isWholeQuarter,
  nextSteps,
  MIN_REPEAT_BUYERS,
  MODEL_LABELS,
  type ShopAnalysis,
} from "~/analytics";
import { SectionCard } from "~/components/SectionCard";
import { SegmentSystemsNote } from "~/components/SegmentSystemsNote";
import { formatCount, formatDate, formatMoney, formatNumber, formatPct } from "~/components/format";
import type { Locale, MessageKey } from "~/i18n";
import { CohortHeatmap } from "./CohortHeatmap";
import { Kpi } from "./Kpi";
import { PredictionAccuracy } from "./PredictionAccuracy";
import { RetentionTrend } from "./RetentionTrend";

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
  const keep = useKeepLocale();
  const nf = (n: number) => formatCount(n, locale);
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : formatPct(v, locale));
  const day = (iso: string) => formatDate(iso, locale);
  const money = (minor: number | null) => (minor === null ? t("kpi.na") : formatMoney(minor, shop.currency, locale));
  const change = (now: number | null, before: number | null, higherIsBetter = true) => {
    if (now === null || before === null) return { change: t("kpi.noChange"), changeTone: "subdued" as const };
    const d = now - before;
    return {
      change: t("kpi.change", { sign: d >= 0 ? "+" : "−", value: formatNumber(Math.abs(d), locale, 1) }),
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
  const years = hist.lifespanYears === null ? t("kpi.na") : formatNumber(hist.lifespanYears, locale, 1);
  const period = { start: dayOf(a.period.start), end: dayOf(a.period.end) };
  const prediction = a.prediction.status === "ok" ? a.prediction : null;
  const cohortMonths = 12;
  const advice = nextSteps(a);
  // Snapshots stored before these counts existed have none.
  const otherCurrency = a.excluded.otherCurrency ?? 0;
  const afterEnd = a.excluded.afterObservationEnd ?? 0;

  return (
    <Page
      title={`${t("dashboard.title")} — ${shop.name}`}
      subtitle={t("dashboard.period", {
        start: day(a.period.start),
        end: day(a.period.end),
        prevStart: day(a.previousPeriod.start),
        prevEnd: day(a.previousPeriod.end),
      })}
    >
      <TitleBar title={t("dashboard.title")} />
      <Layout>
        {(otherCurrency > 0 || afterEnd > 0) && (
          <Layout.Section>
            <ExcludedOrdersNote currency={a.currency} otherCurrency={otherCurrency} afterEnd={afterEnd} t={t} />
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
                        end: day(rd.yearly.end),
                        rate: formatPct(rd.yearly.benchmark.rate, locale, 0),
                        source: rd.yearly.benchmark.source,
                      })
                    : t("reading.yearly.plain", { end: day(rd.yearly.end), window: a.activeWindowDays })
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
              value={a.nps.nps === null ? t("kpi.na") : formatNumber(a.nps.nps, locale, 0)}
              reading={t(`reading.nps.${rd.nps.code}` as MessageKey, { count: a.nps.responses })}
            />
            <Kpi
              testId="kpi-historic-clv"
              label={t("kpi.historicClv")}
              value={money(hist.clvMinor)}
              reading={t(`reading.historicClv.${rd.historicClv.code}` as MessageKey, {
                aov: money(hist.aovMinor),
                frequency:
                  hist.frequencyPerYear === null ? t("kpi.na") : formatNumber(hist.frequencyPerYear, locale, 2),
                years,
                churn: hist.yearlyChurnRate === null ? t("kpi.na") : formatPct(hist.yearlyChurnRate, locale),
              })}
            />
            <Kpi
              testId="kpi-predicted-clv"
              label={t("kpi.predictedClv")}
              value={prediction ? money(prediction.averagePredictedClvMinor) : t("kpi.na")}
              reading={
                prediction
                  ? [
                      t(`reading.predictedClv.${rd.predictedClv.code}` as MessageKey, { years }),
                      prediction.averageClvInterval
                        ? t("prediction.clv.range", {
                            low: money(prediction.averageClvInterval.lowMinor),
                            high: money(prediction.averageClvInterval.highMinor),
                          })
                        : "",
                    ]
                      .filter(Boolean)
                      .join(" ")
                  : a.prediction.status === "unavailable" && a.prediction.code === "INSUFFICIENT_DATA"
                    ? t("prediction.unavailable.insufficient", { min: MIN_REPEAT_BUYERS })
                    : t("prediction.unavailable.other")
              }
            />
            <Kpi
              testId="kpi-clv-cac"
              label={t("kpi.clvCac")}
              value={a.clvCac.ratio === null ? "—" : `${formatNumber(a.clvCac.ratio, locale, 1)} : 1`}
              reading={t(`reading.clvCac.${rd.clvCac.code}` as MessageKey)}
              badge={rd.clvCac.code === "low" ? { text: "< 3", tone: "critical" } : undefined}
            />
            <Kpi testId="kpi-customers" label={t("cohorts.size")} value={nf(a.customers)} />
          </InlineGrid>
        </Layout.Section>
        <SectionCard title={t("trend.title", { months: a.retentionTrendSpanMonths })}>
          <RetentionTrend
            points={a.retentionTrend}
            locale={locale}
            labels={{ retention: t("trend.retention"), churn: t("trend.churn") }}
          />
        </SectionCard>
        {prediction && (
          <SectionCard title={t("prediction.accuracy.title")}>
            {prediction.selection ? (
              <PredictionAccuracy
                selection={prediction.selection}
                labels={{
                  summary: t("prediction.accuracy.summary", {
                    days: prediction.selection.holdoutDays,
                    predicted: Math.round(
                      prediction.selection.scores.find((s) => s.model === prediction.selection!.chosen)!.predictedTotal,
                    ),
                    actual: prediction.selection.scores.find((s) => s.model === prediction.selection!.chosen)!
                      .actualTotal,
                  }),
                  model: t("prediction.accuracy.model", {
                    model: MODEL_LABELS[prediction.selection.chosen],
                    others: prediction.selection.scores
                      .map((s) => `${MODEL_LABELS[s.model]} ${formatNumber(s.rmse, locale, 2)}`)
                      .join(", "),
                  }),
                  predicted: t("prediction.accuracy.predicted"),
                  actual: t("prediction.accuracy.actual"),
                  chart: t("prediction.accuracy.chart", { days: prediction.selection.holdoutDays }),
                  bin: (x, orMore) =>
                    t(orMore ? "prediction.accuracy.binMore" : "prediction.accuracy.bin", { count: x + 1 }),
                  count: nf,
                }}
              />
            ) : (
              <Text as="p">{t("prediction.accuracy.skipped", { reason: prediction.selectionSkipped ?? "" })}</Text>
            )}
            <Text as="p">
              <span data-testid="prediction-buy-again">
                {t("prediction.buyAgain", {
                  share: formatPct(prediction.averagePBuyAgain * 100, locale, 0),
                  days: prediction.horizonDays,
                })}
              </span>
            </Text>
          </SectionCard>
        )}
        <SectionCard title={t("next.title")}>
          {advice.length === 0 && (
            <Text as="p">
              <span data-testid="next-none">{t("next.none")}</span>
            </Text>
          )}
          {advice.map((step) => (
            <Text as="p" key={step.kind}>
              <span data-testid={`next-${step.kind === "atRisk" ? "at-risk" : step.kind}`}>
                {step.kind === "atRisk"
                  ? t("next.atRisk", {
                      segment: t(`rfm.${step.segment}` as MessageKey),
                      count: step.customers,
                      revenue: money(step.revenueMinor),
                    })
                  : step.kind === "inactive"
                    ? t("next.inactive", { count: step.customers, days: inactiveAfterDays })
                    : step.kind === "oneTime"
                      ? t("next.oneTime", { share: formatPct(step.share, locale, 0) })
                      : step.kind === "loyal"
                        ? t("next.loyal", {
                            count: step.customers,
                            share: formatPct(step.revenueShare, locale, 0),
                          })
                        : t("next.loyalNone", { count: step.repeatCustomers })}
              </span>
              {step.kind === "atRisk" && (
                <>
                  {" "}
                  <Link to={keep(`/app/customers?rfm=${encodeURIComponent(step.segment)}`)}>{t("segments.view")}</Link>
                </>
              )}
            </Text>
          ))}
        </SectionCard>
        <SectionCard title={t("segments.title")}>
          <SegmentSystemsNote t={t} />
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="300">
            {a.segments.map((s) => (
              <BlockStack key={s.segment} gap="100">
                <Text as="h3" variant="headingSm">
                  {t(`segments.${s.segment}` as MessageKey)}
                </Text>
                <Text as="p" variant="headingLg">
                  <span data-testid={`segment-${s.segment}`}>{nf(s.customers)}</span>
                </Text>
                <Text as="p" tone="subdued">
                  {t("segments.share", { share: formatPct(s.revenueShare, locale) })}
                </Text>
              </BlockStack>
            ))}
          </InlineGrid>
        </SectionCard>
        <SectionCard title={t("cohorts.title")}>
          <CohortHeatmap
            rows={a.cohorts.slice(-cohortMonths)}
            months={cohortMonths}
            locale={locale}
            labels={{ cohort: t("cohorts.cohort"), size: t("cohorts.size"), month: (n) => t("cohorts.month", { n }) }}
          />
        </SectionCard>
        <SectionCard title={t("definitions.title")}>
          <BlockStack gap="200">
            <Text as="p">
              <span data-testid="definition-period">
                {t("definitions.period", {
                  start: day(a.period.start),
                  end: day(a.period.end),
                  kind: t(isWholeQuarter(period) ? "definitions.period.quarter" : "definitions.period.other"),
                  prevStart: day(a.previousPeriod.start),
                  prevEnd: day(a.previousPeriod.end),
                })}
              </span>
            </Text>
            <Text as="p">
              <span data-testid="definition-customer">{t("definitions.customer", { window: a.activeWindowDays })}</span>
            </Text>
            <Text as="p">
              <span data-testid="definition-retention">
                {t("definitions.retention", { startDay: day(isoOfDay(period.start - 1)), end: day(a.period.end) })}
              </span>
            </Text>
            <Text as="p">{t("definitions.bands")}</Text>
            <Text as="p">{t("definitions.repeat")}</Text>
            <Text as="p">
              <span data-testid="definition-clv">{t("definitions.clv", { end: day(a.period.end) })}</span>
            </Text>
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
  t,
}: {
  currency: string;
  otherCurrency: number;
  afterEnd: number;
  t: (k: MessageKey, v?: Record<string, string | number>) => string;
}) {
  return (
    <Banner tone="info" title={t("dashboard.excluded.title")}>
      <BlockStack gap="100">
        {otherCurrency > 0 && (
          <Text as="p">
            <span data-testid="excluded-other-currency">
              {t("dashboard.excluded.otherCurrency", { currency, count: otherCurrency })}
            </span>
          </Text>
        )}
        {afterEnd > 0 && (
          <Text as="p">
            <span data-testid="excluded-after-end">{t("dashboard.excluded.afterEnd", { count: afterEnd })}</span>
          </Text>
        )}
      </BlockStack>
    </Banner>
  );
}
