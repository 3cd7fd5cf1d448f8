// The order import page in Chromium: a merchant uploads an export and sees what was imported
// and which rows were skipped; a file that is no export gets a banner. The uploaded orders
// have no e-mail and no customer, so the analytics leave them out (unattributed) and the
// demo shop's figures that the other browser tests check stay as they are; they are
// deleted again at the end.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client.server";
import { windows1252 } from "../helpers/dutch-excel";
import { launchBrowser, openPage, screenshot } from "./browser";

const IDS = ["5550000000001", "5550000000002", "5550000000003"];
const DUTCH_IDS = ["5550000000011", "5550000000012", "5550000000013", "5550000000014"];
const DUTCH_HEADER =
  "Name;Email;Financial Status;Paid at;Currency;Total;Created at;Cancelled at;Refunded Amount;Id;Source;Billing Name";
/** As Excel on a Dutch computer saves an export: ";", decimal commas, day-first dates, Windows-1252. */
const DUTCH_EXPORT = windows1252(
  [
    DUTCH_HEADER, // line 1
    "#N1;;paid;2-3-2026 10:00:00;EUR;1.249,95;2-3-2026 10:00:00;;0,00;5550000000011;web;Renée", // 2
    "#N2;;paid;15-3-2026 12:00:00;EUR;20,00;15-3-2026 12:00:00;;;5550000000012;web;Zoë", // 3
    "#N3;;paid;16-3-2026 09:00:00;EUR;twaalf;16-3-2026 09:00:00;;;5550000000013;web;Jan", // 4: no amount
  ].join("\r\n") + "\r\n",
);
/** Every date fits day first and month first, written with slashes: the merchant is asked. */
const AMBIGUOUS_EXPORT = [DUTCH_HEADER, "#N4;;paid;;EUR;10,00;2/3/2026 10:00;;;5550000000014;web;Anouk"].join("\n");
const EXPORT = [
  "Name,Email,Financial Status,Paid at,Currency,Total,Created at,Cancelled at,Refunded Amount,Id,Source,Lineitem name", // line 1
  "#E1,,paid,2026-03-02 10:00:00 +0100,EUR,49.95,2026-03-02 10:00:00 +0100,,0.00,5550000000001,web,Mug", // 2
  "#E1,,,,,,2026-03-02 10:00:00 +0100,,,,,Saucer", // 3: a further line item of #E1
  "#E2,,refunded,2026-03-05 12:00:00 +0100,EUR,20.00,2026-03-05 12:00:00 +0100,,20.00,5550000000002,web,Tea", // 4
  '#E3,,paid,2026-03-06 09:00:00 +0100,EUR,"12,50",2026-03-06 09:00:00 +0100,,0.00,5550000000003,web,Tea', // 5: decimal comma
].join("\n");

