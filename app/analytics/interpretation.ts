// A retention rate in plain words, in English and Dutch.
// Bands: 95 and above very loyal; 80 up to 95 strong; 60 up to 80 ok; below 60 act now.
// Benchmark: online retail keeps about 30% of its customers year over year. This is a
// widely quoted industry estimate (e.g. the e-commerce retention averages collected by
// Recurly/Statista and CleverTap's retail benchmarks), not a measured figure of this shop.

export type RetentionBand = "very-loyal" | "strong" | "ok" | "act-now";

export const ONLINE_RETAIL_BENCHMARK_RETENTION = 30;

export function retentionBand(rate: number): RetentionBand {
  if (rate >= 95) return "very-loyal";
  if (rate >= 80) return "strong";
  if (rate >= 60) return "ok";
  return "act-now";
}

const TEXT: Record<RetentionBand, { en: string; nl: string }> = {
  "very-loyal": { en: "Very loyal: almost every customer stays.", nl: "Zeer trouw: bijna elke klant blijft." },
  strong: { en: "Strong: most customers stay; keep it up.", nl: "Sterk: de meeste klanten blijven; ga zo door." },
  ok: {
    en: "OK: a good share stays, but there is room to win more back.",
    nl: "Redelijk: een flink deel blijft, maar er valt meer terug te winnen.",
  },
  "act-now": {
    en: "Act now: too many customers leave. Start a win-back flow for your inactive customers.",
    nl: "Kom in actie: te veel klanten haken af. Start een win-back flow voor je inactieve klanten.",
  },
};

export interface RetentionReading {
  band: RetentionBand | null;
  text: { en: string; nl: string };
  benchmark: { rate: number; en: string; nl: string };
}

export function interpretRetention(rate: number | null): RetentionReading {
  const benchmark = {
    rate: ONLINE_RETAIL_BENCHMARK_RETENTION,
    en: `Online retail keeps about ${ONLINE_RETAIL_BENCHMARK_RETENTION}% of its customers (industry estimate).`,
    nl: `Webwinkels behouden gemiddeld zo'n ${ONLINE_RETAIL_BENCHMARK_RETENTION}% van hun klanten (schatting uit de branche).`,
  };
  if (rate === null)
    return {
      band: null,
      text: {
        en: "Not enough customers yet to measure retention.",
        nl: "Nog te weinig klanten om klantbehoud te meten.",
      },
      benchmark,
    };
  const band = retentionBand(rate);
  return { band, text: TEXT[band], benchmark };
}
