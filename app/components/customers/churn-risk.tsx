import { Badge, Tooltip } from "@shopify/polaris";
import type { Locale, MessageKey } from "~/i18n";
import { numberLocale } from "~/components/format";
import { riskLevel } from "./readings";

export { riskLevel };

const TONE = { low: "success", medium: "attention", high: "critical" } as const;

export const formatRiskPct = (pAlive: number, locale: Locale) =>
  new Intl.NumberFormat(numberLocale(locale), { style: "percent", maximumFractionDigits: 0 }).format(1 - pAlive);

/** "High" as a badge; the probability on hover (and for screen readers in the tooltip). */
export function ChurnRiskBadge({
  pAlive,
  locale,
  t,
  hoverKey = "customers.risk.hover",
}: {
  pAlive: number | null;
  locale: Locale;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  hoverKey?: MessageKey;
}) {
  if (pAlive === null) return <span>—</span>;
  const level = riskLevel(pAlive);
  const hover = t(hoverKey, { pct: formatRiskPct(pAlive, locale) });
  return (
    <Tooltip content={hover}>
      <span data-testid="churn-risk" data-level={level} title={hover}>
        <Badge tone={TONE[level]}>{t(`customer.risk.${level}` as MessageKey)}</Badge>
      </span>
    </Tooltip>
  );
}
