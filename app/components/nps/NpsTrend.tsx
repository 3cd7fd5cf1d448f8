import { LineChart, PolarisVizProvider } from "@shopify/polaris-viz";
import { useSyncExternalStore } from "react";

const noSubscription = () => () => {};
const HEIGHT = 220;

export interface NpsTrendPoint {
  month: string;
  label: string; // the month as the merchant's language writes it
  nps: number | null;
  responses: number;
}

/**
 * NPS month by month (months without answers are gaps, not zeros). polaris-viz measures its
 * container in the browser, so the chart renders after hydration in a box of fixed height.
 */
export function NpsTrend({ points, name }: { points: NpsTrendPoint[]; name: string }) {
  const mounted = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return (
    <div
      style={{ height: HEIGHT }}
      data-testid="nps-trend"
      data-points={points.map((p) => (p.nps === null ? "" : p.nps.toFixed(0))).join(",")}
    >
      {mounted && (
        <PolarisVizProvider>
          <LineChart
            theme="Light"
            data={[
              {
                name,
                data: points.map((p) => ({ key: p.label, value: p.nps === null ? null : Math.round(p.nps) })),
              },
            ]}
            isAnimated={false}
          />
        </PolarisVizProvider>
      )}
    </div>
  );
}
