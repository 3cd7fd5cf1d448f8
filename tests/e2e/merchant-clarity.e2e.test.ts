// What a merchant reads on the demo shop, in Chromium: a CSV export downloaded by clicking its
// button (parsed with csv-parse and compared with the database), an NPS detractor followed to
// their customer page, and the customer page's churn risk in words (probability on hover),
// RFM in words, and no e-mail address in the page address; in English and Dutch.
// Screenshots go to tests/output/.
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { deriveOpaqueIdKeys, fromOpaqueId } from "../../app/core/opaque-id";
import { createDb, type Db } from "../../app/db/client.server";
import { launchBrowser, openPage, screenshot } from "./browser";

// The demo server's key material (SHOPIFY_API_SECRET in tests/e2e/global-setup.ts).
const URL_KEYS = deriveOpaqueIdKeys("demo-api-secret", "customer-url");

describe("exports, NPS follow-up and the customer page in Chromium", () => {
  let browser: Browser;
  let db: Db;
  let shopId: string;
  const baseUrl = () => inject("baseUrl");

  beforeAll(async () => {
    browser = await launchBrowser();
    db = createDb(inject("databaseUrl"));
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: "demo-retention-shop.myshopify.com" } })).id;
  });
  afterAll(async () => {
    await browser?.close();
    await db?.$disconnect();
  });

  async function open(pathname: string): Promise<{ page: Page; consoleErrors: string[] }> {
    const { page, consoleErrors } = await openPage(browser);
    const res = await page.goto(baseUrl() + pathname);
    expect(res?.status(), pathname).toBe(200);
    await page.waitForLoadState("networkidle");
    return { page, consoleErrors };
  }

  it("Export on the Customers page, filtered to a group, downloads exactly that group's customers as CSV", async () => {
    const { page, consoleErrors } = await open("/app/customers?segment=active-loyal");
    const button = page.getByTestId("export-customers").getByRole("button");
    await expect.poll(() => button.textContent()).toMatch(/^Export these [\d,]+ customers \(CSV\)$/);
    const [download] = await Promise.all([page.waitForEvent("download"), button.click()]);
    expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    const rows = await db.customerInsight.findMany({
      where: { shopId, segment: "active-loyal" },
      orderBy: { customerKey: "asc" },
    });
    expect(records).toHaveLength(rows.length);
    expect(new Set(records.map((r) => r.group))).toEqual(new Set(["active-loyal"]));
    const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
    expect(total(records.map((r) => Math.round(Number(r.revenue) * 100)))).toBe(
      total(rows.map((r) => Number(r.revenueMinor))),
    );
    expect(records.map((r) => r.email).sort()).toEqual(rows.map((r) => r.email ?? "").sort());
    await screenshot(page, "customers-export");
    expect(consoleErrors).toEqual([]);
  });

  it("a detractor on the NPS page opens their customer page, addressed without their e-mail", async () => {
    const { page, consoleErrors } = await open("/app/nps");
    await expect.poll(() => page.getByTestId("nps-trend").getAttribute("data-points")).toMatch(/\d/);
    await screenshot(page, "nps-follow-up");
    const link = page.getByTestId("nps-detractor-link").first();
    const name = (await link.textContent())!;
    const customerKey = fromOpaqueId(URL_KEYS, (await link.getAttribute("href"))!.split("/").pop()!)!;
    await link.click();
    await page.waitForURL(/\/app\/customers\/k1[\w-]+$/);
    expect(page.url()).not.toMatch(/%40|@/);
    await expect.poll(() => page.locator("h1").first().textContent()).toBe(name);
    // The customer did answer 0-6: their answer is in the database, tied to them.
    expect(customerKey).toMatch(/^c:/);
    const answers = await db.surveyAnswer.findMany({ where: { shopId, customerId: customerKey.slice(2) } });
    expect(answers.some((a) => a.score <= 6)).toBe(true);
    await screenshot(page, "nps-detractor-customer");
    expect(consoleErrors).toEqual([]);
  });

  it.each([
    ["en", ["Low", "Medium", "High"], "Churn risk", "Recency"],
    ["nl", ["Laag", "Gemiddeld", "Hoog"], "Risico op afhaken", "Recentheid"],
  ] as const)(
    "the customer page (%s) says churn risk in words with the probability on hover, and RFM in words",
    async (locale, levels, riskLabel, rfmWord) => {
      // The biggest spender with a prediction, opened from the list.
      const list = await open("/app/customers?sort=revenue");
      const href = (await list.page.getByTestId("customer-link").first().getAttribute("href"))!;
      await list.page.close();
      const { page, consoleErrors } = await open(`${href}?locale=${locale}`);
      const risk = page.getByTestId("churn-risk");
      await expect.poll(() => risk.count()).toBe(1);
      // (Polaris puts the badge's tone before it for screen readers, visually hidden.)
      expect((await risk.textContent())!.trim()).toMatch(new RegExp(`(${levels.join("|")})$`));
      expect(await risk.getAttribute("title")).toMatch(/\d+\s?%/);
      const body = (await page.textContent("body"))!;
      expect(body).toContain(riskLabel);
      // Not both "97% still a customer" and "3% churn risk": the probability is only on hover.
      expect(body).not.toMatch(/still a customer|nog klant/i);
      expect(await page.getByTestId("customer-rfm-explained").textContent()).toMatch(new RegExp(`^${rfmWord} [1-5] `));
      expect((await page.getByTestId("customer-risk-explained").textContent())!.length).toBeGreaterThan(20);
      await screenshot(page, `customer-clarity-${locale}`);
      expect(consoleErrors).toEqual([]);
    },
  );
});
