// Importing order exports into a shop's orders, on the test database (SQLite, or PostgreSQL
// with TEST_DATABASE=postgresql). Files go in as Blobs, the way the upload route hands them over.
import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { JobQueue } from "~/jobs/queue.server";
import { CsvImportError, importOrdersCsv } from "~/workflows/csv-import.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import type { NormalizedOrder } from "~/core/records";
import { useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";
import { callAction, webhookRequest } from "../helpers/webhooks";

// The app's environment: the import queues its refresh through the job registry, which loads app modules.
const { db } = await useAppEnv();
const ordersCreate = await import("~/routes/webhooks.orders.create");
const ordersUpdated = await import("~/routes/webhooks.orders.updated");

const SHOPIFY_EXPORT = fs.readFileSync("tests/fixtures/csv/orders_export.csv");
const WEBTOFFEE_EXPORT = fs.readFileSync("tests/fixtures/csv/webtoffee_Sample_Order.csv");
const SHOPIFY_HEADER =
  "Name,Email,Financial Status,Paid at,Currency,Total,Created at,Cancelled at,Refunded Amount,Id,Source,Lineitem name";
const NOW = new Date("2026-11-01T00:00:00Z");

/** Records what is enqueued instead of running it. */
class RecordingQueue implements JobQueue {
  readonly enqueued: { name: string; payload: Record<string, unknown>; opts: unknown }[] = [];
  async enqueue(name: string, payload: Record<string, unknown>, opts: unknown) {
    this.enqueued.push({ name, payload, opts });
  }
  registerHandler() {}
  start() {}
  async schedule() {}
  async failedJobs() {
    return [];
  }
  async drain() {}
  async close() {}
}

let shop: { id: string; currency: string; timezone: string };
let queue: RecordingQueue;
const blob = (content: string | Uint8Array) =>
  new Blob([typeof content === "string" ? content : new Uint8Array(content)]);
const importFile = (content: string | Uint8Array, over: Partial<typeof shop> = {}, observationEnd = NOW) =>
  importOrdersCsv(db, { ...shop, ...over }, blob(content), { queue, observationEnd });

async function storedOrders() {
  const rows = await db.order.findMany({
    where: { shopId: shop.id },
    orderBy: { id: "asc" },
    include: { refunds: true },
  });
  return rows.map(({ updatedAt: _u, createdAt: _c, ...r }) => r);
}

beforeEach(async () => {
  await db.shop.deleteMany({});
  shop = await db.shop.create({
    data: {
      platform: "shopify",
      domain: "import.myshopify.com",
      name: "Import",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
    },
    select: { id: true, currency: true, timezone: true },
  });
  queue = new RecordingQueue();
});

describe(`CSV order import (${testDatabaseKind()})`, () => {
  it("writes the Shopify export's 19 orders as guest orders with exact totals, and enqueues an analytics refresh", async () => {
    const result = await importFile(SHOPIFY_EXPORT);
    expect(result).toEqual({
      format: "shopify",
      // As exported: commas, decimal points, year-first times with their offset.
      dialect: {
        encoding: "utf-8",
        separator: ",",
        columns: 79,
        decimal: ".",
        decimalReason: "comma_file",
        decimalExample: null,
        dateOrder: null,
        dateReason: null,
        dateExample: null,
      },
      ordersInFile: 19,
      ordersWritten: 19,
      ordersUnchanged: 0,
      customersWritten: 0,
      errors: [],
      errorCount: 0,
      analyticsRefreshQueued: true,
    });
    const rows = await storedOrders();
    expect(rows).toHaveLength(19);
    expect(rows.reduce((s, r) => s + r.totalMinor, 0n)).toBe(1408904n); // 14089.04, the Total column's sum
    const first = rows.find((r) => r.name === "#1001")!;
    expect(first).toMatchObject({
      id: "6634244374859",
      customerId: null,
      email: null,
      currency: "EUR",
      totalMinor: 165995n,
      refundedMinor: 0n,
      netPaidMinor: 165995n,
      financialStatus: "paid",
    });
    expect(first.processedAt.toISOString()).toBe("2025-05-11T13:55:16.000Z");
    expect(rows.find((r) => r.name === "#1008")!.email).toBe("russel.winfield@example.com");
    // The refresh runs right away (delay 0) for this shop, under the debounced refresh's job id.
    expect(queue.enqueued).toEqual([
      { name: "analytics.refresh", payload: {}, opts: { shopId: shop.id, jobId: `analytics:${shop.id}`, delayMs: 0 } },
    ]);
  });

  it("is idempotent: the same file twice leaves the same rows; the second time nothing is written and no refresh is queued", async () => {
    await importFile(SHOPIFY_EXPORT);
    const before = await storedOrders();
    const again = await importFile(SHOPIFY_EXPORT);
    expect(again).toMatchObject({
      ordersInFile: 19,
      ordersWritten: 0,
      ordersUnchanged: 19,
      errorCount: 0,
      analyticsRefreshQueued: false,
    });
    expect(await storedOrders()).toEqual(before);
    expect(queue.enqueued).toHaveLength(1);
  });

  it("leaves the Shopify sync's version of an order alone, and the sync's version replaces the file's", async () => {
    // GIVEN #1001 as the sync stored it: with its customer, updated_at the second it was created
    const synced: NormalizedOrder = {
      id: "6634244374859",
      name: "#1001",
      customerId: "777",
      email: "buyer@example.com",
      currency: "EUR",
      totalMinor: 165995n,
      refundedMinor: 0n,
      financialStatus: "paid",
      cancelledAt: null,
      processedAt: new Date("2025-05-11T13:55:16Z"),
      createdAt: new Date("2025-05-11T13:55:16Z"),
      updatedAt: new Date("2025-05-11T13:55:16Z"),
      sourceName: "shopify_draft_order",
      refunds: [],
    };
    await upsertOrders(db, shop.id, [synced]);
    // WHEN the export is imported
    const result = await importFile(SHOPIFY_EXPORT);
    // THEN the synced order keeps its customer; the 18 others are written
    expect(result).toMatchObject({ ordersWritten: 18, ordersUnchanged: 1 });
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: synced.id } } });
    expect(row.customerId).toBe("777");
    // AND the other way round: the file first, then the sync's version wins
    await db.order.delete({ where: { shopId_id: { shopId: shop.id, id: synced.id } } });
    await importFile(SHOPIFY_EXPORT);
    expect(await upsertOrders(db, shop.id, [synced])).toMatchObject({ written: 1 });
    expect(
      (await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: synced.id } } })).customerId,
    ).toBe("777");
  });

  it("imports every other row of a file with a broken row and reports the broken row's line", async () => {
    const csv = [
      SHOPIFY_HEADER,
      "#1,a@example.nl,paid,,EUR,10.00,2024-03-01 10:00:00 +0100,,,101,web,Tea",
      "#2,b@example.nl,paid,,EUR,ten,2024-03-01 11:00:00 +0100,,,102,web,Tea",
      "#3,c@example.nl,paid,,EUR,30.00,2024-03-01 12:00:00 +0100,,,103,web,Tea",
    ].join("\n");
    const result = await importFile(csv);
    expect(result).toMatchObject({ ordersInFile: 2, ordersWritten: 2, errorCount: 1 });
    expect(result.errors).toMatchObject([
      {
        line: 3,
        message: 'order #2: Total "ten" is not an amount (digits with a "." before the decimals, like 12.50)',
      },
    ]);
    expect((await storedOrders()).map((r) => [r.id, r.totalMinor])).toEqual([
      ["101", 1000n],
      ["103", 3000n],
    ]);
  });

  it("imports the rows before a quote that is never closed and reports the line the quote starts on", async () => {
    const csv = [
      SHOPIFY_HEADER,
      "#1,a@example.nl,paid,,EUR,10.00,2024-03-01 10:00:00 +0100,,,101,web,Tea",
      '#2,b@example.nl,paid,,EUR,20.00,2024-03-01 11:00:00 +0100,,,102,web,"Tea',
      "#3,c@example.nl,paid,,EUR,30.00,2024-03-01 12:00:00 +0100,,,103,web,Tea",
    ].join("\n");
    const result = await importFile(csv);
    expect(result).toMatchObject({ ordersWritten: 1, errorCount: 1 });
    expect(result.errors[0].line).toBe(3);
    expect(result.errors[0].message).toMatch(/^a quoted field that starts on line 3 is never closed/);
    expect((await storedOrders()).map((r) => r.id)).toEqual(["101"]);
  });

  it("writes the WebToffee export's orders and account holders, and refuses order 1002 whose refund exceeds its total", async () => {
    const result = await importFile(WEBTOFFEE_EXPORT, { currency: "USD" });
    expect(result).toMatchObject({
      format: "woocommerce",
      ordersInFile: 3,
      ordersWritten: 2,
      customersWritten: 2,
      errorCount: 1,
    });
    expect(result.errors).toMatchObject([
      { line: 4, message: "order #1002: refunds of 46.00 USD exceed the order total of 33.04 USD" },
    ]);
    expect(
      (await storedOrders()).map((r) => [
        r.id,
        r.customerId,
        r.email,
        r.totalMinor,
        r.financialStatus,
        r.processedAt.toISOString(),
      ]),
    ).toEqual([
      ["woo-1001", "woo-3", "lilly@example.com", 2242n, "paid", "2018-05-16T05:32:06.000Z"],
      ["woo-1003", "woo-2", "mark@example.com", 5898n, "paid", "2018-05-16T05:21:32.000Z"],
    ]);
    const customers = await db.customer.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(customers.map((c) => [c.id, c.email, c.firstName, c.lastName])).toEqual([
      ["woo-2", "mark@example.com", "Mark", "Xa"],
      ["woo-3", "lilly@example.com", "Lilly", "Gordon"],
    ]);
    expect(await db.refund.count({ where: { shopId: shop.id } })).toBe(0);
  });

  it("refuses orders in another currency than the shop's, and orders dated after now", async () => {
    const usd = await importFile(WEBTOFFEE_EXPORT); // the shop reports in EUR
    expect(usd).toMatchObject({ ordersWritten: 0, customersWritten: 0, errorCount: 3, analyticsRefreshQueued: false });
    expect(usd.errors.map((e) => e.line)).toEqual([2, 4, 6]);
    expect(usd.errors[0].message).toBe(
      "order #1001: currency USD is not the shop's currency EUR: the analytics add up one currency, so orders in another are not imported",
    );
    expect(await db.customer.count({ where: { shopId: shop.id } })).toBe(0);

    // "Now" on 15 May 2025: the export's orders #1013-#1019 (16 and 17 May) cannot be in.
    const early = await importFile(SHOPIFY_EXPORT, {}, new Date("2025-05-15T00:00:00Z"));
    expect(early).toMatchObject({ ordersWritten: 12, errorCount: 7 });
    expect(early.errors[0]).toMatchObject({
      line: 31,
      message:
        "order #1013: dated 2025-05-16T06:36:49.000Z, more than a day after now (2025-05-15T00:00:00.000Z): an order cannot be placed in the future",
    });
  });

  it("writes files of more than one batch and more than one read chunk, with the lines of broken rows in later batches", async () => {
    // Multi-byte characters in every row (2-3 bytes each), so some straddle the 1 MB read chunks.
    const source = "wéb—" + "é—".repeat(100);
    const build = (pad: string) => {
      const rows = [SHOPIFY_HEADER];
      for (let i = 1; i <= 2500; i++) {
        const total = i === 2000 ? "" : `${i}.00`;
        rows.push(
          `#${i},c${i % 300}@example.nl,paid,,EUR,${total},2024-01-01 10:00:00 +0100,,,${900000 + i},${source},Tea${i === 1 ? pad : ""}`,
        );
      }
      return Buffer.from(rows.join("\n"));
    };
    // Padded until the byte at 1 MB continues a character (10xxxxxx): the first chunk ends mid-character.
    let file = build("");
    for (let pad = "s"; (file[1 << 20] & 0xc0) !== 0x80; pad += "s") file = build(pad);
    const result = await importFile(file);
    expect(result).toMatchObject({ ordersInFile: 2499, ordersWritten: 2499, errorCount: 1 });
    expect(result.errors).toMatchObject([{ line: 2001, message: "order #2000: Total is empty" }]);
    const sum = await db.order.aggregate({ where: { shopId: shop.id }, _sum: { totalMinor: true }, _count: true });
    expect(sum._count).toBe(2499);
    expect(sum._sum.totalMinor).toBe(BigInt((2500 * 2501) / 2 - 2000) * 100n);
    const sources = await db.order.groupBy({ by: ["sourceName"], where: { shopId: shop.id }, _count: true });
    expect(sources).toEqual([{ sourceName: source, _count: 2499 }]);
  });

  it("reads a UTF-16 file with a byte order mark (some spreadsheet exports) like the UTF-8 one", async () => {
    const csv = [SHOPIFY_HEADER, "#1,a@example.nl,paid,,EUR,10.00,2024-03-01 10:00:00 +0100,,,101,web,Thé"].join(
      "\r\n",
    );
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv, "utf16le")]);
    expect(await importFile(utf16)).toMatchObject({ format: "shopify", ordersWritten: 1, errorCount: 0 });
  });

  it("refuses a whole file that is empty, too large, has no orders or an unknown header, writing nothing", async () => {
    const code = async (p: Promise<unknown>) => {
      const e = await p.then(
        () => null,
        (err: unknown) => err,
      );
      expect(e).toBeInstanceOf(CsvImportError);
      return (e as CsvImportError).code;
    };
    expect(await code(importFile(""))).toBe("empty");
    expect(await code(importFile("\n\n"))).toBe("empty");
    expect(await code(importFile(SHOPIFY_HEADER + "\n"))).toBe("no_orders");
    expect(
      await code(importOrdersCsv(db, shop, blob(SHOPIFY_EXPORT), { queue, observationEnd: NOW, maxBytes: 10_000 })),
    ).toBe("too_large");
    const unknown = await importFile("InvoiceNo,StockCode,Quantity\n536365,85123A,6\n").catch((e: CsvImportError) => e);
    expect(unknown).toMatchObject({ code: "unknown_format", details: { closest: null, hint: null } });
    expect(await code(importFile('PK\u0003\u0004"\u0000binary'))).toBe("unknown_format"); // no header row at all
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(0);
    expect(queue.enqueued).toEqual([]);
  });
});

