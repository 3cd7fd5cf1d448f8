import { Text } from "@shopify/polaris";
import { formatCount, formatMonth, formatPct } from "~/components/format";
import type { Locale } from "~/i18n";

export interface CohortHeatmapProps {
  rows: { cohort: string; size: number; percents: number[] }[];
  months: number;
  locale: Locale;
  labels: { cohort: string; size: string; month: (n: number) => string };
}

/** Cohort table as a heat map: darker green = more of the cohort bought again that month. */
export function CohortHeatmap({ rows, months, locale, labels }: CohortHeatmapProps) {
  const cell = { padding: "4px 6px", textAlign: "right" as const, fontVariantNumeric: "tabular-nums", minWidth: 44 };
  return (
    <div style={{ overflowX: "auto" }}>
      <table data-testid="cohort-table" style={{ borderCollapse: "collapse", fontSize: 12, width: "100%" }}>
        <thead>
          <tr>
            <th style={{ ...cell, textAlign: "left" }}>{labels.cohort}</th>
            <th style={cell}>{labels.size}</th>
            {Array.from({ length: months }, (_, n) => (
              <th key={n} style={cell}>
                {labels.month(n)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.cohort}>
              <td style={{ ...cell, textAlign: "left" }}>
                <Text as="span">{formatMonth(r.cohort, locale)}</Text>
              </td>
              <td style={cell}>{formatCount(r.size, locale)}</td>
              {Array.from({ length: months }, (_, n) => {
                const p = r.percents[n];
                if (p === undefined) return <td key={n} style={cell} />;
                // Month 0 is always 100%: scale the others to the typical repeat range.
                const strength = n === 0 ? 0.15 : Math.min(1, p / 30);
                return (
                  <td
                    key={n}
                    style={{
                      ...cell,
                      background: `rgba(0, 128, 96, ${0.08 + strength * 0.72})`,
                      color: strength > 0.55 ? "#fff" : "#303030",
                    }}
                  >
                    {formatPct(p, locale, n === 0 ? 0 : 1)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
