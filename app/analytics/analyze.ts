// Everything the admin shows about a shop, in one pass over its orders: retention and
// churn for a period and the one before, purchase metrics, historic and predicted CLV,
// CLV:CAC, NPS, the cohort table, the four segments, RFM, and per-customer predictions.
import { isoOfDay, periodContaining, previousPeriod, type Period, type PeriodKind } from "~/core/calendar";
import { cohortTable, type CohortRow } from "./cohorts";
import { readings, type Readings } from "./interpretation";
import { clvToCac, historicClv, purchaseMetrics, type ClvCac, type HistoricClv, type PurchaseMetrics } from "./metrics";
import { nps, type NpsResult } from "./nps";
import { predictCustomers, type PredictionOptions, type PredictionOutcome } from "./predict";
import { prepareOrders, type PreparedOrders } from "./prepare";
import { retention, type RetentionResult } from "./retention";
import { RFM_SEGMENTS, rfmScores, type RfmResult, type RfmSegment } from "./rfm";
import {
  DEFAULT_SEGMENT_SETTINGS,
  segmentCustomers,
  type Segment,
  type SegmentSettings,
  type SegmentSummary,
} from "./segments";
import { summaryOf } from "./summary";
import {
  preparedAsOf,
  retentionTrend,
  rfmSegmentSummary,
  segmentsDaysAgo,
  type RetentionTrendPoint,
  type RfmSegmentSummary,
  type SegmentTrend,
} from "./trend";
import type { OrderColumns, OrderFact, SurveyAnswer } from "./types";

export interface AnalyzeOptions {
  timeZone: string;
  observationEnd: Date;
  currency?: string;
  /**
   * The period to report: explicit dates, or a calendar month/quarter/year — the one
   * containing the observation end (to date), or with `complete: true` the last one that
   * has fully ended. Default: the last complete quarter (the span the retention bands were
   * made for; see interpretation.ts).
   */
  period?: { start: string; end: string } | { kind: PeriodKind; complete?: boolean } | { lastMonths: number };
  activeWindowDays?: number;
  segments?: Partial<SegmentSettings>;
  cac?: { marketingSpendMinor: number; newCustomers: number } | null;
  surveyAnswers?: readonly SurveyAnswer[];
  prediction?: PredictionOptions | false;
  cohortMonths?: number;
  /** Months of the retention trend (default 12). */
  trendMonths?: number;
  /** Segment sizes are compared with this many days earlier (default 30). */
  segmentTrendDays?: number;
}

export interface PeriodReport {
  start: string;
  end: string;
  retention: RetentionResult;
  purchases: PurchaseMetrics;
}

export interface ShopAnalysis {
  currency: string;
  timeZone: string;
  observationEnd: string;
  customers: number;
  excluded: PreparedOrders["excluded"];
  period: PeriodReport;
  previousPeriod: PeriodReport;
  /** The active window: a customer on a day = a counted purchase in the this many days up to it. */
  activeWindowDays: number;
  /** One reading per KPI (codes; the words are in app/i18n under "reading."). */
  readings: Readings;
  historicClv: HistoricClv;
  clvCac: ClvCac;
  nps: NpsResult;
  cohorts: CohortRow[];
  /** All buyers to the observation end: how many ordered once, how many more often. */
  buyers: { total: number; oneTime: number; repeat: number };
  segments: SegmentSummary[];
  rfmCounts: Record<RfmSegment, number>;
  rfmSegments: RfmSegmentSummary[];
  retentionTrend: RetentionTrendPoint[];
  /** Months each trend point covers (the length of the reported period). */
  retentionTrendSpanMonths: number;
  /** The segments `segmentTrendDays` ago, for each segment's trend. */
  segmentsEarlier: SegmentTrend & { daysBack: number };
  prediction: PredictionOutcome extends infer P
    ? P extends { status: "ok" }
      ? Omit<P, "pAlive" | "pBuyAgain" | "expectedPurchases" | "expectedOrderValueMinor" | "predictedClvMinor"> & {
          averagePAlive: number;
          averagePredictedClvMinor: number;
          averagePBuyAgain: number;
          expectedPurchasesTotal: number;
        }
      : P
    : never;
  /** Per-customer columns (index = customer), for snapshots, lists and segment sync. */
  perCustomer: {
    keys: string[];
    orders: Int32Array;
    revenueMinor: Float64Array;
    firstOrderDay: Int32Array;
    lastOrderDay: Int32Array;
    segment: Segment[];
    rfm: Pick<RfmResult, "r" | "f" | "m" | "segment">;
    pAlive: Float64Array | null;
    pBuyAgain: Float64Array | null;
    expectedPurchases: Float64Array | null;
    expectedOrderValueMinor: Float64Array | null;
    predictedClvMinor: Float64Array | null;
  };
}