/** A Shopify export of `rows` one-line orders (ids 700001...), `change` rewriting row i's fields. */
function shopifyFile(rows: number, change: (i: number, f: string[]) => void = () => {}) {
  const lines = [SHOPIFY_HEADER];
  for (let i = 1; i <= rows; i++) {
    const f = [
      `#${i}`,
      `c${i % 300}@example.nl`,
      "paid",
      "",
      "EUR",
      `${i}.00`,
      "2024-01-01 10:00:00 +0100",
      "",
      "",
      `${700000 + i}`,
      "web",
      "Tea",
    ];
    change(i, f);
    lines.push(f.join(","));
  }
  return lines.join("\n");
}
const TOTAL = 5;
const ID = 9;
const SOURCE = 10;
const CREATED = 6;

describe(`CSV import refusals and atomicity (${testDatabaseKind()})`, () => {
  it("refuses, by line and before writing, an amount no BIGINT column holds and text longer than its column takes; the other rows are imported, and again changes nothing", async () => {
    // GIVEN 2,100 orders; row 1,499 (line 1,500) totals 99999999999999999.99 EUR (more than 2^63 - 1 cents),
    // row 1,700 has a 300-character source, row 1,900 a 300-digit id
    const file = shopifyFile(2100, (i, f) => {
      if (i === 1499) f[TOTAL] = "99999999999999999.99";
      if (i === 1700) f[SOURCE] = "s".repeat(300);
      if (i === 1900) f[ID] = "9".repeat(300);
    });
    // WHEN it is imported
    const first = await importFile(file);
    // THEN the three rows are reported with their lines, the 2,097 others are in
    expect(first).toMatchObject({ ordersInFile: 2100, ordersWritten: 2097, ordersUnchanged: 0, errorCount: 3 });
    expect(first.errors).toMatchObject([
      {
        line: 1500,
        message:
          "order #1499: total 99999999999999999.99 EUR is more than can be stored (the database holds at most 92233720368547758.07 EUR)",
      },
      { line: 1701, message: "order #1700: source is longer than 255 characters" },
      { line: 1901, message: "order #1900: id is longer than 255 characters" },
    ]);
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(2097);
    expect(await db.order.count({ where: { shopId: shop.id, id: "701499" } })).toBe(0);
    // AND the same file again writes nothing and reports the same rows
    const again = await importFile(file);
    expect(again).toMatchObject({ ordersWritten: 0, ordersUnchanged: 2097, errorCount: 3 });
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(2097);
  });

  it("refuses a WooCommerce row whose customer name no column takes, with its line, and imports the rest", async () => {
    const csv = [
      "order_id,order_number,order_date,status,order_total,order_currency,customer_id,customer_email,billing_first_name",
      "11,11,2024-03-01 10:00:00,completed,10.00,EUR,5,a@example.nl,Ann",
      `12,12,2024-03-02 10:00:00,completed,20.00,EUR,6,b@example.nl,${"B".repeat(256)}`,
    ].join("\n");
    const result = await importFile(csv);
    expect(result).toMatchObject({ ordersWritten: 1, customersWritten: 1, errorCount: 1 });
    expect(result.errors).toMatchObject([
      { line: 3, message: "order #12: customer 6: first name is longer than 255 characters" },
    ]);
    expect((await db.customer.findMany({ where: { shopId: shop.id } })).map((c) => c.id)).toEqual(["woo-5"]);
  });

  it("writes nothing of a file whose write fails half-way (a forced database error in the second batch), and all of it once the failure is gone", async () => {
    // GIVEN a trigger that makes the database refuse order 701500 (the second batch of 1,000)
    if (testDatabaseKind() === "postgresql") {
      await db.$executeRawUnsafe(
        `CREATE OR REPLACE FUNCTION forced_order_failure() RETURNS trigger AS $$ BEGIN IF NEW."id" = '701500' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await db.$executeRawUnsafe(
        `CREATE TRIGGER forced_order_failure BEFORE INSERT ON "Order" FOR EACH ROW EXECUTE FUNCTION forced_order_failure()`,
      );
    } else {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER forced_order_failure BEFORE INSERT ON "Order" WHEN NEW."id" = '701500' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`,
      );
    }
    const file = shopifyFile(2500);
    try {
      // WHEN the file is imported
      await expect(importFile(file)).rejects.toThrow(/forced failure/);
      // THEN not one order of the first batch stayed, and no refresh was asked for
      expect(await db.order.count({ where: { shopId: shop.id } })).toBe(0);
      expect(queue.enqueued).toEqual([]);
    } finally {
      await db.$executeRawUnsafe(
        `DROP TRIGGER forced_order_failure${testDatabaseKind() === "postgresql" ? ' ON "Order"' : ""}`,
      );
    }
    // AND once the failure is gone the same file goes in whole
    expect(await importFile(file)).toMatchObject({ ordersWritten: 2500, errorCount: 0 });
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(2500);
  });

  it("imports an order dated within a day after now (clock and time-zone skew) and refuses, by line, one dated later", async () => {
    // "Now" is 1 November 2026 00:00 UTC
    const csv = shopifyFile(3, (i, f) => {
      if (i === 2) f[CREATED] = "2026-11-01 02:00:00 +0000"; // two hours ahead
      if (i === 3) f[CREATED] = "2026-11-02 01:00:00 +0000"; // 25 hours ahead
    });
    const result = await importFile(csv);
    expect(result).toMatchObject({ ordersWritten: 2, errorCount: 1 });
    expect(result.errors).toMatchObject([
      {
        line: 4,
        message:
          "order #3: dated 2026-11-02T01:00:00.000Z, more than a day after now (2026-11-01T00:00:00.000Z): an order cannot be placed in the future",
      },
    ]);
    expect((await storedOrders()).map((o) => o.id)).toEqual(["700001", "700002"]);
  });
});