describe("order import page in Chromium", () => {
  let browser: Browser;
  let db: Db;
  let shopId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    db = createDb(inject("databaseUrl"));
    shopId = (await db.shop.findFirstOrThrow({ where: { domain: "demo-retention-shop.myshopify.com" } })).id;
  });
  afterAll(async () => {
    await db?.order.deleteMany({ where: { shopId, id: { in: [...IDS, ...DUTCH_IDS] } } });
    await browser?.close();
    await db?.$disconnect();
  });

  async function upload(page: Page, name: string, content: string | Uint8Array, button = "Import") {
    await page
      .locator('input[type="file"][name="file"]')
      .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
    await page.getByRole("button", { name: button, exact: true }).click();
  }

  it("uploads a Shopify export and shows the orders imported and the skipped row with its line; the same file again imports nothing new", async () => {
    const { page, consoleErrors } = await openPage(browser);
    expect((await page.goto(inject("baseUrl") + "/app/import"))?.status()).toBe(200);
    await page.waitForLoadState("networkidle");

    // WHEN the merchant uploads the export
    await upload(page, "orders_export.csv", EXPORT);
    // THEN the result card shows the format, 2 orders imported and row 5 skipped with its reason
    await page.getByTestId("import-written").waitFor();
    const text = (id: string) => page.getByTestId(id).textContent();
    expect(await text("import-format")).toBe("Shopify orders export");
    expect(await text("import-written")).toBe("2");
    expect(await text("import-unchanged")).toBe("0");
    expect(await text("import-customers")).toBe("0");
    expect(await text("import-skipped")).toBe("1");
    const skipped = page.getByTestId("import-errors").locator("tbody tr");
    expect(await skipped.count()).toBe(1);
    expect(await skipped.locator("td, th").allTextContents()).toEqual([
      "5",
      'order #E3: Total "12,50" is not an amount (digits with a "." before the decimals, like 12.50)',
    ]);
    await screenshot(page, "import-result");
    // AND the orders are stored for the demo shop, the refunded one with nothing kept
    const rows = await db.order.findMany({ where: { shopId, id: { in: IDS } }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.totalMinor, r.netPaidMinor, r.financialStatus])).toEqual([
      ["5550000000001", 4995n, 4995n, "paid"],
      ["5550000000002", 2000n, 0n, "refunded"],
    ]);

    // WHEN the same file is uploaded again THEN nothing changes
    await upload(page, "orders_export.csv", EXPORT);
    await expect.poll(() => text("import-unchanged")).toBe("2");
    expect(await text("import-written")).toBe("0");
    expect(consoleErrors).toEqual([]);
  });

  it("answers a file that is no order export with a banner naming the expected columns (status 422)", async () => {
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(inject("baseUrl") + "/app/import");
    await page.waitForLoadState("networkidle");
    const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/app/import"));
    await upload(page, "invoices.csv", "InvoiceNo;StockCode;Quantity\n536365;85123A;6\n");
    expect((await response).status()).toBe(422);
    await page.getByTestId("import-error").waitFor();
    expect(await page.getByTestId("import-error").textContent()).toContain("This is not an export the import can read");
    const banner = await page.locator(".Polaris-Banner").first().textContent();
    expect(banner).toContain("Name, Email, Financial Status, Currency, Total, Created at, Id");
    await screenshot(page, "import-error");
    // The only errors are the 422 itself (as the browser and the page's response log report it).
    expect(consoleErrors.filter((e) => !/422/.test(e))).toEqual([]);
  });

  it("in Dutch: reads an export re-saved by Dutch Excel (Windows-1252, ;, 1.249,95, 15-3-2026) and reports in Dutch how it read the file and why a row was skipped", async () => {
    const { page, consoleErrors } = await openPage(browser);
    expect((await page.goto(inject("baseUrl") + "/app/import?locale=nl"))?.status()).toBe(200);
    await page.waitForLoadState("networkidle");

    // WHEN a Dutch merchant uploads the file Excel saved
    await upload(page, "bestellingen.csv", DUTCH_EXPORT, "Importeren");
    await page.getByTestId("import-written").waitFor();
    const text = (id: string) => page.getByTestId(id).textContent();
    // THEN two orders are imported and one row is skipped, said in Dutch with its plural
    expect(await text("import-format")).toBe("Shopify-bestellingenexport");
    expect(await text("import-written")).toBe("2");
    expect(await text("import-skipped")).toBe("1");
    expect(await text("import-skipped-summary")).toBe("1 rij overgeslagen");
    expect(await page.getByTestId("import-errors").locator("tbody tr td, tbody tr th").allTextContents()).toEqual([
      "4",
      'bestelling #N3: Total "twaalf" is geen bedrag zoals dit bestand ze schrijft (cijfers met een "," voor de decimalen, zoals 1.234,56)',
    ]);
    // AND the report says how the file was read: characters, separator, amounts, dates, time zone
    const read = await page.getByTestId("import-dialect").locator("li").allTextContents();
    expect(read).toEqual([
      "Tekens: Windows-1252 (het bestand is geen UTF-8, zoals Excel op Windows het opslaat)",
      "Kolommen gescheiden door puntkomma's (12 kolommen in de eerste rij)",
      "Bedragen met een decimale komma en duizendtallen met punten (1.234,56), zoals het bestand ze schrijft (bijvoorbeeld 1.249,95)",
      "Datums met de dag eerst (31-12-2025), zoals het bestand ze schrijft (bijvoorbeeld 15-3-2026 12:00:00)",
      "De tijden in het bestand hebben geen tijdzone (een spreadsheetprogramma laat die weg): ze worden gelezen in de tijdzone van je winkel (Europe/Amsterdam).",
    ]);
    await screenshot(page, "import-result-nl");
    // AND the money and the dates are stored exactly: 1.249,95 is 124995 cents, 2-3-2026 is 2 March
    const rows = await db.order.findMany({
      where: { shopId, id: { in: DUTCH_IDS } },
      orderBy: { id: "asc" },
    });
    expect(rows.map((r) => [r.id, r.totalMinor, r.processedAt.toISOString()])).toEqual([
      ["5550000000011", 124995n, "2026-03-02T09:00:00.000Z"],
      ["5550000000012", 2000n, "2026-03-15T11:00:00.000Z"],
    ]);
    expect(consoleErrors).toEqual([]);
  });

  it("in Dutch: asks how a file whose dates fit both orders writes them, imports nothing, and imports it read day first once the merchant chooses so", async () => {
    const { page, consoleErrors } = await openPage(browser);
    await page.goto(inject("baseUrl") + "/app/import?locale=nl");
    await page.waitForLoadState("networkidle");
    const response = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/app/import"));
    await upload(page, "bestellingen.csv", AMBIGUOUS_EXPORT, "Importeren");
    expect((await response).status()).toBe(422);
    await page.getByTestId("import-error").waitFor();
    expect(await page.getByTestId("import-error").textContent()).toBe(
      "Elke datum in dit bestand (zoals 2/3/2026 10:00 op regel 2) kan met de dag of met de maand eerst gelezen worden, en het bestand zegt niet welke. Kies bij “Datums in het bestand” hoe het datums schrijft en importeer het opnieuw. Er is niets geïmporteerd.",
    );
    expect(await db.order.count({ where: { shopId, id: "5550000000014" } })).toBe(0);
    await screenshot(page, "import-ambiguous-nl");

    // WHEN the merchant chooses "Dag eerst" and uploads the file again THEN 2/3/2026 is 2 March
    await page.getByLabel("Datums in het bestand").selectOption("dmy");
    await upload(page, "bestellingen.csv", AMBIGUOUS_EXPORT, "Importeren");
    await page.getByTestId("import-written").waitFor();
    expect(await page.getByTestId("import-written").textContent()).toBe("1");
    expect(await page.getByTestId("import-dialect").locator("li").allTextContents()).toContain(
      "Datums met de dag eerst (31-12-2025), zoals je koos (bijvoorbeeld 2/3/2026 10:00)",
    );
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "5550000000014" } } });
    expect(row.processedAt.toISOString()).toBe("2026-03-02T09:00:00.000Z");
    expect(consoleErrors.filter((e) => !/422/.test(e))).toEqual([]);
  });
});
