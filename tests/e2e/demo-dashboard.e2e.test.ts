import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { analyzeShop } from "../../app/analytics";
import { createDb } from "../../app/db/client.server";
import { DEFAULT_OBSERVATION_END } from "../../app/demo/generator";
import { loadOrderFacts } from "../../app/models/analytics-snapshot.server";
import { launchBrowser, openPage, screenshot } from "./browser";

describe("demo app in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("opens the demo dashboard from the root URL without a Shopify login and shows the analytics module's numbers for the demo shop", async () => {
    // GIVEN the demo shop's figures computed straight from its orders by the analytics core
    const db = createDb(inject("databaseUrl"));
    const shop = await db.shop.findFirstOrThrow({ where: { domain: "demo-retention-shop.myshopify.com" } });
    const facts = await loadOrderFacts(db, shop.id);
    await db.$disconnect();
    expect(facts.length).toBeGreaterThanOrEqual(20_000);
    const expected = analyzeShop(facts, {
      timeZone: shop.timezone,
      observationEnd: DEFAULT_OBSERVATION_END,
      period: { lastMonths: 12 },
      prediction: false,
    });

    // WHEN a newcomer opens the printed URL
    const { page, consoleErrors } = await openPage(browser);
    const response = await page.goto(inject("baseUrl") + "/");
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/app");

    // THEN the dashboard shows the same numbers, with no console errors
    const text = (id: string) => page.getByTestId(id).textContent();
    expect(await text("kpi-customers")).toBe(expected.customers.toLocaleString("en-GB"));
    expect(await text("kpi-retention")).toBe(`${expected.period.retention.retentionRate!.toFixed(1)}%`);
    expect(await text("kpi-churn")).toBe(`${expected.period.retention.churnRate!.toFixed(1)}%`);
    expect(await text("kpi-repeat-rate")).toBe(`${expected.period.purchases.repeatPurchaseRate!.toFixed(1)}%`);
    for (const s of expected.segments)
      expect(await text(`segment-${s.segment}`)).toBe(s.customers.toLocaleString("en-GB"));
    expect(await page.getByTestId("cohort-table").locator("tbody tr").count()).toBe(12);
    await screenshot(page, "dashboard");
    expect(consoleErrors).toEqual([]);
  });
});
