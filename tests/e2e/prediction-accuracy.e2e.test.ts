// The dashboard's prediction-accuracy card in Chromium, in English and Dutch, against the
// snapshot the demo app stored in its database: "we predicted N purchases, they made M" with
// the chosen model's holdout totals, the bar chart with one pair of bars per non-empty group
// of customers drawn to those groups' figures, in colours that can be told apart, the model's
// name and the 95% range of the predicted CLV, each number written the way the language writes it.
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { MODEL_LABELS, type ModelName, type SelectionEvidence } from "../../app/analytics";
import { createDb } from "../../app/db/client.server";
import { readDashboardSnapshot } from "../../app/models/analytics-snapshot.server";
import { launchBrowser, openPage, OUTPUT_DIR, screenshot } from "./browser";

interface Expected {
  currency: string;
  chosen: ModelName;
  predicted: number;
  actual: number;
  holdoutDays: number;
  rmse: { model: ModelName; rmse: number }[];
  /** The non-empty groups, in order: calibration repeat purchases, "or more", and the two bar values. */
  groups: { repeats: number; orMore: boolean; predicted: number; actual: number }[];
  clv: { lowMinor: number; highMinor: number };
}

/** The demo shop's stored dashboard snapshot, read as the app reads it, reduced to what the card shows. */
async function storedFigures(): Promise<Expected> {
  const db = createDb(inject("databaseUrl"));
  try {
    const shop = await db.shop.findFirstOrThrow({ where: { domain: "demo-retention-shop.myshopify.com" } });
    const snapshot = await readDashboardSnapshot(db, shop.id);
    const prediction = snapshot?.analysis.prediction;
    if (prediction?.status !== "ok" || !prediction.selection || !prediction.averageClvInterval)
      throw new Error(`the demo snapshot has no holdout evidence or CLV range: ${JSON.stringify(prediction)}`);
    const selection: SelectionEvidence = prediction.selection;
    const chosen = selection.scores.find((s) => s.model === selection.chosen)!;
    return {
      currency: shop.currency,
      chosen: selection.chosen,
      predicted: Math.round(chosen.predictedTotal),
      actual: chosen.actualTotal,
      holdoutDays: selection.holdoutDays,
      rmse: selection.scores.map((s) => ({ model: s.model, rmse: s.rmse })),
      groups: selection.bins
        .filter((b) => b.customers > 0)
        .map((b) => ({
          repeats: b.frequency,
          orMore: b.orMore,
          predicted: Math.round(b.predictedMean * b.customers),
          actual: Math.round(b.actualMean * b.customers),
        })),
      clv: prediction.averageClvInterval,
    };
  } finally {
    await db.$disconnect();
  }
}

/** WCAG relative luminance of "#RRGGBB", and the contrast ratio of two luminances. */
const luminance = (hex: string) => {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a: number, b: number) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);

const LANGUAGES = {
  en: {
    intl: "en-GB",
    summary: (days: string, n: string, m: string) =>
      `Over the last ${days} days we predicted ${n} purchases from your existing customers; they made ${m}.`,
    model: (name: string) => `Model: ${name}, chosen because it predicted that period best`,
    caption: "The bars: purchases in those",
    legend: ["Predicted purchases", "Actual purchases"],
    group: (orders: number, orMore: boolean) =>
      orMore ? `${orders}+ orders` : orders === 1 ? "1 order" : `${orders} orders`,
    range: (low: string, high: string) => `95% range ${low} – ${high}`,
    month: ["a month = 365.25/12 = 30.44 days", "a month is 365.25/12 days"],
  },
  nl: {
    intl: "nl-NL",
    summary: (days: string, n: string, m: string) =>
      `Over de laatste ${days} dagen voorspelden we ${n} aankopen van uw bestaande klanten; ze deden er ${m}.`,
    model: (name: string) => `Model: ${name}, gekozen omdat het die periode het best voorspelde`,
    caption: "De staven: aankopen in die",
    legend: ["Voorspelde aankopen", "Werkelijke aankopen"],
    group: (orders: number, orMore: boolean) => (orMore ? `${orders}+ keer` : `${orders} keer`),
    range: (low: string, high: string) => `95%-bereik ${low} – ${high}`,
    month: ["een maand = 365,25/12 = 30,44 dagen", "een maand is 365,25/12 dagen"],
  },
} as const;