function resolvePeriod(p: AnalyzeOptions["period"], endDay: number): { period: Period; kind?: PeriodKind } {
  if (p && "lastMonths" in p) {
    // The last n complete calendar months (the month of the end counts if it has ended).
    const month = periodContaining("month", endDay);
    const lastMonth = month.end <= endDay ? month : periodContaining("month", month.start - 1);
    let start = lastMonth.start;
    for (let i = 1; i < p.lastMonths; i++) start = periodContaining("month", start - 1).start;
    return { period: { start, end: lastMonth.end } };
  }
  if (p && "start" in p) {
    const start = Date.parse(`${p.start}T00:00:00Z`) / 86_400_000;
    const end = Date.parse(`${p.end}T00:00:00Z`) / 86_400_000;
    return { period: { start, end } };
  }
  const kind = p?.kind ?? "quarter";
  const current = periodContaining(kind, endDay);
  const complete = (p ? "complete" in p && p.complete : true) && current.end > endDay;
  return { period: complete ? periodContaining(kind, current.start - 1) : current, kind };
}

function report(prepared: PreparedOrders, period: Period, windowDays: number): PeriodReport {
  return {
    start: isoOfDay(period.start),
    end: isoOfDay(period.end),
    retention: retention(prepared, period, windowDays),
    purchases: purchaseMetrics(prepared, period),
  };
}

function buyerCounts(orders: Int32Array) {
  let oneTime = 0;
  for (let i = 0; i < orders.length; i++) if (orders[i] === 1) oneTime++;
  return { total: orders.length, oneTime, repeat: orders.length - oneTime };
}

/** Orders as OrderFact objects, or as columns (a database read: see OrderColumns). */
export function analyzeShop(orders: readonly OrderFact[] | OrderColumns, opts: AnalyzeOptions): ShopAnalysis {
  const prepared = prepareOrders(orders, opts);
  return analyzePrepared(prepared, opts);
}

