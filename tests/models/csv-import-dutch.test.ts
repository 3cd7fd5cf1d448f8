// Exports re-saved by Excel on a Dutch computer (";", "1.659,95", "11-5-2025 9:55:16",
// Windows-1252) import to exactly the orders, money and customers of the exports they came
// from; files whose dates or amounts can be read more than one way are refused with a report,
// never guessed. On the test database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql).
import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { JobQueue } from "~/jobs/queue.server";
import { translate } from "~/i18n";
import { rowErrorText } from "~/platforms/csv/mapper";
import { CsvImportError, importOrdersCsv, type CsvImportOptions } from "~/workflows/csv-import.server";
import { useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";
import { windows1252 } from "../helpers/dutch-excel";
import { DUTCH_FIXTURES, SHOPIFY_BILLING_NAME, WOO_FIRST_NAME } from "../helpers/dutch-fixtures";

const { db } = await useAppEnv();

const NOW = new Date("2026-11-01T00:00:00Z");
const SHOPIFY = fs.readFileSync("tests/fixtures/csv/orders_export.csv");
const SHOPIFY_NL = fs.readFileSync("tests/fixtures/csv/orders_export.nl-excel.csv");
const WOO = fs.readFileSync("tests/fixtures/csv/webtoffee_Sample_Order.csv");
const WOO_NL = fs.readFileSync("tests/fixtures/csv/webtoffee_Sample_Order.nl-excel.csv");
const HEADER = "Name;Email;Financial Status;Paid at;Currency;Total;Created at;Cancelled at;Refunded Amount;Id;Source";

class NoQueue implements JobQueue {
  async enqueue() {}
  registerHandler() {}
  start() {}
  async schedule() {}
  async failedJobs() {
    return [];
  }
  async drain() {}
  async close() {}
}

type TestShop = { id: string; currency: string; timezone: string };

async function makeShop(domain: string, currency: string, timezone: string): Promise<TestShop> {
  return db.shop.create({
    data: { platform: "shopify", domain, name: domain, currency, timezone },
    select: { id: true, currency: true, timezone: true },
  });
}

const importInto = (shop: TestShop, content: string | Uint8Array, options: CsvImportOptions = {}) =>
  importOrdersCsv(db, shop, new Blob([typeof content === "string" ? content : new Uint8Array(content)]), {
    queue: new NoQueue(),
    observationEnd: NOW,
    ...options,
  });

/** A shop's orders (with refunds) and customers, without the shop id and the rows' own timestamps. */
async function stored(shopId: string) {
  const orders = await db.order.findMany({ where: { shopId }, orderBy: { id: "asc" }, include: { refunds: true } });
  const customers = await db.customer.findMany({ where: { shopId }, orderBy: { id: "asc" } });
  const strip = <T extends { shopId: string; createdAt: Date; updatedAt: Date }>({
    shopId: _s,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  }: T) => rest;
  return {
    orders: orders.map(({ refunds, ...o }) => ({
      ...strip(o),
      refunds: refunds.map(({ shopId: _s, ...r }) => r),
    })),
    customers: customers.map(strip),
  };
}

async function refusal(p: Promise<unknown>): Promise<CsvImportError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(CsvImportError);
  return e as CsvImportError;
}

beforeEach(async () => {
  await db.shop.deleteMany({});
});

