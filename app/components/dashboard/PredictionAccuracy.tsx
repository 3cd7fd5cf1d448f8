// "Last quarter we predicted N purchases from your existing customers, they made M": the
// holdout evidence the customer-base model was chosen on, as totals and a bar chart per
// group of customers (how often they had ordered before), predicted beside actual.
import { BlockStack, Text } from "@shopify/polaris";
import { BarChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useSyncExternalStore } from "react";
import type { SelectionEvidence } from "~/analytics";

const noSubscription = () => () => {};
const HEIGHT = 260;

export interface PredictionAccuracyLabels {
  summary: string;
  model: string;
  predicted: string;
  actual: string;
  bin: (n: number, orMore: boolean) => string;
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
  const series = (name: string, pick: (b: (typeof bins)[number]) => number) => ({
    name,
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
      <div style={{ height: HEIGHT }} data-testid="prediction-accuracy-chart" data-bins={bins.length}>
        {mounted && (
          <PolarisVizProvider>
            <BarChart
              theme="Light"
              data={[series(labels.predicted, (b) => b.predictedMean), series(labels.actual, (b) => b.actualMean)]}
              isAnimated={false}
            />
          </PolarisVizProvider>
        )}
      </div>
    </BlockStack>
  );
}
