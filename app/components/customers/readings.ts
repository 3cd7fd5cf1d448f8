// The customer page's readings in words: the RFM score and why the churn-risk model puts the
// customer where it does, from their own order history. Pure (no clock: "today" is handed in).
import type { MessageKey } from "~/i18n";

// Churn risk in words. The model's probability is an estimate whose second digit means
// little; a merchant acts on "high" or "low". Cut-offs: under 30% low, 30-70% medium, from 70%
// high (a customer more likely gone than not, by a clear margin).
export type RiskLevel = "low" | "medium" | "high";

export function riskLevel(pAlive: number): RiskLevel {
  const risk = 1 - pAlive;
  return risk < 0.3 ? "low" : risk < 0.7 ? "medium" : "high";
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

const DAY_MS = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

/** R, F and M each as words: the best two fifths, the lowest two, or average. */
export function rfmWords(r: number, f: number, m: number, t: (key: MessageKey) => string) {
  const word = (score: number, dim: "r" | "f" | "m") =>
    score >= 4
      ? t(`customer.rfm.${dim}.high` as MessageKey)
      : score <= 2
        ? t(`customer.rfm.${dim}.low` as MessageKey)
        : t(`customer.rfm.${dim}.mid` as MessageKey);
  return [word(r, "r"), word(f, "f"), word(m, "m")].join(", ");
}

/**
 * Why the model puts the customer where it does, from their own order history. A frequent
 * buyer who went quiet reads "100% risk, no predicted value": the BG/NBD model counts the
 * silence in their own rhythm (46 orders about a week apart, then months of nothing, is many
 * missed orders in a row), so the sentence says exactly that instead of leaving a bare 100%.
 */
export function riskExplanation(
  c: { pAlive: number | null; orders: number; firstOrderDate: string; lastOrderDate: string },
  today: string,
  t: T,
) {
  const level = riskLevel(c.pAlive ?? 1);
  if (level !== "high") return t(`customer.risk.explain.${level}` as MessageKey);
  const span = daysBetween(c.firstOrderDate, c.lastOrderDate);
  const since = daysBetween(c.lastOrderDate, today);
  if (c.orders < 2 || span <= 0) return t("customer.risk.explain.highOne", { since });
  if (c.orders >= 10) return t("customer.risk.explain.highOnce", { orders: c.orders, span, since });
  return t("customer.risk.explain.high", { since, gap: Math.max(1, Math.round(span / (c.orders - 1))) });
}
