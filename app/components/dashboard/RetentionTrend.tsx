import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useSyncExternalStore } from "react";
import { formatMonth, formatPct } from "~/components/format";
import type { Locale } from "~/i18n";

const noSubscription = () => () => {};

export interface TrendPoint {
  month: string;
  retentionRate: number | null;
  churnRate: number | null;
}

const HEIGHT = 260;

/**
 * Retention and churn by month. polaris-viz measures its container in the browser, so the
 * chart renders after hydration; the box keeps its height meanwhile (no layout shift).
 */
export function RetentionTrend({
  points,
  labels,
  locale,
}: {
  points: TrendPoint[];
  locale: Locale;
  labels: { retention: string; churn: string };
}) {
  // The chart renders on the client only (it measures the DOM): false on the server and in hydration, true after.
  const mounted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const series = (name: string, pick: (p: TrendPoint) => number | null) => ({
    name,
    data: points.map((p) => ({ key: p.month, value: pick(p) === null ? null : Math.round(pick(p)! * 10) / 10 })),
  });
  return (
    <div
      style={{ height: HEIGHT }}
      data-testid="retention-trend"
      // Machine-readable figures for tests, not shown: one decimal with a point whatever the language.
      data-points={points.map((p) => p.retentionRate?.toFixed(1) ?? "").join(",")}
    >
      {mounted && (
        <PolarisVizProvider>
          <LineChart
            theme="Light"
            data={[series(labels.retention, (p) => p.retentionRate), series(labels.churn, (p) => p.churnRate)]}
            xAxisOptions={{ labelFormatter: (v) => formatMonth(String(v), locale) }}
            yAxisOptions={{ labelFormatter: (v) => formatPct(Number(v), locale, 0) }}
            isAnimated={false}
          />
        </PolarisVizProvider>
      )}
    </div>
  );
}
