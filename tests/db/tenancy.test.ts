// Every model function takes a shop and touches that shop's rows only: shop A can never
// read or change shop B's rows, even where both use the same platform ids.
import { beforeAll, describe, expect, it } from "vitest";
import { customerDataExport, redactCustomer } from "~/models/compliance.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { loadOrderFacts, refreshAnalyticsSnapshot, readDashboardSnapshot } from "~/models/analytics-snapshot.server";
import { shopOverview } from "~/models/overview.server";
import { recordRefund } from "~/models/refunds.server";
import { saveSettingsForm } from "~/models/settings-form.server";
import { syncStatus } from "~/models/sync-status.server";
import type { NormalizedOrder } from "~/core/records";
import { deriveSecretKey } from "~/core/secret-box";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();
let A: string;
let B: string;

const order = (id: string, customerId: string, euros: number): NormalizedOrder => ({
  id,
  name: null,
  customerId,
  email: `${customerId}@example.nl`,
  currency: "EUR",
  totalMinor: BigInt(euros * 100),
  refundedMinor: 0n,
  financialStatus: "paid",
  cancelledAt: null,
  processedAt: new Date("2026-02-01T10:00:00Z"),
  createdAt: null,
  updatedAt: new Date("2026-02-01T10:00:00Z"),
  sourceName: null,
  refunds: [],
});

beforeAll(async () => {
  const mk = (domain: string) =>
    db.shop.create({ data: { platform: "shopify", domain, name: domain, currency: "EUR", timezone: "UTC" } });
  A = (await mk("a.myshopify.com")).id;
  B = (await mk("b.myshopify.com")).id;
  // The same ids in both shops.
  for (const [shop, euros] of [
    [A, 10],
    [B, 99],
  ] as const) {
    await upsertCustomers(db, shop, [
      { id: "1", email: "1@example.nl", firstName: shop, lastName: null, createdAt: null, updatedAt: null },
    ]);
    await upsertOrders(db, shop, [order("100", "1", euros), order("101", "1", euros)]);
  }
  await db.webhookEvent.create({
    data: { shopId: B, eventId: "e1", topic: "orders/create", status: "failed", error: "B's failure" },
  });
});

describe(`tenancy (${testDatabaseKind()})`, () => {
  it("reads only the asking shop's rows: overview, order facts, data export, sync status", async () => {
    expect((await shopOverview(db, A)).netRevenueMinor).toBe(2000);
    expect((await loadOrderFacts(db, A)).map((f) => f.totalMinor)).toEqual([1000, 1000]);
    const exportA = await customerDataExport(db, A, { customerId: "1", email: "1@example.nl" });
    expect(exportA.orders.every((o) => o.shopId === A)).toBe(true);
    expect(exportA.customers.map((c) => c.firstName)).toEqual([A]);
    expect((await syncStatus(db, A)).failedWebhooks).toEqual([]);
  });

  it("computes and reads snapshots per shop", async () => {
    await refreshAnalyticsSnapshot(db, A, new Date("2026-03-01T00:00:00Z"));
    expect((await readDashboardSnapshot(db, A))?.analysis.customers).toBe(1);
    expect(await readDashboardSnapshot(db, B)).toBeNull();
  });

  it("changes only the asking shop's rows: refunds, settings, redaction", async () => {
    await recordRefund(db, A, {
      id: "r1",
      orderId: "100",
      amountMinor: 500n,
      currency: "EUR",
      processedAt: new Date("2026-02-02T00:00:00Z"),
    });
    const bOrder = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: B, id: "100" } } });
    expect(bOrder.refundedMinor).toBe(0n);
    const f = new FormData();
    for (const [k, v] of Object.entries({
      inactiveAfterDays: "30",
      activeWindowDays: "365",
      loyalMinOrders: "3",
      cacSpend: "",
      cacNewCustomers: "",
      currency: "EUR",
      timezone: "UTC",
      locale: "nl",
    }))
      f.set(k, v);
    await saveSettingsForm(db, A, f);
    expect((await db.shop.findUniqueOrThrow({ where: { id: B } })).locale).toBe("en");
    await redactCustomer(
      db,
      A,
      { customerId: "1", email: "1@example.nl" },
      { tombstoneKey: deriveSecretKey("test-key-material", "erasure-tombstones") },
    );
    expect(await db.order.count({ where: { shopId: A } })).toBe(0);
    expect(await db.order.count({ where: { shopId: B } })).toBe(2);
    expect(await db.customer.count({ where: { shopId: B } })).toBe(1);
  });
});