describe(`a CSV never outranks the platform (${testDatabaseKind()})`, () => {
  const ORDER_ID = "820982911946154508";
  // Shopify's documented orders/create body (tests/fixtures/shopify/webhooks), paid, with its exact id.
  const webhookBody = (over: Record<string, unknown> = {}) =>
    JSON.stringify({
      ...JSON.parse(fs.readFileSync("tests/fixtures/shopify/webhooks/metadata_2026-01_orders_create.json", "utf8"))
        .response,
      cancelled_at: null,
      financial_status: "paid",
      ...over,
    }).replace(/"id":820982911946154500/g, `"id":${ORDER_ID}`);
  const deliver = async (route: typeof ordersCreate, topic: string, body: string) =>
    expect((await callAction(route, webhookRequest(topic, body, { shop: "import.myshopify.com" }))).status).toBe(200);
  // The same order in a Shopify export: other total, e-mail and source, and dates after the
  // webhook's updated_at (31 Dec 2021), so the file's own updated_at is the later one.
  const csvOfSameOrder = [
    SHOPIFY_HEADER,
    `#9999,other@example.com,paid,2022-01-06 10:00:00 +0000,USD,1.00,2022-01-05 10:00:00 +0000,,,${ORDER_ID},csv-source,Tea`,
  ].join("\n");
  const stored = () => db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: ORDER_ID } } });

  it("leaves a webhook's order as the webhook wrote it, and the next webhook update still applies", async () => {
    // GIVEN the order from orders/create
    await deliver(ordersCreate, "orders/create", webhookBody());
    expect(await stored()).toMatchObject({ totalMinor: 40495n, email: "jon@example.com", origin: "platform" });
    // WHEN an export holding the same order with other values is imported
    const result = await importFile(csvOfSameOrder, { currency: "USD" });
    // THEN the order is unchanged
    expect(result).toMatchObject({ ordersWritten: 0, ordersUnchanged: 1, errorCount: 0 });
    expect(await stored()).toMatchObject({
      totalMinor: 40495n,
      email: "jon@example.com",
      customerId: "115310627314723954",
      sourceName: "web",
      origin: "platform",
    });
    // AND an orders/updated dated before the file's dates (but after the stored version) is applied
    await deliver(
      ordersUpdated,
      "orders/updated",
      webhookBody({
        total_price_set: { shop_money: { amount: "500.00", currency_code: "USD" } },
        updated_at: "2022-01-02T10:00:00-05:00",
      }),
    );
    expect(await stored()).toMatchObject({ totalMinor: 50000n, origin: "platform" });
  });

  it("lets the platform replace an order a file wrote, whatever the file's dates, and the file never takes it back", async () => {
    // GIVEN the order first from the file (its made-up updated_at: 6 Jan 2022)
    await importFile(csvOfSameOrder, { currency: "USD" });
    expect(await stored()).toMatchObject({ totalMinor: 100n, origin: "csv" });
    // WHEN the platform's webhook arrives with an earlier updated_at
    await deliver(ordersCreate, "orders/create", webhookBody());
    // THEN the platform's version is stored; importing the file again does not pin it back
    expect(await stored()).toMatchObject({ totalMinor: 40495n, origin: "platform" });
    expect(await importFile(csvOfSameOrder, { currency: "USD" })).toMatchObject({
      ordersWritten: 0,
      ordersUnchanged: 1,
    });
    expect(await stored()).toMatchObject({ totalMinor: 40495n, origin: "platform" });
  });

  it("leaves a customer the platform holds as it is, and the platform's next version replaces a file's customer", async () => {
    // GIVEN customer woo-5 from the WooCommerce sync
    await upsertCustomers(db, shop.id, [
      {
        id: "woo-5",
        email: "ann@example.nl",
        firstName: "Ann",
        lastName: "Synced",
        createdAt: null,
        updatedAt: new Date("2024-01-01T00:00:00Z"),
      },
    ]);
    // WHEN an export names woo-5 (later dates, another name) and woo-6
    const csv = [
      "order_id,order_number,order_date,status,order_total,order_currency,customer_id,customer_email,billing_first_name,billing_last_name",
      "31,31,2024-03-01 10:00:00,completed,10.00,EUR,5,ann@example.nl,Anne,FromFile",
      "32,32,2024-03-02 10:00:00,completed,20.00,EUR,6,bob@example.nl,Bob,FromFile",
    ].join("\n");
    expect(await importFile(csv)).toMatchObject({ ordersWritten: 2, customersWritten: 1 });
    // THEN woo-5 keeps the platform's name; woo-6 is the file's
    const names = async () =>
      (await db.customer.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } })).map((c) => [
        c.id,
        c.lastName,
        c.origin,
      ]);
    expect(await names()).toEqual([
      ["woo-5", "Synced", "platform"],
      ["woo-6", "FromFile", "csv"],
    ]);
    // AND the platform's version of woo-6, older than the file's dates, replaces it
    await upsertCustomers(db, shop.id, [
      {
        id: "woo-6",
        email: "bob@example.nl",
        firstName: "Bob",
        lastName: "Synced",
        createdAt: null,
        updatedAt: new Date("2024-01-01T00:00:00Z"),
      },
    ]);
    expect((await names())[1]).toEqual(["woo-6", "Synced", "platform"]);
  });

  it("writes a file's refunds for orders the file holds, none for an order the platform holds, and drops them when the platform takes the order over", async () => {
    // GIVEN order woo-21 held by the platform (the WooCommerce sync), woo-22 only in the file
    const platformOrder: NormalizedOrder = {
      id: "woo-21",
      name: "#21",
      customerId: null,
      email: "p@example.nl",
      currency: "EUR",
      totalMinor: 5000n,
      refundedMinor: 0n,
      financialStatus: "paid",
      cancelledAt: null,
      processedAt: new Date("2024-03-01T09:00:00Z"),
      createdAt: new Date("2024-03-01T09:00:00Z"),
      updatedAt: new Date("2024-03-01T09:00:00Z"),
      sourceName: "woocommerce",
      refunds: [],
    };
    await upsertOrders(db, shop.id, [platformOrder]);
    const csv = [
      "order_id,order_number,order_date,status,order_total,order_currency,refund_items",
      "21,21,2024-03-01 10:00:00,completed,50.00,EUR,amount:10.00|reason:damaged|date:2024-03-05 12:00:00",
      "22,22,2024-03-02 10:00:00,completed,20.00,EUR,amount:5.00|reason:late|date:2024-03-06 12:00:00",
    ].join("\n");
    // WHEN the export is imported (twice)
    expect(await importFile(csv)).toMatchObject({ ordersWritten: 1, ordersUnchanged: 1, errorCount: 0 });
    expect(await importFile(csv)).toMatchObject({ ordersWritten: 0, ordersUnchanged: 2 });
    // THEN only the file's own order has the file's refund
    const refunds = await db.refund.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(refunds.map((r) => [r.orderId, r.id, r.amountMinor])).toEqual([["woo-22", "woo-22-refund-1", 500n]]);
    expect(await stored().catch(() => null)).toBeNull();
    expect(
      (await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: "woo-21" } } })).refundedMinor,
    ).toBe(0n);

    // AND when the platform takes woo-22 over (with its own refund woo-901), the file's refund goes
    const taken: NormalizedOrder = {
      ...platformOrder,
      id: "woo-22",
      name: "#22",
      totalMinor: 2000n,
      refundedMinor: 300n,
      updatedAt: new Date("2024-03-02T09:00:00Z"),
      refunds: [
        {
          id: "woo-901",
          orderId: "woo-22",
          amountMinor: 300n,
          currency: "EUR",
          processedAt: new Date("2024-03-06T09:00:00Z"),
        },
      ],
    };
    expect(await upsertOrders(db, shop.id, [taken])).toMatchObject({ written: 1 });
    expect(
      (await db.refund.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } })).map((r) => [r.orderId, r.id]),
    ).toEqual([["woo-22", "woo-901"]]);
    // AND a webhook's single order without refunds taking over a file's order drops the file's refunds too
    await upsertOrders(db, shop.id, [{ ...platformOrder, id: "woo-23", name: "#23" }]);
    await db.order.update({ where: { shopId_id: { shopId: shop.id, id: "woo-23" } }, data: { origin: "csv" } });
    await db.refund.create({
      data: {
        shopId: shop.id,
        id: "woo-23-refund-1",
        orderId: "woo-23",
        amountMinor: 100n,
        currency: "EUR",
        processedAt: new Date("2024-03-07T09:00:00Z"),
      },
    });
    expect(await upsertOrders(db, shop.id, [{ ...platformOrder, id: "woo-23", name: "#23" }])).toMatchObject({
      written: 1,
    });
    expect(await db.refund.count({ where: { shopId: shop.id, orderId: "woo-23" } })).toBe(0);
  });
});
