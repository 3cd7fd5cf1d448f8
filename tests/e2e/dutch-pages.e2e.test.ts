// Every admin page of the demo app opened in Dutch (?locale=nl, as Shopify passes a Dutch merchant's language)
// in Chromium, checked for what issue #16 found: English sentences under Dutch headings, raw payment statuses
// ("paid", "refunded"), numbers written the English way ("35.1%", "4.67", "9,302") next to Dutch ones, ISO dates,
// and the language picker saying "English" on a Dutch page. The English sentences are taken from the
// dictionaries themselves, so a string added to app/i18n/*.en.ts is checked without touching this file.
import { parse, TYPE } from "@formatjs/icu-messageformat-parser";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PARSE_OPTIONS } from "../../app/i18n";
import { en } from "../../app/i18n/en";
import { nl } from "../../app/i18n/nl";
import { launchBrowser, openPage, screenshot } from "./browser";

/**
 * The runs of text (between arguments) of every English message that differs from its Dutch twin, four words or
 * longer, and not also in the Dutch message: seeing one of them on a Dutch page means an English message rendered.
 */
function englishOnlyPhrases(): { key: string; phrase: string }[] {
  const phrases: { key: string; phrase: string }[] = [];
  for (const [key, english] of Object.entries(en)) {
    const dutch = (nl as Record<string, string>)[key];
    if (english === dutch) continue;
    const walk = (elements: ReturnType<typeof parse>) => {
      for (const el of elements) {
        if (el.type === TYPE.literal) {
          const phrase = el.value.trim().replace(/\s+/g, " ");
          if (phrase.split(" ").filter((w) => /\p{L}/u.test(w)).length >= 4 && !dutch.includes(phrase))
            phrases.push({ key, phrase });
        }
        if (el.type === TYPE.plural || el.type === TYPE.select)
          for (const option of Object.values(el.options)) walk(option.value);
      }
    };
    walk(parse(english, PARSE_OPTIONS));
  }
  return phrases;
}

const RAW_STATUSES = ["paid", "pending", "refunded", "partially_refunded", "partially_paid", "voided", "authorized"];

