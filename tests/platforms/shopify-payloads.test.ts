import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseJsonLossless } from "~/core/lossless-json";
import { decimalToMinor, minorToDecimal } from "~/core/money";
import { customerFromGraphql, orderFromGraphql } from "~/platforms/shopify/graphql-records";
import { PayloadError } from "~/core/payload-error";
import { customerFromRest, orderFromRest, refundFromRest } from "~/platforms/shopify/rest-payloads";

const documented = (topic: string) =>
  JSON.parse(fs.readFileSync(`tests/fixtures/shopify/webhooks/metadata_2026-01_${topic}.json`, "utf8")).response;

describe("money in minor units", () => {
  it("converts decimal strings exactly, by the currency's ISO 4217 decimals", () => {
    expect(decimalToMinor("404.95", "USD")).toBe(40495n);
    expect(decimalToMinor("0.1", "EUR")).toBe(10n);
    expect(decimalToMinor("1500", "JPY")).toBe(1500n);
    expect(decimalToMinor("1.234", "KWD")).toBe(1234n);
    expect(decimalToMinor("19.995", "EUR")).toBe(2000n); // half away from zero
    expect(decimalToMinor("-5.50", "EUR")).toBe(-550n);
    expect(minorToDecimal(40495n, "USD")).toBe("404.95");
    expect(minorToDecimal(5n, "EUR")).toBe("0.05");
  });

  it("refuses what is not an amount or not a currency code", () => {
    expect(() => decimalToMinor("12,50", "EUR")).toThrow(/not a money amount/);
    expect(() => decimalToMinor("1.00", "EURO")).toThrow(/ISO 4217/);
  });
});

describe("Shopify REST webhook bodies", () => {
  it("keeps a webhook body's 18-digit ids exact when parsed losslessly", () => {
    const body = '{"id":820982911946154508,"order_id":820982911946154508,"total":12}';
    expect(parseJsonLossless<{ id: string; total: number }>(body)).toEqual({
      id: "820982911946154508",
      order_id: "820982911946154508",
      total: 12,
    });
    expect(String(JSON.parse(body).id)).not.toBe("820982911946154508"); // what a plain parse loses
  });

  it("maps Shopify's documented orders/create body to a normalized order (ids from admin_graphql_api_id)", () => {
    const order = orderFromRest(documented("orders_create"));
    expect(order).toMatchObject({
      id: "820982911946154508",
      name: "#9999",
      customerId: "115310627314723954",
      email: "jon@example.com",
      currency: "USD",
      totalMinor: 40495n,
      refundedMinor: 0n,
      financialStatus: "voided",
      sourceName: "web",
    });
    expect(order.processedAt.toISOString()).toBe("2022-01-01T00:00:00.000Z");
    expect(order.cancelledAt?.toISOString()).toBe("2022-01-01T00:00:00.000Z");
  });

  it("maps Shopify's documented refunds/create body: refund = successful refund transactions (75.00 + 10.00)", () => {
    const refund = refundFromRest(documented("refunds_create"), "USD");
    expect(refund).toMatchObject({ id: "890088186047892319", amountMinor: 8500n, currency: "USD" });
  });

  it("maps Shopify's documented customers/create body", () => {
    expect(customerFromRest(documented("customers_create"))).toMatchObject({
      id: "706405506930370084",
      email: "bob@biller.com",
      firstName: "Bob",
      lastName: "Biller",
    });
  });

  it("refuses an order body without totals with an error naming the field", () => {
    const { total_price_set: _drop, ...broken } = documented("orders_create");
    expect(() => orderFromRest(broken)).toThrow(PayloadError);
    expect(() => orderFromRest(broken)).toThrow(/total_price_set/);
  });
});

describe("Admin GraphQL records", () => {
  it("maps an order node with refunds and a customer", () => {
    const order = orderFromGraphql({
      id: "gid://shopify/Order/9007199254740993",
      name: "#1001",
      email: " Anna@Example.NL ",
      createdAt: "2026-03-01T10:00:00Z",
      updatedAt: "2026-03-05T10:00:00Z",
      processedAt: "2026-03-01T10:00:00Z",
      cancelledAt: null,
      displayFinancialStatus: "PARTIALLY_REFUNDED",
      test: false,
      sourceName: "web",
      totalPriceSet: { shopMoney: { amount: "59.90", currencyCode: "EUR" } },
      totalRefundedSet: { shopMoney: { amount: "10.00", currencyCode: "EUR" } },
      customer: { id: "gid://shopify/Customer/42" },
      refunds: [
        {
          id: "gid://shopify/Refund/7",
          createdAt: "2026-03-05T10:00:00Z",
          totalRefundedSet: { shopMoney: { amount: "10.00", currencyCode: "EUR" } },
        },
      ],
    });
    expect(order).toMatchObject({
      id: "9007199254740993",
      customerId: "42",
      email: "anna@example.nl",
      totalMinor: 5990n,
      refundedMinor: 1000n,
      financialStatus: "partially_refunded",
      refunds: [{ id: "7", orderId: "9007199254740993", amountMinor: 1000n }],
    });
  });

  it("maps a customer node with its e-mail marketing consent", () => {
    expect(
      customerFromGraphql({
        id: "gid://shopify/Customer/42",
        firstName: "Anna",
        lastName: "de Vries",
        numberOfOrders: "3",
        amountSpent: { amount: "120.50", currencyCode: "EUR" },
        tags: ["vip"],
        defaultEmailAddress: { emailAddress: "Anna@Example.nl", marketingState: "SUBSCRIBED" },
      }),
    ).toMatchObject({
      id: "42",
      email: "anna@example.nl",
      ordersCount: 3,
      totalSpentMinor: 12050n,
      marketingConsent: "granted",
      tags: ["vip"],
    });
  });
});
