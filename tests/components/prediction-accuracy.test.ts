// The dashboard's prediction-accuracy card, rendered on the server from a real holdout
// selection (CDNOW, 39 + 39 weeks): the sentence carries the chosen model's predicted and
// actual totals, in English and Dutch, and the chart box waits for the browser.
import fs from "node:fs";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { calibrationHoldout, dayOf, MODEL_LABELS, selectModel, type SelectionEvidence } from "~/analytics";
import { PredictionAccuracy } from "~/components/dashboard/PredictionAccuracy";
import { formatCount } from "~/components/format";
import { translate, type Locale } from "~/i18n";

function cdnowSelection(): SelectionEvidence {
  const rows = fs
    .readFileSync("tests/fixtures/cdnow/cdnowElog.csv", "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(",").map(Number));
  rows.sort((a, b) => a[1] - b[1] || a[2] - b[2]);
  const ids = [...new Set(rows.map((r) => r[1]))];
  const start = new Int32Array(ids.length + 1);
  const day = new Int32Array(rows.length);
  let c = -1;
  rows.forEach((r, i) => {
    if (i === 0 || r[1] !== rows[i - 1][1]) start[++c] = i;
    const s = String(r[2]);
    day[i] = dayOf(`${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`);
  });
  start[ids.length] = rows.length;
  const split = calibrationHoldout(
    { start, day, net: new Float64Array(rows.length) },
    { calibrationEndDay: dayOf("1997-09-30"), endDay: dayOf("1998-06-30") },
  );
  const s = selectModel(split);
  return {
    chosen: s.chosen,
    holdoutDays: 273,
    calibrationCustomers: s.calibrationCustomers,
    scores: s.scores.map(({ bins: _bins, ...rest }) => rest),
    bins: s.scores[0].bins,
    failed: s.failed,
  };
}

const selection = cdnowSelection();
const chosen = selection.scores[0];

const render = (locale: Locale) => {
  const t = (k: Parameters<typeof translate>[1], v?: Record<string, string | number>) => translate(locale, k, v);
  return renderToString(
    createElement(PredictionAccuracy, {
      selection,
      labels: {
        summary: t("prediction.accuracy.summary", {
          days: selection.holdoutDays,
          predicted: Math.round(chosen.predictedTotal),
          actual: chosen.actualTotal,
        }),
        model: t("prediction.accuracy.model", { model: MODEL_LABELS[selection.chosen], others: "" }),
        predicted: t("prediction.accuracy.predicted"),
        actual: t("prediction.accuracy.actual"),
        chart: t("prediction.accuracy.chart", { days: selection.holdoutDays }),
        bin: (x, orMore) => t(orMore ? "prediction.accuracy.binMore" : "prediction.accuracy.bin", { count: x + 1 }),
        count: (n) => formatCount(n, locale),
      },
    }),
  );
};

describe("prediction-accuracy card", () => {
  it("says how many purchases were predicted for the holdout and how many were made (1,882 on CDNOW)", () => {
    const html = render("en");
    expect(html).toContain(`data-predicted="${Math.round(chosen.predictedTotal)}"`);
    expect(html).toContain('data-actual="1882"');
    expect(html).toContain(
      `we predicted ${Math.round(chosen.predictedTotal).toLocaleString("en")} purchases from your existing customers; they made 1,882.`,
    );
    expect(html).toContain(MODEL_LABELS[selection.chosen]);
    expect(html).toContain('data-bins="8"');
  });

  it("reads the same figures in Dutch", () => {
    const html = render("nl");
    expect(html).toContain(
      `voorspelden we ${Math.round(chosen.predictedTotal).toLocaleString("nl")} aankopen van uw bestaande klanten; ze deden er 1.882.`,
    );
  });
});
