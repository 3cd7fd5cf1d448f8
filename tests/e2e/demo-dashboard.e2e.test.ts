import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb } from "../../app/db.server";
import { launchBrowser, openPage, screenshot } from "./browser";

describe("demo app in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("opens the demo dashboard from the root URL without a Shopify login and shows the generated shop's numbers", async () => {
    // GIVEN the demo shop's figures straight from the database
    const db = createDb(inject("databaseUrl"));
    const shop = await db.shop.findFirstOrThrow({ where: { domain: "demo-retention-shop.myshopify.com" } });
    const customers = await db.customer.count({ where: { shopId: shop.id } });
    const orders = await db.order.count({ where: { shopId: shop.id, cancelledAt: null, netPaidMinor: { gt: 0 } } });
    await db.$disconnect();
    expect(customers).toBeGreaterThanOrEqual(5000);

    // WHEN a newcomer opens the printed URL
    const { page, consoleErrors } = await openPage(browser);
    const response = await page.goto(inject("baseUrl") + "/");
    expect(response?.status()).toBe(200);
    expect(new URL(page.url()).pathname).toBe("/app");

    // THEN the dashboard shows the same numbers, with no console errors
    await expect(page.getByTestId("kpi-customers").textContent()).resolves.toBe(customers.toLocaleString("en"));
    await expect(page.getByTestId("kpi-orders").textContent()).resolves.toBe(orders.toLocaleString("en"));
    await screenshot(page, "dashboard");
    expect(consoleErrors).toEqual([]);
  });
});
