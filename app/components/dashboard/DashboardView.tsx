// The dashboard: KPIs with their change and reading, the retention trend, what to do next,
// the four groups and the cohort heat map, all from the refresh's snapshot.
import { Link } from "@remix-run/react";
import { BlockStack, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { TitleBar } from "@shopify/app-bridge-react";
import { largestAtRiskGroup, MIN_REPEAT_BUYERS, MODEL_LABELS, type ShopAnalysis } from "~/analytics";
import { SectionCard } from "~/components/SectionCard";
import { formatMoney, numberLocale } from "~/components/format";
import type { Locale, MessageKey } from "~/i18n";
import { CohortHeatmap } from "./CohortHeatmap";
import { Kpi } from "./Kpi";
import { PredictionAccuracy } from "./PredictionAccuracy";
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
              reading={
                prediction
                  ? prediction.averageClvInterval
                    ? t("prediction.clv.range", {
                        low: money(prediction.averageClvInterval.lowMinor),
                        high: money(prediction.averageClvInterval.highMinor),
                      })
                    : undefined
                  : a.prediction.status === "unavailable" && a.prediction.code === "INSUFFICIENT_DATA"
                    ? t("prediction.unavailable.insufficient", { min: MIN_REPEAT_BUYERS })
                    : t("prediction.unavailable.other")
              }
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
                    ).toLocaleString(nf),
                    actual: prediction.selection.scores
                      .find((s) => s.model === prediction.selection!.chosen)!
                      .actualTotal.toLocaleString(nf),
                  }),
                  model: t("prediction.accuracy.model", {
                    model: MODEL_LABELS[prediction.selection.chosen],
                    others: prediction.selection.scores
                      .map((s) => `${MODEL_LABELS[s.model]} ${s.rmse.toFixed(2)}`)
                      .join(", "),
                  }),
                  predicted: t("prediction.accuracy.predicted"),
                  actual: t("prediction.accuracy.actual"),
                  bin: (n, orMore) => t(orMore ? "prediction.accuracy.binMore" : "prediction.accuracy.bin", { n }),
                }}
              />
            ) : (
              <Text as="p">{t("prediction.accuracy.skipped", { reason: prediction.selectionSkipped ?? "" })}</Text>
            )}
            <Text as="p">
              <span data-testid="prediction-buy-again">
                {t("prediction.buyAgain", {
                  share: (prediction.averagePBuyAgain * 100).toFixed(0),
                  days: prediction.horizonDays,
                })}
              </span>
            </Text>
          </SectionCard>
        )}
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
