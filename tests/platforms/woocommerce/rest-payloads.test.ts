// WooCommerce REST v3 orders to the shared shapes, against the documented examples
// (tests/fixtures/woocommerce/, figures read off the JSON by hand and quoted in comments).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { PayloadError } from "~/core/payload-error";
import { WooNotAnOrderError, wooCustomerFromRest, wooOrderFromRest } from "~/platforms/woocommerce/rest-payloads";

const fixture = (name: string) => JSON.parse(fs.readFileSync(`tests/fixtures/woocommerce/${name}`, "utf8"));
const order727 = () => fixture("wc_v3_order_727_retrieve_example.json") as Record<string, unknown>;
const list = () => fixture("wc_v3_orders_list_example.json") as Record<string, unknown>[];

function payloadError(payload: unknown): PayloadError {
  try {
    wooOrderFromRest(payload);
  } catch (e) {
    if (e instanceof PayloadError) return e;
    throw e;
  }
  throw new Error("expected a PayloadError");
}

describe("WooCommerce REST v3 order payloads", () => {
  it("maps the documented order 727 to its exact total in cents, status, UTC dates and a guest customer", () => {
    // "id": 727, "status": "processing", "currency": "USD", "total": "29.35", "customer_id": 0,
    // "date_created_gmt": "2017-03-22T19:28:02", "date_modified_gmt" and "date_paid_gmt": "2017-03-22T19:28:08",
    // "date_completed_gmt": null, "refunds": [], billing email "john.doe@example.com"
    const { order, customer, paidAt, completedAt } = wooOrderFromRest(order727());
    expect(order).toEqual({
      id: "woo-727",
      name: "#727",
      customerId: null,
      email: "john.doe@example.com",
      currency: "USD",
      totalMinor: 2935n,
      refundedMinor: 0n,
      financialStatus: "paid",
      cancelledAt: null,
      processedAt: new Date("2017-03-22T19:28:02.000Z"), // the *_gmt value, not the site's local 16:28:02
      createdAt: new Date("2017-03-22T19:28:02.000Z"),
      updatedAt: new Date("2017-03-22T19:28:08.000Z"),
      sourceName: "woocommerce",
      refunds: [],
    });
    expect(customer).toBeNull();
    expect(paidAt).toEqual(new Date("2017-03-22T19:28:08.000Z"));
    expect(completedAt).toBeNull();
  });

  it("maps every order of the documented list; order 723's two negative refunds become 19.00 refunded of 39.00", () => {
    // 723: "completed", "total": "39.00", "customer_id": 26, billing João Silva <joao.silva@example.com>,
    // created 2017-03-21T19:16:00, modified and completed 2017-03-21T19:54:51 (GMT),
    // "refunds": [{ "id": 726, "total": "-10.00" }, { "id": 724, "total": "-9.00" }]
    const records = list().map(wooOrderFromRest);
    expect(
      records.map((r) => [
        r.order.id,
        r.order.totalMinor,
        r.order.refundedMinor,
        r.order.financialStatus,
        r.order.customerId,
      ]),
    ).toEqual([
      ["woo-727", 2935n, 0n, "paid", null],
      ["woo-723", 3900n, 1900n, "partially_refunded", "woo-26"],
    ]);
    const o723 = records[1];
    expect(o723.order.refunds).toEqual([
      {
        id: "woo-723-refund-726",
        orderId: "woo-723",
        amountMinor: 1000n,
        currency: "USD",
        processedAt: new Date("2017-03-21T19:54:51.000Z"),
      },
      {
        id: "woo-723-refund-724",
        orderId: "woo-723",
        amountMinor: 900n,
        currency: "USD",
        processedAt: new Date("2017-03-21T19:54:51.000Z"),
      },
    ]);
    expect(o723.order.processedAt).toEqual(new Date("2017-03-21T19:16:00.000Z"));
    expect(o723.completedAt).toEqual(new Date("2017-03-21T19:54:51.000Z"));
    expect(o723.paidAt).toBeNull();
    expect(o723.customer).toEqual({
      id: "woo-26",
      email: "joao.silva@example.com",
      firstName: "João",
      lastName: "Silva",
      marketingConsent: "unknown",
      createdAt: null,
      updatedAt: new Date("2017-03-21T19:16:00.000Z"), // the billing details as of the order's placing
    });
  });

  it("uses the shared status vocabulary: refunded in full, cancelled and failed voided with a cancellation date, drafts are not orders", () => {
    const as = (status: string, extra: Record<string, unknown> = {}) =>
      wooOrderFromRest({ ...order727(), status, ...extra }).order;
    expect(as("refunded")).toMatchObject({ financialStatus: "refunded", refundedMinor: 2935n, cancelledAt: null });
    expect(as("cancelled")).toMatchObject({
      financialStatus: "voided",
      cancelledAt: new Date("2017-03-22T19:28:08.000Z"),
    });
    expect(as("failed")).toMatchObject({
      financialStatus: "voided",
      cancelledAt: new Date("2017-03-22T19:28:08.000Z"),
    });
    expect(as("on-hold")).toMatchObject({ financialStatus: "pending", cancelledAt: null });
    expect(as("cancelled", { refunds: [{ id: 9, refund: "", total: "-29.35" }] })).toMatchObject({
      financialStatus: "refunded",
      refundedMinor: 2935n,
    });
    expect(() => as("checkout-draft")).toThrow(WooNotAnOrderError);
    expect(() => as("trash")).toThrow(WooNotAnOrderError);
    expect(() => as("shipped")).toThrow(/order 727: unknown status "shipped"/);
  });

  it("reads a currency's own decimals: JPY has none", () => {
    expect(wooOrderFromRest({ ...order727(), currency: "JPY", total: "2935" }).order.totalMinor).toBe(2935n);
  });

  it("refuses a malformed order with a PayloadError naming the field", () => {
    const { id: _id, ...noId } = order727();
    expect(payloadError(noId).message).toMatch(/^malformed WooCommerce order: id: Required/);
    expect(payloadError({ ...order727(), total: "29,35" }).message).toMatch(
      /order 727: total: not an amount like 29.35/,
    );
    expect(payloadError({ ...order727(), total: 29.35 }).message).toMatch(/total: Expected string, received number/);
    expect(payloadError({ ...order727(), currency: "dollars" }).message).toMatch(
      /currency: not an ISO 4217 currency code/,
    );
    expect(payloadError({ ...order727(), date_created_gmt: "2017-02-31T19:28:02" }).message).toMatch(
      /date_created_gmt: "2017-02-31T19:28:02" is not a calendar date/,
    );
    expect(payloadError({ ...order727(), date_modified_gmt: "22-03-2017 19:28" }).message).toMatch(
      /date_modified_gmt: not a date and time/,
    );
    expect(payloadError({ ...order727(), refunds: [{ id: 1, total: "ten" }] }).message).toMatch(
      /refunds\.0\.total: not an amount/,
    );
    expect(payloadError({ ...order727(), id: "727a" }).message).toMatch(/order 727a: id: not a whole number/);
    expect(payloadError(null).message).toMatch(/malformed WooCommerce order: order: Expected object, received null/);
  });

  it("maps a REST customer, its GMT dates and its account e-mail", () => {
    expect(
      wooCustomerFromRest({
        id: 26,
        email: "Joao.Silva@example.com ",
        first_name: "João",
        last_name: "Silva",
        date_created_gmt: "2017-03-21T19:10:00",
        date_modified_gmt: "2017-03-22T08:00:00",
        role: "customer",
      }),
    ).toEqual({
      id: "woo-26",
      email: "joao.silva@example.com",
      firstName: "João",
      lastName: "Silva",
      marketingConsent: "unknown",
      createdAt: new Date("2017-03-21T19:10:00.000Z"),
      updatedAt: new Date("2017-03-22T08:00:00.000Z"),
    });
  });
});
