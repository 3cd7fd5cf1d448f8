// Shopify "Orders > Export" CSV to orders. Expected figures are read off the file by hand
// (the sample's rows are quoted in the comments).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { mapExport } from "~/platforms/csv/export";
import { readCsv } from "~/platforms/csv/reader";

const AMS = { timeZone: "Europe/Amsterdam" };
const sample = () => mapExport(readCsv(fs.readFileSync("tests/fixtures/csv/orders_export.csv", "utf8")), AMS);
const HEADER =
  "Name,Email,Financial Status,Paid at,Currency,Total,Created at,Cancelled at,Refunded Amount,Id,Source,Lineitem name";

describe("Shopify orders export", () => {
  it("maps the sample's 40 line-item rows to its 19 orders, one per order's first row, with no errors", () => {
    const m = sample();
    expect(m.format).toBe("shopify");
    expect(m.errors).toEqual([]);
    expect(m.orders.map((o) => o.order.name)).toEqual(Array.from({ length: 19 }, (_, i) => `#${1001 + i}`));
    // #1001 has 4 rows (lines 2-5), #1002 two (6-7), #1003 one (8): each order is its first row.
    expect(m.orders.slice(0, 4).map((o) => o.line)).toEqual([2, 6, 8, 9]);
    expect(new Set(m.orders.map((o) => o.order.currency))).toEqual(new Set(["EUR"]));
    // Sum of the Total column over the 19 first rows, added up from the file: 14089.04.
    expect(m.orders.reduce((s, o) => s + o.order.totalMinor, 0n)).toBe(1408904n);
    // No customer id in this export: every order is a guest order; no customers.
    expect(m.orders.every((o) => o.order.customerId === null)).toBe(true);
    expect(m.customers).toEqual([]);
  });

  it("maps #1001 field by field: Shopify's order id, exact cents, the time with its -0400 offset", () => {
    // #1001,,paid,2025-05-11 09:55:16 -0400,...,EUR,1659.95,0.00,0.00,1659.95,...,2025-05-11 09:55:16 -0400,...,0.00 (Refunded),...,6634244374859,...,shopify_draft_order
    expect(sample().orders[0]).toEqual({
      line: 2,
      order: {
        id: "6634244374859",
        name: "#1001",
        customerId: null,
        email: null,
        currency: "EUR",
        totalMinor: 165995n,
        refundedMinor: 0n,
        financialStatus: "paid",
        cancelledAt: null,
        processedAt: new Date("2025-05-11T13:55:16.000Z"),
        createdAt: new Date("2025-05-11T13:55:16.000Z"),
        updatedAt: new Date("2025-05-11T13:55:15.999Z"), // latest moment less 1 ms: the API's own version wins
        sourceName: "shopify_draft_order",
        refunds: [],
      },
    });
  });

  it("keeps e-mails (lower-cased) on the orders that have them, and pending orders unpaid", () => {
    const byName = new Map(sample().orders.map((o) => [o.order.name, o.order]));
    // #1009,Russel.winfield@example.com,paid,2025-05-13 15:44:42 -0400,...,189.80,...,2025-05-13 15:44:41 -0400 (Created at)
    expect(byName.get("#1009")).toMatchObject({
      id: "6638974697803",
      email: "russel.winfield@example.com",
      totalMinor: 18980n,
      processedAt: new Date("2025-05-13T19:44:41.000Z"),
      updatedAt: new Date("2025-05-13T19:44:41.999Z"), // Paid at is one second after Created at
    });
    // #1013,karine.ruby@example.com,pending,(no Paid at),...,127.59,...,2025-05-16 02:36:49 -0400
    expect(byName.get("#1013")).toMatchObject({
      id: "6642365890891",
      email: "karine.ruby@example.com",
      financialStatus: "pending",
      totalMinor: 12759n,
      processedAt: new Date("2025-05-16T06:36:49.000Z"),
      updatedAt: new Date("2025-05-16T06:36:48.999Z"),
    });
    expect([...byName.values()].filter((o) => o.email === "ayumu.hirano@example.com").map((o) => o.name)).toEqual([
      "#1004",
      "#1012",
      "#1014",
      "#1015",
    ]);
  });

  it("maps refunds, cancellations and currencies with 0 or 3 decimals exactly", () => {
    const csv = [
      HEADER,
      "#1,a@x.nl,partially_refunded,2024-03-01 10:00:00 +0100,EUR,80.00,2024-03-01 10:00:00 +0100,,20.50,11,web,Tea",
      "#2,b@x.nl,voided,,EUR,15.00,2024-06-01 10:00:00 +0200,2024-06-02 09:30:00 +0200,,12,pos,Mug",
      "#3,c@x.jp,paid,2024-07-01 10:00:00 +0900,JPY,1500,2024-07-01 10:00:00 +0900,,0,13,web,Tea",
      "#4,d@x.kw,refunded,2024-07-01 10:00:00 +0300,KWD,12.345,2024-07-01 10:00:00 +0300,,12.345,14,web,Tea",
    ].join("\n");
    const orders = mapExport(readCsv(csv), AMS).orders.map((o) => o.order);
    expect(orders.map((o) => [o.id, o.currency, o.totalMinor, o.refundedMinor, o.financialStatus])).toEqual([
      ["11", "EUR", 8000n, 2050n, "partially_refunded"],
      ["12", "EUR", 1500n, 0n, "voided"],
      ["13", "JPY", 1500n, 0n, "paid"],
      ["14", "KWD", 12345n, 12345n, "refunded"],
    ]);
    expect(orders[1].cancelledAt).toEqual(new Date("2024-06-02T07:30:00.000Z"));
    expect(orders[1].updatedAt).toEqual(new Date("2024-06-02T07:29:59.999Z")); // the cancellation is its latest moment
    // A refunded amount without refund ids or dates: no refund rows that could double the real ones.
    expect(orders.every((o) => o.refunds.length === 0)).toBe(true);
  });

  it("reports a broken row with its line and a reason, skips that order's other rows, and maps every other order", () => {
    const csv = [
      HEADER, // line 1
      "#1,a@x.nl,paid,2024-03-01 10:00:00 +0100,EUR,10.00,2024-03-01 10:00:00 +0100,,,101,web,Tea", // 2 ok
      "#1,,,,,,2024-03-01 10:00:00 +0100,,,,,Cake", // 3 line item of #1
      "#2,b@x.nl,paid,,EUR,10.00,2024-13-01 10:00:00 +0100,,,102,web,Tea", // 4 month 13
      "#2,,,,,,2024-13-01 10:00:00 +0100,,,,,Cake", // 5 line item of the broken #2: no second error
      '#3,c@x.nl,paid,,EUR,"12,50",2024-03-02 10:00:00 +0100,,,103,web,Tea', // 6 decimal comma
      "#4,d@x.nl,paid,,EUR,10.00,2024-03-03 10:00:00 +0100,,,,web,Tea", // 7 no Id
      "#5,,,,,,2024-03-04 10:00:00 +0100,,,,,Tea", // 8 first row without order fields
      "#5,,,,,,2024-03-04 10:00:00 +0100,,,,,Cake", // 9 its line item
      "#6,f@x.nl,paid,,EUR,7.5,2024-03-05 10:00:00 2024,,,106,web,Tea", // 10 not an offset
      "#7,g@x.nl,paid,,EURO,7.50,2024-03-05 10:00:00 +0100,,,107,web,Tea", // 11 not a currency code
      "#8,h@x.nl,paid,,EUR,7.50,2024-03-06 10:00:00 +0100,,,108,web,Tea", // 12 ok
    ].join("\r\n");
    const m = mapExport(readCsv(csv), AMS);
    expect(m.orders.map((o) => [o.line, o.order.id])).toEqual([
      [2, "101"],
      [12, "108"],
    ]);
    expect(m.errors.map((e) => e.line)).toEqual([4, 6, 7, 8, 10, 11]);
    expect(m.errors[0].message).toBe(
      'order #2: Created at "2024-13-01 10:00:00 +0100" is not a date and time like 2025-05-11 09:55:16 -0400',
    );
    expect(m.errors[1].message).toBe(
      'order #3: Total "12,50" is not an amount (digits with a "." before the decimals, like 12.50)',
    );
    expect(m.errors[2].message).toBe("order #4: Id is empty");
    expect(m.errors[3].message).toMatch(/^order #5: its first row has no order fields/);
    expect(m.errors[4].message).toMatch(/^order #6: Created at "2024-03-05 10:00:00 2024" is not a date/);
    expect(m.errors[5].message).toBe('order #7: Currency "EURO" is not a currency code (like EUR)');
  });
});
