// "Last quarter we predicted N purchases from your existing customers, they made M": the
// holdout evidence the customer-base model was chosen on, as totals and a bar chart per
// group of customers (how often they had ordered before), predicted beside actual.
import { BlockStack, Text } from "@shopify/polaris";
import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useSyncExternalStore } from "react";
import type { SelectionEvidence } from "~/analytics";

const noSubscription = () => () => {};
const HEIGHT = 260;
// The default pair (light blue #13ACF0 beside indigo) leaves the first series at 2.6:1 against
// the white card, under the 3:1 that graphics need (WCAG 1.4.11): the prediction mid grey
// (3.5:1), what happened dark blue (6:1), apart by lightness too, not by hue alone.
const PREDICTED_COLOR = "#8A8A8A";
const ACTUAL_COLOR = "#005BD3";

export interface PredictionAccuracyLabels {
  summary: string;
  model: string;
  predicted: string;
  actual: string;
  /** What the bars show: the holdout purchases per group of customers. */
  chart: string;
  /** A group's name from its calibration repeat purchases (a customer with x repeats placed x + 1 orders). */
  bin: (repeatPurchases: number, orMore: boolean) => string;
  /** A count as the merchant's language writes it (the value axis). */
  count: (n: number) => string;
}

export function PredictionAccuracy({
  selection,
  labels,
}: {
  selection: SelectionEvidence;
  labels: PredictionAccuracyLabels;
}) {
  const mounted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  const bins = selection.bins.filter((b) => b.customers > 0);
  const series = (name: string, color: string, pick: (b: (typeof bins)[number]) => number) => ({
    name,
    color,
    data: bins.map((b) => ({ key: labels.bin(b.frequency, b.orMore), value: Math.round(pick(b) * b.customers) })),
  });
  const chosen = selection.scores.find((s) => s.model === selection.chosen)!;
  return (
    <BlockStack gap="200">
      <Text as="p">
        <span
          data-testid="prediction-accuracy"
          data-predicted={Math.round(chosen.predictedTotal)}
          data-actual={chosen.actualTotal}
        >
          {labels.summary}
        </span>
      </Text>
      <Text as="p" tone="subdued">
        {labels.model}
      </Text>
      <Text as="p" tone="subdued">
        <span data-testid="prediction-accuracy-chart-caption">{labels.chart}</span>
      </Text>
      <div style={{ height: HEIGHT }} data-testid="prediction-accuracy-chart" data-bins={bins.length}>
        {mounted && (
          <PolarisVizProvider>
            <BarChart
              theme="Light"
              data={[
                series(labels.predicted, PREDICTED_COLOR, (b) => b.predictedMean),
                series(labels.actual, ACTUAL_COLOR, (b) => b.actualMean),
              ]}
              yAxisOptions={{ labelFormatter: (v) => labels.count(Number(v)) }}
              tooltipOptions={{ valueFormatter: (v) => labels.count(Number(v)) }}
              isAnimated={false}
            />
          </PolarisVizProvider>
        )}
      </div>
    </BlockStack>
  );
}
