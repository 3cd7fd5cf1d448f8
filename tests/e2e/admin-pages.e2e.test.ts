// Every admin page of the demo app in Chromium: loads without console errors, shows the
// analytics module's numbers for the demo shop, and a settings change persists and
// re-segments the shop. Screenshots go to tests/output/.
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { analyzeShop, type AnalyzeOptions, type OrderFact } from "../../app/analytics";
import { createDb, type Db } from "../../app/db/client.server";
import { deriveOpaqueIdKeys, toOpaqueId } from "../../app/core/opaque-id";
import { DEFAULT_OBSERVATION_END } from "../../app/demo/generator";
import { loadOrderFacts } from "../../app/models/analytics-snapshot.server";
import { launchBrowser, openPage, OUTPUT_DIR, screenshot } from "./browser";

const nf = (n: number) => n.toLocaleString("en-GB");

describe("admin pages in Chromium", () => {
  let browser: Browser;
  let db: Db;
  let facts: OrderFact[];
  let options: AnalyzeOptions;
  const baseUrl = () => inject("baseUrl");

  beforeAll(async () => {
    browser = await launchBrowser();
    db = createDb(inject("databaseUrl"));
    const shop = await db.shop.findFirstOrThrow({ where: { domain: "demo-retention-shop.myshopify.com" } });
    facts = await loadOrderFacts(db, shop.id);
    options = {
      timeZone: shop.timezone,
      observationEnd: DEFAULT_OBSERVATION_END,
      period: { kind: "quarter", complete: true },
      prediction: false,
    };
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

  it.each([
    ["/app/segments", "segments"],
    ["/app/winback", "winback"],
    ["/app/customers", "customers"],
    ["/app/nps", "nps"],
    ["/app/loyalty", "loyalty"],
    ["/app/pixels", "pixels"],
    ["/app/sync", "sync"],
    ["/app/import", "import"],
    ["/app/settings", "settings"],
  ])("%s loads without console errors (screenshot %s.png)", async (pathname, name) => {
    const { page, consoleErrors } = await open(pathname);
    await screenshot(page, name);
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it("Segments shows each group's and each RFM segment's size as the analytics module computes them, and links to those customers", async () => {
    const expected = analyzeShop(facts, options);
    const { page, consoleErrors } = await open("/app/segments");
    for (const s of expected.segments)
      expect(await page.getByTestId(`group-${s.segment}-count`).textContent()).toBe(nf(s.customers));
    for (const s of expected.rfmSegments) {
      expect(
        await page.getByTestId(`rfm-${s.segment.replace(/\W+/g, "-").toLowerCase()}-count`).textContent(),
        s.segment,
      ).toBe(nf(s.customers));
    }
    // Click through: the Customers list filtered to the inactive group has exactly that many.
    await page.getByTestId("group-inactive").click();
    await page.waitForURL(/\/app\/customers\?segment=inactive/);
    const inactive = expected.segments.find((s) => s.segment === "inactive")!.customers;
    await expect
      .poll(() => page.locator(".Polaris-Page-Header__TitleWrapper, .Polaris-Page").first().textContent())
      .toContain(`${nf(inactive)} customers`);
    expect(consoleErrors).toEqual([]);
  });

  it("Customers lists every analysed customer, biggest spender first, finds one by e-mail and opens their page with their orders and revenue", async () => {
    const expected = analyzeShop(facts, options);
    const per = expected.perCustomer;
    let top = 0;
    for (let c = 1; c < per.keys.length; c++) if (per.revenueMinor[c] > per.revenueMinor[top]) top = c;
    const key = per.keys[top];
    const { page, consoleErrors } = await open("/app/customers");
    expect(await page.textContent("body")).toContain(`${nf(expected.customers)} customers`);
    const firstLink = page.getByTestId("customer-link").first();
    // The link is the customer's opaque id (the demo server's key material), never their key or e-mail.
    const urlKeys = deriveOpaqueIdKeys("demo-api-secret", "customer-url");
    expect(await firstLink.getAttribute("href")).toBe(`/app/customers/${toOpaqueId(urlKeys, key)}`);

    // Search by the top customer's e-mail address.
    const email = key.startsWith("c:")
      ? (await db.customer.findFirstOrThrow({ where: { id: key.slice(2) }, select: { email: true } })).email!
      : key.slice(2);
    await page.getByLabel("Search by name or e-mail").fill(email);
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/q=/);
    await expect.poll(() => page.getByTestId("customer-link").count()).toBe(1);

    await page.getByTestId("customer-link").click();
    await page.waitForURL(/\/app\/customers\/k1[\w-]+$/);
    expect(await page.getByTestId("customer-orders").textContent()).toBe(String(per.orders[top]));
    const euros = new Intl.NumberFormat("en-GB", {
      style: "currency",
      currency: "EUR",
      minimumFractionDigits: 2,
    }).format(per.revenueMinor[top] / 100);
    expect(await page.getByTestId("customer-revenue").textContent()).toBe(euros);
    await screenshot(page, "customer");
    expect(consoleErrors).toEqual([]);
  });

  it("NPS shows the score and the promoter, passive and detractor counts of the stored answers", async () => {
    const shop = await db.shop.findFirstOrThrow({ where: { domain: "demo-retention-shop.myshopify.com" } });
    const answers = await db.surveyAnswer.findMany({
      where: { shopId: shop.id, answeredAt: { lte: DEFAULT_OBSERVATION_END } },
      select: { score: true },
    });
    const promoters = answers.filter((a) => a.score >= 9).length,
      detractors = answers.filter((a) => a.score <= 6).length;
    const { page } = await open("/app/nps");
    expect(await page.getByTestId("nps-promoters").textContent()).toBe(nf(promoters));
    expect(await page.getByTestId("nps-detractors").textContent()).toBe(nf(detractors));
    expect(await page.getByTestId("nps-score").textContent()).toBe(
      (((promoters - detractors) / answers.length) * 100).toFixed(0),
    );
  });

  // Speed is measured by `npm run bench`, not asserted here: the paint time is only printed (a loaded CI machine
  // would fail a time limit for reasons that are not the page's). The layout shift does not depend on the clock.
  it("the dashboard does not shift its layout as it loads (CLS under 0.1; LCP printed) and charts the trend", async () => {
    const { page, consoleErrors } = await openPage(browser);
    await page.addInitScript(() => {
      const w = window as unknown as { __lcp: number; __cls: number };
      w.__lcp = 0;
      w.__cls = 0;
      new PerformanceObserver((l) => l.getEntries().forEach((e) => (w.__lcp = e.startTime))).observe({
        type: "largest-contentful-paint",
        buffered: true,
      });
      new PerformanceObserver((l) =>
        l.getEntries().forEach((e) => {
          const shift = e as PerformanceEntry & { value: number; hadRecentInput: boolean };
          if (!shift.hadRecentInput) w.__cls += shift.value;
        }),
      ).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(baseUrl() + "/app");
    await page.waitForLoadState("networkidle");
    await page.getByTestId("retention-trend").locator("svg").first().waitFor(); // the chart has drawn
    await page.waitForTimeout(500);
    const vitals = await page.evaluate(() => {
      const w = window as unknown as { __lcp: number; __cls: number };
      return { lcpMs: Math.round(w.__lcp), cls: Number(w.__cls.toFixed(4)) };
    });
    console.log(JSON.stringify({ name: "dashboard-web-vitals", ...vitals, target: "LCP < 2500 ms, CLS < 0.1" }));
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    fs.writeFileSync(path.join(OUTPUT_DIR, "web-vitals.json"), JSON.stringify(vitals) + "\n");
    expect(vitals.lcpMs).toBeGreaterThan(0);
    expect(vitals.cls).toBeLessThan(0.1);
    // The trend chart carries the analytics module's monthly retention figures.
    const expected = analyzeShop(facts, options);
    expect(await page.getByTestId("retention-trend").getAttribute("data-points")).toBe(
      expected.retentionTrend.map((p) => p.retentionRate?.toFixed(1) ?? "").join(","),
    );
    // "What to do next" names the largest RFM group at risk with its size.
    const atRisk = expected.rfmSegments
      .filter((x) => ["At risk", "Can't lose them", "About to sleep", "Need attention"].includes(x.segment))
      .sort((x, y) => y.customers - x.customers)[0];
    expect(await page.getByTestId("next-at-risk").textContent()).toContain(
      `${atRisk.segment}, ${nf(atRisk.customers)} customers`,
    );
    expect(consoleErrors).toEqual([]);
  });

  it("Win-back shows per tag how many customers with an account a push would tag (guests skipped), and never pushes the demo shop", async () => {
    const per = analyzeShop(facts, options).perCustomer;
    const wouldTag: Record<string, number> = {};
    let guests = 0;
    per.keys.forEach((key, c) =>
      key.startsWith("c:") ? (wouldTag[per.segment[c]] = (wouldTag[per.segment[c]] ?? 0) + 1) : guests++,
    );
    const { page, consoleErrors } = await open("/app/winback");
    for (const segment of ["one-time", "repeat", "inactive", "active-loyal"]) {
      expect(await page.getByTestId(`winback-${segment}-would`).textContent(), segment).toBe(
        nf(wouldTag[segment] ?? 0),
      );
      expect(await page.getByTestId(`winback-${segment}-pushed`).textContent(), segment).toBe("0");
    }
    expect(await page.getByTestId("winback-guests").textContent()).toContain(nf(guests));
    await page.getByTestId("winback-demo").waitFor();
    expect(await page.getByRole("button", { name: "Push now" }).isDisabled()).toBe(true);
    expect(consoleErrors).toEqual([]);
  });

  it("a settings change persists after a reload and re-segments the shop (inactive after 90 instead of 60 days), then is put back", async () => {
    const at = (days: number) =>
      analyzeShop(facts, { ...options, segments: { inactiveAfterDays: days } }).segments.find(
        (s) => s.segment === "inactive",
      )!.customers;
    const save = async (page: Page, days: string) => {
      await page.getByLabel("A customer is inactive after").fill(days);
      await page.getByRole("button", { name: "Save" }).click();
      await page.getByText("Settings saved").waitFor();
    };
    const inactiveShown = async (page: Page) => {
      await page.goto(baseUrl() + "/app/segments");
      return page.getByTestId("group-inactive-count").textContent();
    };
    const { page, consoleErrors } = await open("/app/settings");
    await save(page, "90");
    await page.reload();
    expect(await page.getByLabel("A customer is inactive after").inputValue()).toBe("90");
    await expect.poll(() => inactiveShown(page), { timeout: 30_000, interval: 500 }).toBe(nf(at(90)));

    await page.goto(baseUrl() + "/app/settings");
    await save(page, "60");
    await expect.poll(() => inactiveShown(page), { timeout: 30_000, interval: 500 }).toBe(nf(at(60)));
    expect(consoleErrors).toEqual([]);
  });
});
