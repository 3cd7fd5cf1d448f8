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
      period: { kind: "quarter", complete: true },
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
    // The period is the last complete quarter; retention is bounded and says whom it counts.
    const r = expected.period.retention;
    expect([expected.period.start, expected.period.end]).toEqual(["2026-07-01", "2026-09-30"]);
    expect(r.retentionRate! >= 0 && r.retentionRate! <= 100).toBe(true);
    const nf = (n: number) => n.toLocaleString("en-GB");
    expect(await text("kpi-retention-reading")).toContain(
      `${nf(r.retainedCustomers)} of the ${nf(r.customersAtStart)} customers at the start`,
    );
    expect(await text("kpi-retention-reading")).toContain(`${nf(r.reactivatedCustomers)} lapsed customers came back`);
    expect(await text("kpi-churn-reading")).toContain(`${nf(r.lapsedCustomers)} of the ${nf(r.customersAtStart)}`);
    // The yearly ~30% benchmark sits beside the 365-day figure, with its source, and nowhere near the quarter's band.
    const yearly = expected.readings.yearly;
    expect(await text("kpi-retention-yearly")).toBe(`${yearly.retention.retentionRate!.toFixed(1)}%`);
    expect(await text("kpi-retention-yearly-reading")).toContain("about 30% a year");
    expect(await text("kpi-retention-yearly-reading")).toContain("source: Omniconvert");
    expect(await text("kpi-retention-reading")).not.toContain("30%");
    // The definitions, stated on the page.
    expect(await text("definition-period")).toContain("2026-07-01 to 2026-09-30 (a whole calendar quarter)");
    expect(await text("definition-customer")).toContain("in the 365 days up to and including that date");
    expect(await text("definition-retention")).toContain(
      "customers on 2026-06-30 who are still customers on 2026-09-30",
    );
    for (const s of expected.segments)
      expect(await text(`segment-${s.segment}`)).toBe(s.customers.toLocaleString("en-GB"));
    expect(await page.getByTestId("cohort-table").locator("tbody tr").count()).toBe(12);
    await screenshot(page, "dashboard");
    expect(consoleErrors).toEqual([]);

    // AND in Dutch the same definitions are stated in Dutch
    const nl = await openPage(browser);
    expect((await nl.page.goto(inject("baseUrl") + "/app?locale=nl"))?.status()).toBe(200);
    expect(await nl.page.getByTestId("definition-customer").textContent()).toContain(
      "in de 365 dagen tot en met die datum",
    );
    expect(await nl.page.getByTestId("definition-retention").textContent()).toContain(
      "klanten op 2026-06-30 die op 2026-09-30 nog klant zijn",
    );
    expect(await nl.page.getByTestId("kpi-retention-yearly-reading").textContent()).toContain("zo'n 30% per jaar");
    await screenshot(nl.page, "dashboard-nl");
    expect(nl.consoleErrors).toEqual([]);
  });
});
