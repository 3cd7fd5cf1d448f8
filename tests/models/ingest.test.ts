import { beforeEach, describe, expect, it } from "vitest";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import type { NormalizedCustomer, NormalizedOrder } from "~/core/records";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();

const order = (id: string, over: Partial<NormalizedOrder> = {}): NormalizedOrder => ({
  id,
  name: `#${id}`,
  customerId: "c1",
  email: "anna@example.nl",
  currency: "EUR",
  totalMinor: 5000n,
  refundedMinor: 0n,
  financialStatus: "paid",
  cancelledAt: null,
  processedAt: new Date("2026-03-01T10:00:00.123Z"),
  createdAt: new Date("2026-03-01T10:00:00Z"),
  updatedAt: new Date("2026-03-01T10:00:00Z"),
  sourceName: "web",
  refunds: [],
  ...over,
});
const customer = (id: string, over: Partial<NormalizedCustomer> = {}): NormalizedCustomer => ({
  id,
  email: `${id}@example.nl`,
  firstName: "Anna",
  lastName: "de Vries",
  ordersCount: 1,
  totalSpentMinor: 5000n,
  currency: "EUR",
  tags: ["vip"],
  marketingConsent: "granted",
  createdAt: new Date("2026-01-01T00:00:00Z"),
  updatedAt: new Date("2026-03-01T00:00:00Z"),
  ...over,
});

let shopA: string;
let shopB: string;
beforeEach(async () => {
  await db.shop.deleteMany({});
  const mk = (domain: string) =>
    db.shop.create({
      data: { platform: "shopify", domain, name: domain, currency: "EUR", timezone: "Europe/Amsterdam" },
    });
  shopA = (await mk("a.myshopify.com")).id;
  shopB = (await mk("b.myshopify.com")).id;
});