describe("admin pages in Dutch", () => {
  let browser: Browser;
  const baseUrl = () => inject("baseUrl");
  const phrases = englishOnlyPhrases();

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openDutch(pathname: string): Promise<{ page: Page; text: string; consoleErrors: string[] }> {
    const { page, consoleErrors } = await openPage(browser);
    const url = new URL(pathname, baseUrl());
    url.searchParams.set("locale", "nl");
    const res = await page.goto(url.toString());
    expect(res?.status(), pathname).toBe(200);
    await page.waitForLoadState("networkidle");
    // The text as the merchant reads it (rendered, visible), with no-break spaces as spaces.
    const text = (await page.locator("body").innerText()).replace(/[\u00a0\u202f]/g, " ");
    return { page, text, consoleErrors };
  }

  /** Everything issue #16 found wrong on a Dutch page, as a list (empty when the page is right). */
  async function problemsOn(page: Page, text: string): Promise<string[]> {
    const problems: string[] = [];
    for (const { key, phrase } of phrases)
      if (text.includes(phrase)) problems.push(`English text of ${key}: "${phrase}"`);
    // A number with one or two decimals after a point ("35.1%", "4.67", "€1,234.56"): Dutch writes a comma.
    for (const m of text.matchAll(/(?<![\d.,])\d+\.\d{1,2}(?![\d.])%?/g)) problems.push(`English decimal: "${m[0]}"`);
    // A thousands comma ("9,302"): Dutch groups with a point. A Dutch decimal has 1 or 2 digits, never 3.
    for (const m of text.matchAll(/(?<![\d.,])\d{1,3}(,\d{3})+(?![\d,])/g))
      problems.push(`English grouping: "${m[0]}"`);
    for (const m of text.matchAll(/\b20\d\d-\d\d-\d\d\b/g)) problems.push(`ISO date: "${m[0]}"`);
    // A form field holding a decimal with a point ("500.00", "1.25"): a Dutch merchant reads and types a comma.
    const values = await page.locator("input").evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
    for (const v of values) if (/^\d+\.\d+$/.test(v)) problems.push(`English decimal in a field: "${v}"`);
    // A raw status word as a whole cell or badge.
    const cells = await page.locator("td, th, .Polaris-Badge").allInnerTexts();
    for (const cell of cells) if (RAW_STATUSES.includes(cell.trim())) problems.push(`raw status: "${cell.trim()}"`);
    return problems;
  }

  it("finds English-only phrases in the dictionaries to look for (so the page checks cannot pass on nothing)", () => {
    expect(phrases.length).toBeGreaterThan(100);
    expect(phrases.map((p) => p.key)).toContain("dashboard.pending");
  });

  it("the same checks flag the English dashboard and customer page (so they can fail): English sentences, decimals, statuses", async () => {
    const open = async (path: string) => {
      const { page } = await openPage(browser);
      expect((await page.goto(new URL(path, baseUrl()).toString()))?.status()).toBe(200);
      await page.waitForLoadState("networkidle");
      return { page, text: (await page.locator("body").innerText()).replace(/[\u00a0\u202f]/g, " ") };
    };
    const dashboard = await open("/app");
    const found = (await problemsOn(dashboard.page, dashboard.text)).join("\n");
    expect(found).toMatch(/English text of /);
    expect(found).toMatch(/English decimal: "\d+\.\d%"/);
    expect(found).toMatch(/English grouping: "\d{1,3},\d{3}"/);
    const href = await (await open("/app/customers")).page.getByTestId("customer-link").first().getAttribute("href");
    const customer = await open(href!);
    // Before issue #16 the status column showed the stored word; the English page now says "Paid", which is no raw word.
    expect(await customer.page.locator("tbody tr td:last-child").allInnerTexts()).toContain("Paid");
    expect(RAW_STATUSES).toContain("paid");
  });

  it.each([
    ["/app", "dashboard"],
    ["/app/segments", "segments"],
    ["/app/winback", "winback"],
    ["/app/customers", "customers"],
    ["/app/nps", "nps"],
    ["/app/loyalty", "loyalty"],
    ["/app/pixels", "pixels"],
    ["/app/sync", "sync"],
    ["/app/import", "import"],
    ["/app/settings", "settings"],
  ])(
    "%s in Dutch shows no English sentence, no English number, no ISO date (screenshot %s-nl.png)",
    async (path, name) => {
      const { page, text, consoleErrors } = await openDutch(path);
      await screenshot(page, `${name}-nl`);
      expect(await problemsOn(page, text)).toEqual([]);
      expect(consoleErrors).toEqual([]);
      await page.close();
    },
  );

  it("the login page and the old WooCommerce connect link speak Dutch to a Dutch browser", async () => {
    const { page } = await openPage(browser);
    await page.setExtraHTTPHeaders({ "accept-language": "nl-NL,nl;q=0.9" });
    expect((await page.goto(new URL("/auth/login", baseUrl()).toString()))?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe(nl["login.title"]);
    const text = (await page.locator("body").innerText()).replace(/[\u00a0\u202f]/g, " ");
    expect(text).toContain(nl["login.woocommerce"]);
    expect(await problemsOn(page, text)).toEqual([]);
    const gone = await page.goto(new URL("/woocommerce/connect?store=x", baseUrl()).toString());
    expect(gone?.status()).toBe(410);
    expect(await gone?.text()).toBe(nl["woocommerce.connect.gone"]);
    await page.close();
  });

  it("Segments in Dutch names the two ways of sorting customers apart: groups vs RFM segments, with the one-line explanation", async () => {
    const { page } = await openDutch("/app/segments");
    const headings = await page.locator("h2").allInnerTexts();
    expect(headings).toContain(nl["segments.title"]);
    expect(headings).toContain(nl["segments.rfm.title"]);
    expect(await page.getByTestId("segment-systems").textContent()).toContain(
      `\u201c${nl["segments.active-loyal"]}\u201d`,
    );
    await page.close();
  });

  it("the dashboard writes its rates, counts and money the Dutch way (35,1%, 9.302, € 1.234)", async () => {
    const { page } = await openDutch("/app");
    expect(await page.getByTestId("kpi-retention").textContent()).toMatch(/^\d{1,3},\d%$/);
    expect(await page.getByTestId("kpi-repeat-rate").textContent()).toMatch(/^\d{1,3},\d%$/);
    expect(await page.getByTestId("kpi-customers").textContent()).toMatch(/^\d{1,3}(\.\d{3})*$/);
    expect((await page.getByTestId("kpi-historic-clv").textContent())?.replace(/\u00a0/g, " ")).toMatch(
      /^€ \d{1,3}(\.\d{3})*$/,
    );
    expect(await page.getByTestId("definition-period").textContent()).toMatch(/1 jul\.? 2026 t\/m 30 sep\.? 2026/);
    await page.close();
  });

  it("a customer's page in Dutch shows payment statuses in Dutch and no English figures", async () => {
    const list = await openDutch("/app/customers");
    const href = await list.page.getByTestId("customer-link").first().getAttribute("href");
    await list.page.close();
    const { page, text, consoleErrors } = await openDutch(href!);
    await screenshot(page, "customer-nl");
    expect(await problemsOn(page, text)).toEqual([]);
    // The orders table's last column is the payment status, in Dutch.
    const statuses = await page.locator("tbody tr td:last-child").allInnerTexts();
    expect(statuses.length).toBeGreaterThan(0);
    for (const s of statuses) expect(s).toMatch(/^(Betaald|Terugbetaald|Gedeeltelijk terugbetaald|Geannuleerd|.*\S)$/);
    expect(statuses.some((s) => ["Betaald", "Terugbetaald", "Gedeeltelijk terugbetaald"].includes(s))).toBe(true);
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it("the Dutch settings page names the language in Dutch (Taal: Nederlands) and Polaris speaks Dutch", async () => {
    const { page } = await openDutch("/app/settings");
    const select = page.getByLabel("Taal");
    expect(await select.inputValue()).toBe("nl");
    expect(await select.locator("option:checked").textContent()).toBe("Nederlands");
    await page.close();
    // Polaris's own words come from @shopify/polaris/locales/nl.json: the pagination's labels.
    const customers = await openDutch("/app/customers");
    expect(await customers.page.locator('[aria-label="Vorige"], [aria-label="Volgende"]').count()).toBeGreaterThan(0);
    await customers.page.close();
  });

  it("the menu keeps the merchant's language: from the Dutch dashboard, Klanten opens the customers in Dutch", async () => {
    const { page } = await openDutch("/app");
    expect(await page.getByRole("navigation", { name: "Demonavigatie" }).textContent()).toContain("Demowinkel");
    await page.getByRole("navigation", { name: "Demonavigatie" }).getByRole("link", { name: "Klanten" }).click();
    await page.waitForURL(/\/app\/customers\?locale=nl$/);
    await expect.poll(() => page.locator("h1").first().textContent()).toBe("Klanten");
    await page.close();
  });

  it("links and the search form inside the pages keep Dutch: segment → customers → search → customer → back", async () => {
    const { page } = await openDutch("/app/segments");
    await page.getByTestId("group-inactive").click();
    await page.waitForURL(/\/app\/customers\?.*segment=inactive.*locale=nl|locale=nl.*segment=inactive/);
    await page.getByRole("button", { name: "Toepassen" }).click();
    await page.waitForURL(/\/app\/customers\?.*locale=nl/);
    await page.getByTestId("customer-link").first().click();
    await page.waitForURL(/\/app\/customers\/[^/?]+\?locale=nl$/);
    // The customer's own page (the list has a "Bestellingen" column too): wait for its order count.
    await page.getByTestId("customer-orders").waitFor();
    await expect.poll(() => page.locator("body").innerText()).toContain("Bestellingen");
    // The page's back arrow (not the menu) leads back to the Dutch list.
    expect(await page.locator('.Polaris-Page a[href="/app/customers?locale=nl"]').count()).toBe(1);
    await page.close();
  });

  it("a Dutch field error appears under the Dutch banner", async () => {
    const { page } = await openDutch("/app/settings");
    await page.getByLabel("Een klant is inactief na").fill("0");
    await page.getByRole("button", { name: "Opslaan" }).click();
    await page.getByText("Minstens 1").waitFor();
    const text = (await page.locator("body").innerText()).replace(/[\u00a0\u202f]/g, " ");
    expect(text).not.toContain("At least");
    await page.close();
  });
});
