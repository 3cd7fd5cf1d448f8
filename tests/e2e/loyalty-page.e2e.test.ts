// The loyalty page as a merchant uses it, in Chromium on the demo shop: the status at the top, the
// storefront preview following the form as it is typed (before any save), no "Reward id" to fill in,
// and a refused save that brings the field in error into view with its message next to it.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";

describe("loyalty page in Chromium", () => {
  let browser: Browser;
  const baseUrl = () => inject("baseUrl");
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(): Promise<{ page: Page; consoleErrors: string[] }> {
    const { page, consoleErrors } = await openPage(browser);
    const res = await page.goto(baseUrl() + "/app/loyalty");
    expect(res?.status()).toBe(200);
    await page.waitForLoadState("networkidle");
    return { page, consoleErrors };
  }

  const inView = (page: Page, text: RegExp) =>
    page.getByText(text).evaluateAll((els) =>
      els.some((el) => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
      }),
    );

  it("shows the program's status and a preview that follows the form before saving; no reward id to type", async () => {
    const { page, consoleErrors } = await open();
    await expect
      .poll(() => page.getByTestId("loyalty-status").getAttribute("data-status"))
      .toMatch(/^(on|waiting|off)$/);
    await page.getByLabel(/^Points per .* 1 spent$/).fill("1");
    await expect
      .poll(() => page.getByTestId("loyalty-preview-earn").textContent())
      .toBe("Earn 1 point for every €1 you spend.");
    await page.getByLabel(/^Points per .* 1 spent$/).fill("7");
    await expect
      .poll(() => page.getByTestId("loyalty-preview-earn").textContent())
      .toBe("Earn 7 points for every €1 you spend.");
    await page.getByLabel("Name", { exact: true }).last().fill("Tote bag");
    await page.getByLabel("Cost", { exact: true }).last().fill("1234");
    await expect
      .poll(() => page.getByTestId("loyalty-preview-rewards").textContent())
      .toContain("Tote bag: 1,234 points");
    expect(await page.getByText("Reward id").count()).toBe(0);
    await screenshot(page, "loyalty-preview");
    await page.close();
    expect(consoleErrors).toEqual([]);
  });

  it("a refused save scrolls the field in error into view with its message beside it, and says so near Save", async () => {
    const { page, consoleErrors } = await open();
    // The last reward's cost: the bottom of a long form, far from the top of the page.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByLabel("Cost", { exact: true }).last().fill("0");
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByTestId("loyalty-invalid").waitFor();
    await expect.poll(() => inView(page, /^Must be between 1 and /)).toBe(true);
    expect(await page.getByLabel("Cost", { exact: true }).last().getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByTestId("loyalty-invalid").textContent()).toContain("1 field needs your attention");
    await screenshot(page, "loyalty-invalid");
    // Nothing was saved: the page reloads with the cost it had.
    await page.reload();
    await page.waitForLoadState("networkidle");
    expect(await page.getByLabel("Cost", { exact: true }).last().inputValue()).not.toBe("0");
    await page.close();
    // The refused save itself is a 422 the browser logs; nothing else may be.
    expect(consoleErrors.filter((e) => !/\b422\b/.test(e))).toEqual([]);
  });
});