describe(`Dutch Excel exports (${testDatabaseKind()})`, () => {
  it("the committed Dutch Excel fixtures are the converter's output of the vendored exports, in Windows-1252 (not UTF-8)", () => {
    for (const f of DUTCH_FIXTURES) {
      const bytes = fs.readFileSync(f.path);
      expect(Buffer.compare(bytes, Buffer.from(f.make())), f.path).toBe(0);
      expect(() => new TextDecoder("utf-8", { fatal: true }).decode(bytes)).toThrow();
      expect(bytes.subarray(0, 40).toString("latin1")).toContain(";");
    }
    expect(SHOPIFY_NL.includes(Buffer.from(windows1252(SHOPIFY_BILLING_NAME)))).toBe(true);
  });

  it("imports the Shopify export re-saved by Dutch Excel to exactly the orders and money of the original, and says how it read the file", async () => {
    // The store wrote its times at -0400 (New York in May); the re-saved file has lost the offset.
    const original = await makeShop("original.myshopify.com", "EUR", "America/New_York");
    const resaved = await makeShop("resaved.myshopify.com", "EUR", "America/New_York");
    const a = await importInto(original, SHOPIFY);
    const b = await importInto(resaved, SHOPIFY_NL);

    expect(b).toMatchObject({ format: "shopify", ordersInFile: 19, ordersWritten: 19, errorCount: 0, errors: [] });
    expect(b.dialect).toEqual({
      encoding: "windows-1252",
      separator: ";",
      columns: 79,
      decimal: ",",
      decimalReason: "values",
      decimalExample: "1.659,95", // #1001's Subtotal, the first amount the file has
      dateOrder: "dmy",
      dateReason: "values",
      dateExample: "13-5-2025 8:21:24", // the first date whose day is past 12 (#1006, created 13 May)
    });
    const [x, y] = [await stored(original.id), await stored(resaved.id)];
    expect(y.orders).toHaveLength(19);
    expect(y.orders).toEqual(x.orders);
    expect(y.orders.reduce((s, o) => s + o.totalMinor, 0n)).toBe(1408904n);
    expect(y.orders.find((o) => o.name === "#1001")).toMatchObject({
      totalMinor: 165995n,
      processedAt: new Date("2025-05-11T13:55:16Z"),
    });
    expect(a.ordersWritten).toBe(19);
  });

  it("imports the WooCommerce export re-saved by Dutch Excel to the same orders, refunds and money, with Zoë's name read from Windows-1252", async () => {
    const original = await makeShop("original-woo.myshopify.com", "USD", "Europe/Amsterdam");
    const resaved = await makeShop("resaved-woo.myshopify.com", "USD", "Europe/Amsterdam");
    const a = await importInto(original, WOO);
    const b = await importInto(resaved, WOO_NL);

    // Order 1002's refund (46.00) exceeds its total in both: the same line, the same reason.
    expect(b.errors.map((e) => [e.line, e.message])).toEqual(a.errors.map((e) => [e.line, e.message]));
    expect(b).toMatchObject({ format: "woocommerce", ordersWritten: 2, customersWritten: 2, errorCount: 1 });
    expect(b.dialect).toMatchObject({
      encoding: "windows-1252",
      separator: ";",
      columns: 53,
      decimal: ",",
      decimalExample: "1,8",
      dateOrder: "dmy",
      dateExample: "16-5-2018 7:32:06",
    });
    const [x, y] = [await stored(original.id), await stored(resaved.id)];
    expect(y.orders).toEqual(x.orders);
    expect(y.orders.map((o) => [o.id, o.totalMinor])).toEqual([
      ["woo-1001", 2242n],
      ["woo-1003", 5898n],
    ]);
    // The customers too, but for the one name the fixture changed.
    const renamed = x.customers.map((c) => (c.firstName === "Lilly" ? { ...c, firstName: WOO_FIRST_NAME } : c));
    expect(y.customers).toEqual(renamed);
    expect(y.customers.map((c) => c.firstName)).toContain("Zoë");
  });

  it("reads a UTF-8 file with a byte order mark as UTF-8 (é stays é), the BOM not part of the first column's name", async () => {
    const shop = await makeShop("bom.myshopify.com", "EUR", "Europe/Amsterdam");
    const file = `\uFEFF${HEADER}\r\n#1;renée@example.nl;paid;;EUR;1.234,50;31-12-2025 14:05;;;9001;web\r\n`;
    const r = await importInto(shop, new TextEncoder().encode(file));
    expect(r).toMatchObject({ ordersWritten: 1, errorCount: 0, dialect: { encoding: "utf-8", separator: ";" } });
    const [o] = (await stored(shop.id)).orders;
    expect(o).toMatchObject({ email: "renée@example.nl", totalMinor: 123450n });
    expect(o.processedAt.toISOString()).toBe("2025-12-31T13:05:00.000Z"); // 14:05 in Amsterdam (winter)
  });

  it("reads a file as Windows-1252 when its only non-UTF-8 byte comes after the first read chunk (1 MiB)", async () => {
    const shop = await makeShop("late.myshopify.com", "EUR", "Europe/Amsterdam");
    const rows = [HEADER];
    for (let i = 1; i <= 20_000; i++)
      rows.push(`#${i};c${i}@example.nl;paid;;EUR;1,00;13-5-2025 10:00;;;${80000 + i};web`);
    rows.push("#last;renée@example.nl;paid;;EUR;2,50;13-5-2025 10:00;;;99999;web");
    const bytes = windows1252(rows.join("\r\n"));
    expect(bytes.indexOf(0xe9)).toBeGreaterThan(1 << 20);
    const r = await importInto(shop, bytes);
    expect(r).toMatchObject({ ordersWritten: 20_001, errorCount: 0, dialect: { encoding: "windows-1252" } });
    const last = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: "99999" } } });
    expect([last.email, last.totalMinor]).toEqual(["renée@example.nl", 250n]);
  });

  it("asks the merchant when every date fits day first and month first (slashes), imports nothing, and reads the file the way the merchant then chooses", async () => {
    const shop = await makeShop("ambiguous.myshopify.com", "EUR", "Europe/Amsterdam");
    const file = [
      HEADER,
      "#1;;paid;;EUR;10,00;5/6/2025 10:00;;;9101;web",
      "#2;;paid;;EUR;20,00;3/4/2025 09:30;;;9102;web",
    ].join("\r\n");
    const e = await refusal(importInto(shop, file));
    expect(e.code).toBe("ambiguous_dates");
    expect(e.details.examples).toEqual([{ line: 2, value: "5/6/2025 10:00" }]);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(0);
    // The report, in Dutch, names the value and its line and says what to do.
    expect(translate("nl", "import.error.ambiguous_dates", { example: "5/6/2025 10:00", line: 2 })).toMatch(
      /^Elke datum in dit bestand \(zoals 5\/6\/2025 10:00 op regel 2\) kan met de dag of met de maand eerst gelezen worden.*Kies bij “Datums in het bestand”/,
    );

    // WHEN the merchant says "day first" THEN 5/6 is 5 June; "month first": 6 May.
    const dmy = await importInto(shop, file, { dateOrder: "dmy" });
    expect(dmy.dialect).toMatchObject({ dateOrder: "dmy", dateReason: "merchant" });
    expect((await stored(shop.id)).orders.map((o) => o.processedAt.toISOString())).toEqual([
      "2025-06-05T08:00:00.000Z",
      "2025-04-03T07:30:00.000Z",
    ]);
    const other = await makeShop("ambiguous-mdy.myshopify.com", "EUR", "Europe/Amsterdam");
    await importInto(other, file, { dateOrder: "mdy" });
    expect((await stored(other.id)).orders.map((o) => o.processedAt.toISOString())).toEqual([
      "2025-05-06T08:00:00.000Z",
      "2025-03-04T08:30:00.000Z",
    ]);
  });

  it("reads dates with dashes that fit both orders day first (as Dutch Excel writes them) and says so in the report", async () => {
    const shop = await makeShop("dashes.myshopify.com", "EUR", "Europe/Amsterdam");
    const r = await importInto(shop, [HEADER, "#1;;paid;;EUR;10;5-6-2025 10:00;;;9201;web"].join("\n"));
    expect(r.dialect).toMatchObject({
      dateOrder: "dmy",
      dateReason: "dashes",
      decimal: ",",
      decimalReason: "spreadsheet_default",
    });
    expect((await stored(shop.id)).orders[0].processedAt.toISOString()).toBe("2025-06-05T08:00:00.000Z");
  });

  it("refuses, writing nothing, a file whose dates are written both day first and month first, or whose amounts have both decimal marks", async () => {
    const shop = await makeShop("mixed.myshopify.com", "EUR", "Europe/Amsterdam");
    const dates = await refusal(
      importInto(
        shop,
        [
          HEADER,
          "#1;;paid;;EUR;10,00;13/5/2025 10:00;;;9301;web",
          "#2;;paid;;EUR;10,00;5/13/2025 10:00;;;9302;web",
        ].join("\n"),
      ),
    );
    expect(dates.code).toBe("conflicting_dates");
    expect(dates.details.examples).toEqual([
      { line: 2, value: "13/5/2025 10:00" },
      { line: 3, value: "5/13/2025 10:00" },
    ]);
    const amounts = await refusal(
      importInto(
        shop,
        [
          HEADER,
          "#1;;paid;;EUR;12,50;13-5-2025 10:00;;;9301;web",
          "#2;;paid;;EUR;12.50;13-5-2025 10:00;;;9302;web",
        ].join("\n"),
      ),
    );
    expect(amounts.code).toBe("conflicting_numbers");
    expect(amounts.details.examples).toEqual([
      { line: 2, value: "12,50" },
      { line: 3, value: "12.50" },
    ]);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("gives skipped rows' reasons as message keys, shown in Dutch with the row's order, and the skipped count as an ICU plural", async () => {
    const shop = await makeShop("reasons.myshopify.com", "EUR", "Europe/Amsterdam");
    const r = await importInto(
      shop,
      [
        HEADER,
        "#1;;paid;;EUR;10,00;13-5-2025 10:00;;;9401;web",
        "#2;;paid;;EUR;tien;13-5-2025 10:00;;;9402;web",
        "#3;;paid;;USD;10,00;13-5-2025 10:00;;;9403;web",
        "#4;;paid;;EUR;10,00;13-5-2030 10:00;;;9404;web",
      ].join("\n"),
    );
    expect(r).toMatchObject({ ordersWritten: 1, errorCount: 3 });
    const nl = (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) =>
      translate("nl", key, values);
    expect(r.errors.map((e) => [e.line, rowErrorText(nl, e)])).toEqual([
      [
        3,
        'bestelling #2: Total "tien" is geen bedrag zoals dit bestand ze schrijft (cijfers met een "," voor de decimalen, zoals 1.234,56)',
      ],
      [
        4,
        "bestelling #3: valuta USD is niet de valuta van je winkel (EUR): de analyses tellen één valuta op, dus bestellingen in een andere worden niet geïmporteerd",
      ],
      [
        5,
        "bestelling #4: gedateerd 2030-05-13T08:00:00.000Z, meer dan een dag na nu (2026-11-01T00:00:00.000Z): een bestelling kan niet in de toekomst geplaatst zijn",
      ],
    ]);
    expect(r.errors[0].reason).toEqual({
      key: "import.reason.notAmountComma",
      values: { column: "Total", value: "tien" },
    });
    expect(r.errors[0].message).toBe(
      'order #2: Total "tien" is not an amount the way this file writes them (digits with a "," before the decimals, like 1.234,56)',
    );
    expect(nl("import.result.skippedSummary", { count: 1 })).toBe("1 rij overgeslagen");
    expect(nl("import.result.skippedSummary", { count: r.errorCount })).toBe("3 rijen overgeslagen");
    expect(translate("en", "import.result.skippedSummary", { count: 1 })).toBe("1 row skipped");
  });
});