describe("the dashboard's prediction-accuracy card in Chromium", () => {
  let browser: Browser;
  let expected: Expected;
  beforeAll(async () => {
    browser = await launchBrowser();
    expected = await storedFigures();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** The chart's bars, grouped as polaris-viz draws them (one mask per group, predicted then actual): heights in px. */
  const barHeights = (page: Page) =>
    page
      .getByTestId("prediction-accuracy-chart")
      .locator('path[data-type="Bar"]')
      .evaluateAll((paths) =>
        paths.map((p) => ({
          group: p.closest("mask")?.id ?? "",
          series: Number(p.getAttribute("data-index")),
          height: (p as SVGGraphicsElement).getBBox().height,
        })),
      );

  it.each(["en", "nl"] as const)(
    "in %s: predicted N and made M from the stored snapshot, a pair of bars per non-empty group drawn to its figures, the model and the CLV range",
    async (locale) => {
      const lang = LANGUAGES[locale];
      const count = (n: number) => new Intl.NumberFormat(lang.intl).format(n);
      // Whole units of the shop's currency (its minor units as Intl knows them: 2 for EUR).
      const minorDigits = new Intl.NumberFormat("en", {
        style: "currency",
        currency: expected.currency,
      }).resolvedOptions().maximumFractionDigits!;
      const money = (minor: number) =>
        new Intl.NumberFormat(lang.intl, {
          style: "currency",
          currency: expected.currency,
          maximumFractionDigits: 0,
          minimumFractionDigits: 0,
        }).format(minor / 10 ** minorDigits);
      // The demo shop's totals run into the thousands, so the grouping separator is on the page to be checked.
      expect(expected.predicted).toBeGreaterThanOrEqual(1000);
      expect(expected.groups.length).toBeGreaterThanOrEqual(2);

      const { page, consoleErrors } = await openPage(browser);
      expect((await page.goto(`${inject("baseUrl")}/app?locale=${locale}`))?.status()).toBe(200);
      const chart = page.getByTestId("prediction-accuracy-chart");
      // The chart draws in the browser after hydration: wait for its bars.
      await expect.poll(() => chart.locator('path[data-type="Bar"]').count()).toBe(2 * expected.groups.length);

      // "we predicted N … they made M", N and M the chosen model's stored holdout totals.
      const summary = page.getByTestId("prediction-accuracy");
      expect(await summary.textContent()).toBe(
        lang.summary(count(expected.holdoutDays), count(expected.predicted), count(expected.actual)),
      );
      expect(await summary.getAttribute("data-predicted")).toBe(String(expected.predicted));
      expect(await summary.getAttribute("data-actual")).toBe(String(expected.actual));
      const card = page.locator(".Polaris-Layout__Section", { has: chart });
      const cardText = (await card.innerText()).replace(/\u00a0/g, " ");
      expect(cardText).toContain(lang.model(MODEL_LABELS[expected.chosen]));
      // Every model's typical error, with the language's decimal separator.
      for (const s of expected.rmse)
        expect(cardText).toContain(
          `${MODEL_LABELS[s.model]} ${new Intl.NumberFormat(lang.intl, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(s.rmse)}`,
        );

      // What the bars are: a caption, a legend with both series, a value axis, and each group named.
      expect(await page.getByTestId("prediction-accuracy-chart-caption").textContent()).toContain(
        `${lang.caption} ${count(expected.holdoutDays)}`,
      );
      for (const name of lang.legend) expect(cardText).toContain(name);
      const groupLabels = await chart
        .locator('g[data-type="BarGroup"][role="list"]')
        .evaluateAll((gs) => gs.map((g) => g.getAttribute("aria-label")!.split(":")[0]));
      expect(groupLabels).toEqual(expected.groups.map((g) => lang.group(g.repeats + 1, g.orMore)));
      const axisTexts = await chart.locator("svg text").allTextContents();
      for (const label of groupLabels)
        expect(axisTexts, "each group's name under its bars, not cut short").toContain(label);
      const ticks = axisTexts.filter((t) => !groupLabels.includes(t));
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      for (const t of ticks) expect(t).toMatch(locale === "nl" ? /^\d{1,3}(\.\d{3})*$/ : /^\d{1,3}(,\d{3})*$/);

      // One pair per group, predicted then actual, each bar's height proportional to its stored figure.
      const bars = await barHeights(page);
      const groups = [...new Set(bars.map((b) => b.group))];
      expect(groups).toHaveLength(expected.groups.length);
      const pixelsPerPurchase =
        Math.max(...bars.map((b) => b.height)) / Math.max(...expected.groups.flatMap((g) => [g.predicted, g.actual]));
      groups.forEach((id, i) => {
        const pair = bars.filter((b) => b.group === id).sort((a, b) => a.series - b.series);
        expect(pair.map((b) => b.series)).toEqual([0, 1]);
        expect(Math.abs(pair[0].height - expected.groups[i].predicted * pixelsPerPurchase)).toBeLessThan(1.5);
        expect(Math.abs(pair[1].height - expected.groups[i].actual * pixelsPerPurchase)).toBeLessThan(1.5);
      });

      // Two colours a reader can tell apart: each at least 3:1 against the white card (WCAG 1.4.11), and apart in lightness.
      const colours = await chart.locator('rect[data-type="colorVisionMask"]').evaluateAll((rects) =>
        rects.map((r) => ({
          series: Number(r.getAttribute("data-index")),
          colour: document.querySelector(`${r.getAttribute("fill")!.slice(4, -1)} stop`)!.getAttribute("stop-color")!,
        })),
      );
      const bySeries = [0, 1].map((s) => [...new Set(colours.filter((c) => c.series === s).map((c) => c.colour))]);
      expect(bySeries.map((c) => c.length)).toEqual([1, 1]);
      const [predictedL, actualL] = bySeries.map(([c]) => luminance(c));
      expect(contrast(predictedL, 1)).toBeGreaterThanOrEqual(3);
      expect(contrast(actualL, 1)).toBeGreaterThanOrEqual(3);
      expect(contrast(predictedL, actualL)).toBeGreaterThanOrEqual(1.5);

      // The predicted CLV's 95% range, in the shop's currency as the language writes it.
      const clvReading = ((await page.getByTestId("kpi-predicted-clv-reading").textContent()) ?? "").replace(
        /\u00a0/g,
        " ",
      );
      expect(clvReading).toContain(
        lang.range(money(expected.clv.lowMinor), money(expected.clv.highMinor)).replace(/\u00a0/g, " "),
      );
      expect(expected.clv.lowMinor).toBeLessThan(expected.clv.highMinor);
      // The month the CLV is summed over, stated next to the figure and in the definitions, which name all three models.
      expect(clvReading).toContain(lang.month[0]);
      const definition = (await page.getByTestId("definition-clv").textContent()) ?? "";
      expect(definition).toContain(lang.month[1]);
      for (const name of Object.values(MODEL_LABELS)) expect(definition).toContain(name);

      await screenshot(page, `dashboard-prediction-${locale}`);
      await card.screenshot({ path: path.join(OUTPUT_DIR, `prediction-accuracy-${locale}.png`) });
      expect(consoleErrors).toEqual([]);
    },
  );
});