export function analyzePrepared(prepared: PreparedOrders, opts: AnalyzeOptions): ShopAnalysis {
  const windowDays = opts.activeWindowDays ?? 365;
  const { period, kind } = resolvePeriod(opts.period, prepared.observationEndDay);
  const periodMonths =
    opts.period && "lastMonths" in opts.period
      ? opts.period.lastMonths
      : kind === "quarter"
        ? 3
        : kind === "year"
          ? 12
          : 1;
  // A period still running is measured up to the observation end.
  const current: Period = { start: period.start, end: Math.min(period.end, prepared.observationEndDay) };
  const previous = previousPeriod(period, kind);
  const current_ = report(prepared, current, windowDays);

  const hist = historicClv(prepared, current.end, windowDays);
  // The 365 days to the period's end: the span of historic CLV's churn and of the yearly benchmark.
  const year: Period = { start: current.end - 364, end: current.end };
  const clvCac = clvToCac(hist.clvMinor, opts.cac ?? null);
  const npsResult = nps(opts.surveyAnswers ?? []);
  const seg = segmentCustomers(prepared, { ...DEFAULT_SEGMENT_SETTINGS, ...opts.segments });
  const rfm = rfmScores(prepared);
  const summary = summaryOf(prepared, "days");
  const outcome: PredictionOutcome =
    opts.prediction === false
      ? { status: "unavailable", code: "DISABLED", reason: "prediction not requested" }
      : predictCustomers(summary, opts.prediction || {}, prepared);

  const n = prepared.customerKeys.length;
  const orders = new Int32Array(n),
    revenue = new Float64Array(n),
    firstDay = new Int32Array(n),
    lastDay = new Int32Array(n);
  for (let c = 0; c < n; c++) {
    const from = prepared.start[c],
      to = prepared.start[c + 1];
    orders[c] = to - from;
    firstDay[c] = prepared.day[from];
    lastDay[c] = prepared.day[to - 1];
    let v = 0;
    for (let i = from; i < to; i++) v += prepared.net[i];
    revenue[c] = v;
  }
  const segmentSettings = { ...DEFAULT_SEGMENT_SETTINGS, ...opts.segments };
  const daysBack = opts.segmentTrendDays ?? 30;
  const mean = (a: Float64Array) => (a.length ? a.reduce((s, v) => s + v, 0) / a.length : 0);

  return {
    currency: prepared.currency,
    timeZone: prepared.timeZone,
    observationEnd: opts.observationEnd.toISOString(),
    customers: n,
    excluded: prepared.excluded,
    period: current_,
    previousPeriod: report(prepared, previous, windowDays),
    activeWindowDays: windowDays,
    readings: readings({
      period: current,
      complete: current.end === period.end,
      retention: current_.retention,
      purchasingCustomers: current_.purchases.purchasingCustomers,
      yearly: {
        start: isoOfDay(year.start),
        end: isoOfDay(year.end),
        retention: retention(prepared, year, windowDays),
        activeWindowDays: windowDays,
      },
      nps: npsResult,
      historicClv: hist,
      clvCac,
      predicted: outcome.status === "ok",
    }),
    historicClv: hist,
    clvCac,
    nps: npsResult,
    cohorts: cohortTable(prepared, { lastMonths: opts.cohortMonths ?? 24, endDay: current.end }),
    buyers: buyerCounts(orders),
    segments: seg.summary,
    rfmCounts: rfm.counts,
    rfmSegments: rfmSegmentSummary(rfm.segment, revenue, RFM_SEGMENTS),
    // Each point covers as many months as the reported period (a rolling figure) and the line stops at the
    // period's last month, so its last point is the headline rate (a complete quarter ends before today).
    retentionTrend: retentionTrend(
      current.end < prepared.observationEndDay ? preparedAsOf(prepared, current.end) : prepared,
      opts.trendMonths ?? 12,
      windowDays,
      periodMonths,
    ),
    retentionTrendSpanMonths: periodMonths,
    segmentsEarlier: { ...segmentsDaysAgo(prepared, segmentSettings, daysBack), daysBack },
    prediction:
      outcome.status === "ok"
        ? {
            status: "ok",
            model: outcome.model,
            customerModel: outcome.customerModel,
            gammaGamma: outcome.gammaGamma,
            fittedOn: outcome.fittedOn,
            selection: outcome.selection,
            selectionSkipped: outcome.selectionSkipped,
            averageClvInterval: outcome.averageClvInterval,
            averagePBuyAgain: mean(outcome.pBuyAgain),
            horizonDays: outcome.horizonDays,
            clvMonths: outcome.clvMonths,
            averagePAlive: mean(outcome.pAlive),
            averagePredictedClvMinor: mean(outcome.predictedClvMinor),
            expectedPurchasesTotal: outcome.expectedPurchases.reduce((s, v) => s + v, 0),
          }
        : outcome,
    perCustomer: {
      keys: prepared.customerKeys,
      orders,
      revenueMinor: revenue,
      firstOrderDay: firstDay,
      lastOrderDay: lastDay,
      segment: seg.segment,
      rfm: { r: rfm.r, f: rfm.f, m: rfm.m, segment: rfm.segment },
      pAlive: outcome.status === "ok" ? outcome.pAlive : null,
      pBuyAgain: outcome.status === "ok" ? outcome.pBuyAgain : null,
      expectedPurchases: outcome.status === "ok" ? outcome.expectedPurchases : null,
      expectedOrderValueMinor: outcome.status === "ok" ? outcome.expectedOrderValueMinor : null,
      predictedClvMinor: outcome.status === "ok" ? outcome.predictedClvMinor : null,
    },
  };
}
