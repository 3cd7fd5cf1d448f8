// One reading per KPI, decided here (pure) and worded in app/i18n ("reading.*" keys), so the
// readings on one dashboard cannot contradict each other:
// - The retention bands (95+ very loyal, 80 up to 95 strong, 60 up to 80 ok, below 60 act
//   now) come from a calculator meant for a quarter's figure: a band is given only when the
//   period is one whole calendar quarter, never for a month, a year or a quarter still running.
// - The online benchmark (about 30%) is a yearly figure: the share of last year's customers
//   who bought again this year, ((E - N) / S) x 100 over 12 months. It is shown only beside
//   this shop's figure measured the same way: retention over the 365 days to the period's end
//   with the 365-day active window. It never gets a band and the quarter never gets the benchmark.
// - Churn is the other side of retention (100 - rate) and takes the retention band's tone,
//   never a judgement of its own.
// - Historic CLV's lifespan is 1 / the yearly churn of that same 365-day figure, so the CLV
//   reading quotes the yearly retention the benchmark sits beside.
// - Repeat rate, NPS, CLV:CAC and predicted CLV get plain readings with their own thresholds
//   (CLV:CAC 3; NPS sign, with fewer than 30 answers read as too few), none of which speaks
//   about retention.
import { periodContaining, type Period } from "~/core/calendar";
import type { ClvCac, HistoricClv } from "./metrics";
import type { NpsResult } from "./nps";
import type { RetentionResult } from "./retention";

export type RetentionBand = "very-loyal" | "strong" | "ok" | "act-now";
export type ReadingTone = "success" | "attention" | "critical" | "info";

export function retentionBand(rate: number): RetentionBand {
  if (rate >= 95) return "very-loyal";
  if (rate >= 80) return "strong";
  if (rate >= 60) return "ok";
  return "act-now";
}

export const BAND_TONE: Record<RetentionBand, ReadingTone> = {
  "very-loyal": "success",
  strong: "success",
  ok: "attention",
  "act-now": "critical",
};

/**
 * The yearly online-retail retention benchmark. An industry estimate, not a measurement of
 * this shop: e-commerce retention surveys and benchmark reports quote about 30% (roughly 28 to
 * 38%) of customers kept from one year to the next, with the formula ((E - N) / S) x 100 over
 * the last 12 months (e.g. Omniconvert's e-commerce CLV / retention benchmark report).
 */
export const ONLINE_RETAIL_BENCHMARK = {
  rate: 30,
  periodDays: 365,
  activeWindowDays: 365,
  source: "Omniconvert, e-commerce customer retention benchmark",
} as const;

/** Fewer NPS answers than this are read as too few to judge. */
export const NPS_MIN_ANSWERS = 30;
export const HEALTHY_CLV_CAC = 3;

/** Is `period` exactly one calendar quarter (the span the bands were made for)? */
export function isWholeQuarter(period: Period): boolean {
  const q = periodContaining("quarter", period.start);
  return q.start === period.start && q.end === period.end;
}

export interface Readings {
  retention:
    | { code: "none"; tone: "info" }
    | { code: "band"; band: RetentionBand; tone: ReadingTone }
    // A figure for a span the bands were not made for: shown without a band.
    | { code: "no-band"; tone: "info" };
  churn: { code: "none" | "mirror"; tone: ReadingTone };
  /** Retention over the 365 days to the period's end, beside the benchmark when measured its way. */
  yearly: {
    start: string;
    end: string;
    retention: RetentionResult;
    benchmark: typeof ONLINE_RETAIL_BENCHMARK | null;
  };
  repeat: { code: "none" | "share"; tone: "info" };
  nps: { code: "none" | "few" | "positive" | "zero" | "negative"; tone: ReadingTone };
  historicClv: { code: "none" | "formula"; tone: "info" };
  clvCac: { code: "no-clv" | "missing" | "healthy" | "low" | "free"; tone: ReadingTone };
  predictedClv: { code: "none" | "spans"; tone: "info" };
}

export function readings(input: {
  period: Period;
  /** The period has ended (a quarter to date is not a quarter's figure). */
  complete: boolean;
  retention: RetentionResult;
  purchasingCustomers: number;
  yearly: { start: string; end: string; retention: RetentionResult; activeWindowDays: number };
  nps: NpsResult;
  historicClv: HistoricClv;
  clvCac: ClvCac;
  predicted: boolean;
}): Readings {
  const rate = input.retention.retentionRate;
  const retention: Readings["retention"] =
    rate === null
      ? { code: "none", tone: "info" }
      : input.complete && isWholeQuarter(input.period)
        ? { code: "band", band: retentionBand(rate), tone: BAND_TONE[retentionBand(rate)] }
        : { code: "no-band", tone: "info" };
  const measuredLikeBenchmark =
    input.yearly.retention.retentionRate !== null &&
    input.yearly.activeWindowDays === ONLINE_RETAIL_BENCHMARK.activeWindowDays;
  const n = input.nps;
  const ratio = input.clvCac;
  return {
    retention,
    churn: rate === null ? { code: "none", tone: "info" } : { code: "mirror", tone: retention.tone },
    yearly: {
      start: input.yearly.start,
      end: input.yearly.end,
      retention: input.yearly.retention,
      benchmark: measuredLikeBenchmark ? ONLINE_RETAIL_BENCHMARK : null,
    },
    repeat: { code: input.purchasingCustomers ? "share" : "none", tone: "info" },
    nps:
      n.nps === null
        ? { code: "none", tone: "info" }
        : n.responses < NPS_MIN_ANSWERS
          ? { code: "few", tone: "info" }
          : n.nps > 0
            ? { code: "positive", tone: "success" }
            : n.nps < 0
              ? { code: "negative", tone: "critical" }
              : { code: "zero", tone: "attention" },
    historicClv: { code: input.historicClv.clvMinor === null ? "none" : "formula", tone: "info" },
    clvCac:
      input.historicClv.clvMinor === null
        ? { code: "no-clv", tone: "info" }
        : ratio.cacMinor === null
          ? { code: "missing", tone: "info" }
          : ratio.ratio === null
            ? { code: "free", tone: "success" }
            : ratio.ratio >= HEALTHY_CLV_CAC
              ? { code: "healthy", tone: "success" }
              : { code: "low", tone: "critical" },
    predictedClv: { code: input.predicted ? "spans" : "none", tone: "info" },
  };
}