describe(`ingest model (${testDatabaseKind()})`, () => {
  it("writes orders with raw SQL that the Prisma client reads back field for field", async () => {
    const o = order("9007199254740993", {
      refundedMinor: 1250n,
      financialStatus: "partially_refunded",
      cancelledAt: null,
      refunds: [
        {
          id: "r1",
          orderId: "9007199254740993",
          amountMinor: 1250n,
          currency: "EUR",
          processedAt: new Date("2026-03-02T08:00:00Z"),
        },
      ],
    });
    expect(await upsertOrders(db, shopA, [o])).toEqual({ written: 1, skippedStale: 0, rejected: [] });
    const row = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId: shopA, id: o.id } },
      include: { refunds: true },
    });
    expect(row).toMatchObject({
      id: "9007199254740993",
      name: "#9007199254740993",
      customerId: "c1",
      email: "anna@example.nl",
      currency: "EUR",
      totalMinor: 5000n,
      refundedMinor: 1250n,
      netPaidMinor: 3750n,
      financialStatus: "partially_refunded",
      cancelledAt: null,
      sourceName: "web",
    });
    expect(row.processedAt.toISOString()).toBe("2026-03-01T10:00:00.123Z");
    expect(row.platformUpdatedAt?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(row.refunds.map((r) => [r.id, r.amountMinor, r.processedAt.toISOString()])).toEqual([
      ["r1", 1250n, "2026-03-02T08:00:00.000Z"],
    ]);
    // Prisma's own date filters see the raw rows (same stored representation).
    expect(
      await db.order.count({ where: { shopId: shopA, processedAt: { gte: new Date("2026-03-01T10:00:00.123Z") } } }),
    ).toBe(1);
    expect(
      await db.order.count({ where: { shopId: shopA, processedAt: { gt: new Date("2026-03-01T10:00:00.123Z") } } }),
    ).toBe(0);
  });

  it("is idempotent: the same batch twice leaves the same rows and reports the second as stale", async () => {
    const batch = [order("1"), order("2"), order("3")];
    await upsertOrders(db, shopA, batch);
    const before = await db.order.findMany({ where: { shopId: shopA }, orderBy: { id: "asc" } });
    expect(await upsertOrders(db, shopA, batch)).toEqual({ written: 0, skippedStale: 3, rejected: [] });
    const after = await db.order.findMany({ where: { shopId: shopA }, orderBy: { id: "asc" } });
    expect(after.map(({ updatedAt: _u, ...r }) => r)).toEqual(before.map(({ updatedAt: _u, ...r }) => r));
  });

  it("takes a version of the same second whose money state changed (a cancellation or refund within the second), not an identical one", async () => {
    const at = new Date("2026-03-05T10:00:00Z");
    await upsertOrders(db, shopA, [order("1", { updatedAt: at, financialStatus: "paid" })]);
    expect(await upsertOrders(db, shopA, [order("1", { updatedAt: at, financialStatus: "paid" })])).toMatchObject({
      written: 0,
      skippedStale: 1,
    });
    const cancelled = order("1", { updatedAt: at, financialStatus: "voided", cancelledAt: at });
    expect(await upsertOrders(db, shopA, [cancelled])).toMatchObject({ written: 1 });
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shopA, id: "1" } } });
    expect([row.financialStatus, row.cancelledAt?.toISOString()]).toEqual(["voided", at.toISOString()]);
    const refunded = order("1", { updatedAt: at, financialStatus: "voided", cancelledAt: at, refundedMinor: 100n });
    expect(await upsertOrders(db, shopA, [refunded])).toMatchObject({ written: 1 });
  });

  it("never lets an older updated_at overwrite a newer one (out-of-order webhooks)", async () => {
    const newer = order("1", {
      updatedAt: new Date("2026-03-05T00:00:00Z"),
      cancelledAt: new Date("2026-03-05T00:00:00Z"),
      financialStatus: "voided",
    });
    const older = order("1", { updatedAt: new Date("2026-03-02T00:00:00Z"), financialStatus: "paid" });
    await upsertOrders(db, shopA, [newer]);
    expect(await upsertOrders(db, shopA, [older])).toMatchObject({ written: 0, skippedStale: 1 });
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shopA, id: "1" } } });
    expect(row.financialStatus).toBe("voided");
    expect(row.cancelledAt?.toISOString()).toBe("2026-03-05T00:00:00.000Z");
    // And a newer one does replace it.
    await upsertOrders(db, shopA, [
      order("1", { updatedAt: new Date("2026-03-06T00:00:00Z"), financialStatus: "refunded", refundedMinor: 5000n }),
    ]);
    expect((await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shopA, id: "1" } } })).netPaidMinor).toBe(
      0n,
    );
  });

  it("refuses an invalid order with its reason and still writes the rest of the batch", async () => {
    const result = await upsertOrders(db, shopA, [
      order("ok1"),
      order("neg", { totalMinor: -1n }),
      order("cur", { currency: "EURO" }),
      order("over", { refundedMinor: 6000n }),
      order("date", { processedAt: new Date("not a date") }),
      order("ok2"),
    ]);
    expect(result.written).toBe(2);
    expect(result.rejected).toEqual([
      { id: "neg", reason: "total is negative" },
      { id: "cur", reason: 'unknown currency "EURO"' },
      { id: "over", reason: "refunded 6000 exceeds the total 5000" },
      { id: "date", reason: "processedAt is not a valid date" },
    ]);
    expect(await db.order.count({ where: { shopId: shopA } })).toBe(2);
  });

  it("upserts customers with the same stale guard", async () => {
    await upsertCustomers(db, shopA, [customer("c1")]);
    await upsertCustomers(db, shopA, [
      customer("c1", { firstName: "Old", updatedAt: new Date("2026-02-01T00:00:00Z") }),
    ]);
    await upsertCustomers(db, shopA, [
      customer("c1", { firstName: "Anne", updatedAt: new Date("2026-04-01T00:00:00Z") }),
    ]);
    const row = await db.customer.findUniqueOrThrow({ where: { shopId_id: { shopId: shopA, id: "c1" } } });
    expect(row).toMatchObject({
      firstName: "Anne",
      email: "c1@example.nl",
      tags: "vip",
      totalSpentMinor: 5000n,
      marketingConsent: "granted",
    });
  });

  it("keeps shops apart: the same platform ids in two shops are two rows, and writing one never touches the other", async () => {
    await upsertOrders(db, shopA, [order("1", { totalMinor: 1000n })]);
    await upsertOrders(db, shopB, [order("1", { totalMinor: 2000n, updatedAt: new Date("2027-01-01T00:00:00Z") })]);
    await upsertCustomers(db, shopB, [customer("c1", { firstName: "B" })]);
    const a = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shopA, id: "1" } } });
    const b = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shopB, id: "1" } } });
    expect([a.totalMinor, b.totalMinor]).toEqual([1000n, 2000n]);
    expect(await db.customer.count({ where: { shopId: shopA } })).toBe(0);
  });

  it("writes a 20,000-order batch in one call (bounded statement size)", async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => order(String(i + 1)));
    const r = await upsertOrders(db, shopA, many);
    expect(r.written).toBe(20_000);
    expect(await db.order.count({ where: { shopId: shopA } })).toBe(20_000);
  });
});
