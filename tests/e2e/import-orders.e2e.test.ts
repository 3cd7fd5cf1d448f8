// The order import page in Chromium: a merchant uploads an export and sees what was imported
// and which rows were skipped; a file that is no export gets a banner. The uploaded orders
// have no e-mail and no customer, so the analytics leave them out (unattributed) and the
// demo shop's figures that the other browser tests check stay as they are; they are
// deleted again at the end.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client.server";
import { launchBrowser, openPage, screenshot } from "./browser";

const IDS = ["5550000000001", "5550000000002", "5550000000003"];
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
    await db?.order.deleteMany({ where: { shopId, id: { in: IDS } } });
    await browser?.close();
    await db?.$disconnect();
  });

  async function upload(page: Page, name: string, content: string) {
    await page
      .locator('input[type="file"][name="file"]')
      .setInputFiles({ name, mimeType: "text/csv", buffer: Buffer.from(content) });
    await page.getByRole("button", { name: "Import", exact: true }).click();
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
    expect(banner).toContain("separated by semicolons");
    await screenshot(page, "import-error");
    // The only errors are the 422 itself (as the browser and the page's response log report it).
    expect(consoleErrors.filter((e) => !/422/.test(e))).toEqual([]);
  });
});
