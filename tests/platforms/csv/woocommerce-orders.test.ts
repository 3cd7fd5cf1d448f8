// WebToffee's WooCommerce order export to orders and customers. Expected figures are read
// off the sample by hand (its rows are quoted in the comments).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { mapExport } from "~/platforms/csv/export";
import { readCsv } from "~/platforms/csv/reader";

const sampleText = fs.readFileSync("tests/fixtures/csv/webtoffee_Sample_Order.csv", "utf8");
const sample = (timeZone = "Europe/Amsterdam") => mapExport(readCsv(sampleText), { timeZone });
const HEADER =
  "order_id,order_number,order_date,status,order_total,order_currency,customer_id,customer_email,billing_first_name,billing_last_name,billing_email,refund_items,paid_date";
const map = (...rows: string[]) => mapExport(readCsv([HEADER, ...rows].join("\n")), { timeZone: "Europe/Amsterdam" });

describe("WooCommerce order export (WebToffee)", () => {
  it("maps the sample's 3 orders with namespaced ids, exact totals and order dates read in the shop's time zone", () => {
    const m = sample();
    expect(m.format).toBe("woocommerce");
    expect(m.errors).toEqual([]);
    // 1001,1001,16-05-2018 07:32:06,completed,...,22.42,USD,...,3 (customer_id)
    // 1002,1002,16-05-2018 07:25:28,on-hold,...,33.04,USD,...,0
    // 1003,1003,16-05-2018 07:21:32,processing,...,58.98,USD,...,2
    expect(
      m.orders.map(({ line, order: o }) => [
        line,
        o.id,
        o.name,
        o.totalMinor,
        o.currency,
        o.financialStatus,
        o.processedAt.toISOString(),
      ]),
    ).toEqual([
      [2, "woo-1001", "#1001", 2242n, "USD", "paid", "2018-05-16T05:32:06.000Z"], // CEST, UTC+2
      [4, "woo-1002", "#1002", 3304n, "USD", "pending", "2018-05-16T05:25:28.000Z"],
      [6, "woo-1003", "#1003", 5898n, "USD", "paid", "2018-05-16T05:21:32.000Z"],
    ]);
  });

  it("reads the same wall-clock time in another shop's zone as another instant", () => {
    // New York in May is UTC-4: 07:32:06 there is 11:32:06 UTC.
    expect(sample("America/New_York").orders[0].order.processedAt).toEqual(new Date("2018-05-16T11:32:06.000Z"));
  });

  it("maps order 1002's refund_items (amount:46.00|reason:refund|date:2019-06-19 12:13:48) to one 46.00 refund at that UTC time", () => {
    const o = sample().orders[1].order;
    expect(o.refunds).toEqual([
      {
        id: "woo-1002-refund-1",
        orderId: "woo-1002",
        amountMinor: 4600n,
        currency: "USD",
        processedAt: new Date("2019-06-19T12:13:48.000Z"),
      },
    ]);
    expect(o.refundedMinor).toBe(4600n); // more than its 33.04 total: the import refuses it (tests/models/csv-import.test.ts)
    expect(o.updatedAt).toEqual(new Date("2019-06-19T12:13:48.000Z")); // the refund is the row's latest moment
  });

  it("keeps a guest order (customer_id 0) a guest with its billing e-mail, and makes customers of account holders", () => {
    const [lilly, john, mark] = sample().orders.map((o) => o.order);
    expect([lilly.customerId, lilly.email]).toEqual(["woo-3", "lilly@example.com"]);
    expect([john.customerId, john.email]).toEqual([null, "john@example.com"]); // customer_email is empty, billing_email john@example.com
    expect([mark.customerId, mark.email]).toEqual(["woo-2", "mark@example.com"]);
    expect(sample().customers).toEqual([
      // 1001's paid_date 2020-03-19 06:40:32 (Amsterdam, CET) is its latest moment.
      {
        id: "woo-3",
        email: "lilly@example.com",
        firstName: "Lilly",
        lastName: "Gordon",
        marketingConsent: "unknown",
        createdAt: null,
        updatedAt: new Date("2020-03-19T05:40:32.000Z"),
      },
      {
        id: "woo-2",
        email: "mark@example.com",
        firstName: "Mark",
        lastName: "Xa",
        marketingConsent: "unknown",
        createdAt: null,
        updatedAt: new Date("2018-05-16T05:21:32.000Z"),
      },
    ]);
  });

  it("maps WooCommerce statuses to Shopify's financial vocabulary; cancelled and failed orders are cancelled", () => {
    const m = map(
      "1,1,01-03-2024 10:00:00,completed,10.00,EUR,0,,,,a@x.nl,,",
      "2,2,01-03-2024 10:00:00,wc-processing,10.00,EUR,0,,,,a@x.nl,,",
      "3,3,01-03-2024 10:00:00,on-hold,10.00,EUR,0,,,,a@x.nl,,",
      "4,4,01-03-2024 10:00:00,pending,10.00,EUR,0,,,,a@x.nl,,",
      "5,5,01-03-2024 10:00:00,refunded,10.00,EUR,0,,,,a@x.nl,,", // no refund_items: refunded in full all the same
      "6,6,01-03-2024 10:00:00,cancelled,10.00,EUR,0,,,,a@x.nl,,",
      "7,7,01-03-2024 10:00:00,failed,10.00,EUR,0,,,,a@x.nl,,",
      "8,8,01-03-2024 10:00:00,completed,10.00,EUR,0,,,,a@x.nl,amount:4.00|reason:broken|date:2024-03-05 09:00:00,",
      "9,9,01-03-2024 10:00:00,completed,10.00,EUR,0,,,,a@x.nl,amount:10.00|reason:return|date:2024-03-05 09:00:00,",
    );
    expect(m.errors).toEqual([]);
    expect(m.orders.map(({ order: o }) => [o.id, o.financialStatus, o.refundedMinor, o.cancelledAt !== null])).toEqual([
      ["woo-1", "paid", 0n, false],
      ["woo-2", "paid", 0n, false],
      ["woo-3", "pending", 0n, false],
      ["woo-4", "pending", 0n, false],
      ["woo-5", "refunded", 1000n, false],
      ["woo-6", "voided", 0n, true],
      ["woo-7", "voided", 0n, true],
      ["woo-8", "partially_refunded", 400n, false],
      ["woo-9", "refunded", 1000n, false],
    ]);
    // No cancellation date in the export: the row's latest moment (the order date, 01-03-2024 10:00 CET).
    expect(m.orders[5].order.cancelledAt).toEqual(new Date("2024-03-01T09:00:00.000Z"));
  });

  it("reads several refunds, numbered in date order, even when a reason holds ; or |", () => {
    const m = map(
      '10,10,01-03-2024 10:00:00,completed,20.00,EUR,0,,,,a@x.nl,"amount:5.00|reason:late; and | torn|date:2024-03-09 10:00:00;amount:3.00|reason:|date:2024-03-02 09:00:00",',
    );
    expect(m.errors).toEqual([]);
    expect(m.orders[0].order.refunds.map((r) => [r.id, r.amountMinor, r.processedAt.toISOString()])).toEqual([
      ["woo-10-refund-1", 300n, "2024-03-02T09:00:00.000Z"],
      ["woo-10-refund-2", 500n, "2024-03-09T10:00:00.000Z"],
    ]);
    expect(m.orders[0].order).toMatchObject({ refundedMinor: 800n, financialStatus: "partially_refunded" });
  });

  it("takes a customer's name and e-mail from their newest order in the file", () => {
    const m = map(
      "21,21,01-03-2024 10:00:00,completed,10.00,EUR,7,new@x.nl,Anna,Jansen,new@x.nl,,",
      "20,20,01-02-2024 10:00:00,completed,10.00,EUR,7,old@x.nl,Anna,de Vries,old@x.nl,,",
    );
    expect(m.customers).toEqual([
      expect.objectContaining({
        id: "woo-7",
        email: "new@x.nl",
        lastName: "Jansen",
        updatedAt: new Date("2024-03-01T09:00:00.000Z"),
      }),
    ]);
  });

  it("reports broken rows with their lines and reasons and still maps the other rows", () => {
    const m = map(
      "31,31,31-02-2024 10:00:00,completed,10.00,EUR,0,,,,a@x.nl,,", // line 2: 31 February
      '32,32,01-03-2024 10:00:00,completed,"12,50",EUR,0,,,,a@x.nl,,', // 3: decimal comma
      ",33,01-03-2024 10:00:00,completed,10.00,EUR,0,,,,a@x.nl,,", // 4: no order_id
      "34,34,01-03-2024 10:00:00,shipped,10.00,EUR,0,,,,a@x.nl,,", // 5: a plugin's status
      "35,35,01-03-2024 10:00:00,checkout-draft,10.00,EUR,0,,,,a@x.nl,,", // 6: not an order
      "36,36,01-03-2024 10:00:00,completed,10.00,EUR,0,,,,a@x.nl,amount:1.00|reason:x|date:yesterday,", // 7: refund date
      "37,37,2024-03-01 10:00,completed,10.00,EUR,5,,,,a@x.nl,,", // 8: ok (newer exporter's date order, no seconds)
      ",,,,,,,,,,,,", // 9: an empty row: nothing
      "38,38,01-03-2024 10:00:00,completed,10.00,EUR,0,,,,a@x.nl,,", // 10: ok
    );
    expect(m.orders.map((o) => [o.line, o.order.id])).toEqual([
      [8, "woo-37"],
      [10, "woo-38"],
    ]);
    expect(m.orders[0].order.processedAt).toEqual(new Date("2024-03-01T09:00:00.000Z"));
    expect(m.errors).toMatchObject([
      {
        line: 2,
        message: 'order #31: order_date "31-02-2024 10:00:00" is not a date and time like 16-05-2018 07:32:06',
      },
      {
        line: 3,
        message: 'order #32: order_total "12,50" is not an amount (digits with a "." before the decimals, like 12.50)',
      },
      { line: 4, message: "order #33: order_id is empty" },
      {
        line: 5,
        message:
          'order #34: unknown status "shipped" (expected one of completed, processing, pending, on-hold, refunded, cancelled, failed)',
      },
      { line: 6, message: "order #35: status checkout-draft: not an order (a draft or a deleted order)" },
      { line: 7, message: 'order #36: refund date "yesterday" is not a date and time like 2019-06-19 12:13:48' },
    ]);
    // Customer 5's only order mapped: they are a customer; no customer for the broken rows.
    expect(m.customers.map((c) => c.id)).toEqual(["woo-5"]);
  });
});
