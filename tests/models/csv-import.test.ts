// Importing order exports into a shop's orders, on the test database (SQLite, or PostgreSQL
// with TEST_DATABASE=postgresql). Files go in as Blobs, the way the upload route hands them over.
import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import type { JobQueue } from "~/jobs/queue.server";
import { CsvImportError, importOrdersCsv } from "~/workflows/csv-import.server";
import { upsertOrders } from "~/models/ingest.server";
import type { NormalizedOrder } from "~/core/records";
import { useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";

// The app's environment: the import queues its refresh through the job registry, which loads app modules.
const { db } = await useAppEnv();

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
    expect(result.errors).toEqual([
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
    expect(result.errors).toEqual([
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
    expect(early.errors[0]).toEqual({
      line: 31,
      message:
        "order #1013: dated 2025-05-16T06:36:49.000Z, after 2025-05-15T00:00:00.000Z (now): an order cannot be placed in the future",
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
    expect(result.errors).toEqual([{ line: 2001, message: "order #2000: Total is empty" }]);
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
    const semicolons = await importFile(
      "order_id;order_date;status;order_total;order_currency\n1;01-03-2024 10:00:00;completed;10,00;EUR\n",
    ).catch((e: CsvImportError) => e);
    expect(semicolons).toMatchObject({ code: "unknown_format", details: { hint: "semicolons" } });
    expect(await code(importFile('PK\u0003\u0004"\u0000binary'))).toBe("unknown_format"); // no header row at all
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(0);
    expect(queue.enqueued).toEqual([]);
  });
});
