// The storage checks against the real databases: the largest value each check lets through is
// stored and read back exactly; one step beyond is refused with its reason before the
// statement, so it never fails the batch it came in.
import { beforeEach, describe, expect, it } from "vitest";
import type { NormalizedCustomer, NormalizedOrder } from "~/core/records";
import { useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";

const { db } = await useAppEnv();
const { upsertCustomers, upsertOrders } = await import("~/models/ingest.server");
const { MAX_BIGINT, MAX_INT, MAX_TEXT, MAX_EMAIL } = await import("~/core/storage-limits");

const order = (over: Partial<NormalizedOrder> = {}): NormalizedOrder => ({
  id: "1",
  name: "#1",
  customerId: null,
  email: null,
  currency: "EUR",
  totalMinor: 1000n,
  refundedMinor: 0n,
  financialStatus: "paid",
  cancelledAt: null,
  processedAt: new Date("2026-01-01T10:00:00Z"),
  createdAt: null,
  updatedAt: null,
  sourceName: null,
  refunds: [],
  ...over,
});
const customer = (over: Partial<NormalizedCustomer> = {}): NormalizedCustomer => ({
  id: "c1",
  email: null,
  firstName: null,
  lastName: null,
  createdAt: null,
  updatedAt: null,
  ...over,
});

let shopId: string;
beforeEach(async () => {
  await db.shop.deleteMany({});
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: "limits.myshopify.com", name: "L", currency: "EUR", timezone: "UTC" },
    })
  ).id;
});

describe(`what the columns hold (${testDatabaseKind()})`, () => {
  it("stores and reads back the largest values the checks let through", async () => {
    const long = "é".repeat(MAX_TEXT); // 510 bytes in UTF-8
    const email = `${"a".repeat(MAX_EMAIL - 12)}@example.com`;
    const edge = order({
      id: "9".repeat(MAX_TEXT),
      name: long,
      customerId: "7".repeat(MAX_TEXT),
      email,
      totalMinor: MAX_BIGINT,
      refundedMinor: MAX_BIGINT,
      sourceName: long,
      processedAt: new Date("9999-12-31T23:59:59.999Z"),
    });
    expect(await upsertOrders(db, shopId, [edge])).toEqual({ written: 1, skippedStale: 0, rejected: [] });
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: edge.id } } });
    expect(row).toMatchObject({ name: long, email, totalMinor: MAX_BIGINT, netPaidMinor: 0n, sourceName: long });
    expect(row.processedAt.toISOString()).toBe("9999-12-31T23:59:59.999Z");
    const c = customer({ firstName: long, ordersCount: MAX_INT, totalSpentMinor: MAX_BIGINT, currency: "EUR" });
    expect(await upsertCustomers(db, shopId, [c])).toMatchObject({ written: 1, rejected: [] });
    expect(await db.customer.findFirstOrThrow({ where: { shopId } })).toMatchObject({
      ordersCount: MAX_INT,
      totalSpentMinor: MAX_BIGINT,
    });
  });

  it("refuses one step beyond each bound with its reason, and writes the rest of the batch", async () => {
    const result = await upsertOrders(db, shopId, [
      order({ id: "big", totalMinor: MAX_BIGINT + 1n }),
      order({ id: "x".repeat(MAX_TEXT + 1) }),
      order({ id: "nul", email: "a\u0000@example.com" }),
      order({ id: "year", processedAt: new Date("+010000-01-01T00:00:00Z") }),
      order({
        id: "refund",
        refunds: [
          {
            id: "r",
            orderId: "refund",
            amountMinor: MAX_BIGINT + 1n,
            currency: "EUR",
            processedAt: new Date("2026-01-02T00:00:00Z"),
          },
        ],
      }),
      order({ id: "fine" }),
    ]);
    expect(result.written).toBe(1);
    expect(result.rejected.map((r) => r.reason)).toEqual([
      "total 92233720368547758.08 EUR is more than can be stored (the database holds at most 92233720368547758.07 EUR)",
      "id is longer than 255 characters",
      "e-mail contains a NUL character, which the database cannot store",
      "processed at is outside the years 1 to 9999",
      "refund r 92233720368547758.08 EUR is more than can be stored (the database holds at most 92233720368547758.07 EUR)",
    ]);
    const customers = await upsertCustomers(db, shopId, [
      customer({ id: "n", ordersCount: MAX_INT + 1 }),
      customer({ id: "s", totalSpentMinor: MAX_BIGINT + 1n, currency: "EUR" }),
      customer({ id: "ok" }),
    ]);
    expect(customers.written).toBe(1);
    expect(customers.rejected.map((r) => r.reason)).toEqual([
      "order count is more than the database can hold (at most 2147483647)",
      "amount spent 92233720368547758.08 EUR is more than can be stored (the database holds at most 92233720368547758.07 EUR)",
    ]);
  });
});
