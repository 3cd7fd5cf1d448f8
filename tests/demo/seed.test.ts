import { describe, expect, it } from "vitest";
import { seedDemoShop } from "~/demo/seed.server";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();

describe(`demo shop seed (${testDatabaseKind()})`, () => {
  it("writes the generated shop and is idempotent: a second run changes nothing", async () => {
    const first = await seedDemoShop(db, { customers: 1500 });
    expect(first.skipped).toBe(false);
    const sums = async () => {
      const agg = await db.order.aggregate({
        where: { shopId: first.shopId },
        _sum: { totalMinor: true, refundedMinor: true },
        _count: { _all: true },
      });
      return [
        agg._count._all,
        agg._sum.totalMinor,
        agg._sum.refundedMinor,
        await db.customer.count({ where: { shopId: first.shopId } }),
        await db.refund.count({ where: { shopId: first.shopId } }),
      ];
    };
    const before = await sums();
    expect(before[0]).toBe(first.orders);
    const second = await seedDemoShop(db, { customers: 1500 });
    expect(second.skipped).toBe(true);
    expect(await sums()).toEqual(before);
  });

  it("replaces the data when the options change, leaving no rows of the old run", async () => {
    const small = await seedDemoShop(db, { customers: 300 });
    expect(await db.order.count({ where: { shopId: small.shopId } })).toBe(small.orders);
    expect(await db.customer.count({ where: { shopId: small.shopId } })).toBe(small.customers);
  });
});
