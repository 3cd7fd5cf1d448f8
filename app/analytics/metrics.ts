// Purchase metrics and historic CLV.
//
// For a period: orders, net revenue, AOV (net revenue / orders), purchasing customers,
// repeat purchase rate (customers with 2+ counted purchases in the period / customers with
// 1+), purchase frequency (orders per purchasing customer in the period).
//
// Historic CLV = AOV x purchase frequency x lifespan, over the 365 days ending on the
// period's last day: AOV of those orders, frequency in orders per customer per year, and
// lifespan in years = 1 / yearly churn, where yearly churn is the churn rate (retention.ts)
// of those 365 days: the share of the customers at their start who were no longer customers
// at their end (capped at 10 years when almost nobody churns). CLV:CAC compares it with the
// acquisition cost the merchant enters; 3 or more is healthy.
import type { Period } from "~/core/calendar";
import type { PreparedOrders } from "./prepare";
import { retention } from "./retention";

export interface PurchaseMetrics {
  orders: number;
  revenueMinor: number;
  aovMinor: number | null;
  purchasingCustomers: number;
  repeatCustomers: number;
  repeatPurchaseRate: number | null; // %
  purchaseFrequency: number | null; // orders per purchasing customer in the period
}

export function purchaseMetrics(p: PreparedOrders, period: Period): PurchaseMetrics {
  let orders = 0,
    revenue = 0,
    purchasing = 0,
    repeat = 0;
  const customers = p.customerKeys.length;
  for (let c = 0; c < customers; c++) {
    let k = 0;
    for (let i = p.start[c]; i < p.start[c + 1]; i++) {
      const d = p.day[i];
      if (d < period.start) continue;
      if (d > period.end) break;
      k++;
      revenue += p.net[i];
    }
    orders += k;
    if (k >= 1) purchasing++;
    if (k >= 2) repeat++;
  }
  return {
    orders,
    revenueMinor: revenue,
    aovMinor: orders ? revenue / orders : null,
    purchasingCustomers: purchasing,
    repeatCustomers: repeat,
    repeatPurchaseRate: purchasing ? (repeat / purchasing) * 100 : null,
    purchaseFrequency: purchasing ? orders / purchasing : null,
  };
}

export interface HistoricClv {
  aovMinor: number | null;
  frequencyPerYear: number | null;
  yearlyChurnRate: number | null; // %
  lifespanYears: number | null;
  clvMinor: number | null;
}

export const MAX_LIFESPAN_YEARS = 10;

export function historicClv(p: PreparedOrders, endDay: number, activeWindowDays = 365): HistoricClv {
  const year: Period = { start: endDay - 364, end: endDay };
  const m = purchaseMetrics(p, year);
  const churn = retention(p, year, activeWindowDays).churnRate;
  const lifespan = churn === null ? null : churn <= 100 / MAX_LIFESPAN_YEARS ? MAX_LIFESPAN_YEARS : 100 / churn;
  const clv =
    m.aovMinor !== null && m.purchaseFrequency !== null && lifespan !== null
      ? m.aovMinor * m.purchaseFrequency * lifespan
      : null;
  return {
    aovMinor: m.aovMinor,
    frequencyPerYear: m.purchaseFrequency,
    yearlyChurnRate: churn,
    lifespanYears: lifespan,
    clvMinor: clv,
  };
}

export interface ClvCac {
  cacMinor: number | null;
  ratio: number | null;
  healthy: boolean | null; // ratio >= 3
}

/** CAC = marketing spend / new customers; CLV:CAC >= 3 is healthy. */
export function clvToCac(
  clvMinor: number | null,
  cac: { marketingSpendMinor: number; newCustomers: number } | null,
): ClvCac {
  if (!cac || cac.newCustomers <= 0 || clvMinor === null) return { cacMinor: null, ratio: null, healthy: null };
  const cacMinor = cac.marketingSpendMinor / cac.newCustomers;
  if (cacMinor <= 0) return { cacMinor, ratio: null, healthy: true };
  const ratio = clvMinor / cacMinor;
  return { cacMinor, ratio, healthy: ratio >= 3 };
}
