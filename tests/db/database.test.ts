import { describe, expect, it } from "vitest";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();

describe(`database (${testDatabaseKind()})`, () => {
  it("stores a Shopify order id above 2^53 and money as exact integer minor units", async () => {
    // GIVEN a shop
    const shop = await db.shop.create({
      data: {
        platform: "shopify",
        domain: "big-ids.myshopify.com",
        name: "Big ids",
        currency: "EUR",
        timezone: "Europe/Amsterdam",
      },
    });
    // WHEN an order with an id beyond Number.MAX_SAFE_INTEGER is written
    await db.order.create({
      data: {
        shopId: shop.id,
        id: "820982911946154508",
        currency: "EUR",
        totalMinor: 9_007_199_254_740_993n,
        netPaidMinor: 1999n,
        financialStatus: "paid",
        processedAt: new Date("2026-01-01T00:00:00Z"),
      },
    });
    // THEN it reads back digit for digit
    const order = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shop.id, id: "820982911946154508" } },
    });
    expect(order.id).toBe("820982911946154508");
    expect(order.totalMinor).toBe(9_007_199_254_740_993n);
    expect(order.netPaidMinor).toBe(1999n);
  });
});
