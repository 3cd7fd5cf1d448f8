// The ledger follows signed order webhooks: points for members' paid orders stay pending for
// the approval period, a repeated delivery awards once, refunds take back points pro rata and
// a cancellation takes back what is left.
import { beforeEach, describe, expect, it } from "vitest";
import { customerBody, deliver, orderBody, refundBody, SHOP, useLoyaltyApp } from "./setup";

const { db, routes, resetShop } = await useLoyaltyApp();
const { balanceFor, ledgerFor } = await import("~/models/loyalty-ledger.server");

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
let shopId: string;
beforeEach(async () => {
  shopId = (await resetShop()).id;
});

async function join(customerId: string, email = `c${customerId}@example.com`, at = new Date(Date.now() - 2 * HOUR)) {
  await deliver(routes.customersCreate, "customers/create", customerBody(customerId, email, at));
}
// Entries as [kind, points], in a fixed order (a refund's entry is dated at the refund, so date order varies).
const RANK = ["signup", "earn_order", "referral", "redeem", "adjust", "reverse_refund", "reverse_cancel"];
const kinds = async (customerId: string) =>
  (await ledgerFor(db, shopId, customerId))
    .sort((a, b) => RANK.indexOf(a.kind) - RANK.indexOf(b.kind) || a.key.localeCompare(b.key))
    .map((e) => [e.kind, e.points]);

describe("earning from order webhooks", () => {
  it("opens an account with the sign-up bonus on customers/create", async () => {
    await join("100");
    expect(await kinds("100")).toEqual([["signup", 50]]);
    expect(await balanceFor(db, shopId, "100")).toMatchObject({ available: 50, pending: 0 });
  });

  it("earns points on a paid order that stay pending for the 30-day approval period", async () => {
    // GIVEN a member WHEN their €100.00 order is paid
    await join("100");
    const processedAt = new Date(Date.now() - HOUR);
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "1001", customerId: "100", total: "100.00", processedAt }),
    );
    // THEN 100 points are pending until 30 days after the order
    const earn = (await ledgerFor(db, shopId, "100")).find((e) => e.kind === "earn_order");
    expect(earn).toMatchObject({ points: 100, orderId: "1001" });
    expect(earn?.availableAt.getTime()).toBe(processedAt.getTime() + 30 * DAY);
    expect(await balanceFor(db, shopId, "100")).toMatchObject({ available: 50, pending: 100 });
    expect(await balanceFor(db, shopId, "100", new Date(processedAt.getTime() + 30 * DAY))).toMatchObject({
      available: 150,
      pending: 0,
    });
  });

  it("awards once when the same order webhook is delivered twice, or the order is re-sent as orders/updated", async () => {
    await join("100");
    const body = orderBody({ id: "1002", customerId: "100", total: "40.00", processedAt: new Date(Date.now() - HOUR) });
    await deliver(routes.ordersCreate, "orders/create", body, { eventId: "evt-1" });
    await deliver(routes.ordersCreate, "orders/create", body, { eventId: "evt-1" }); // Shopify's retry
    await deliver(routes.ordersUpdated, "orders/updated", {
      ...body,
      updated_at: new Date(Date.now() + 1000).toISOString(),
    }); // a new event
    expect(await kinds("100")).toEqual([
      ["signup", 50],
      ["earn_order", 40],
    ]);
  });

  it("awards nothing to a customer without a loyalty account, nor for an unpaid order", async () => {
    await deliver(routes.ordersCreate, "orders/create", orderBody({ id: "1003", customerId: "200", total: "80.00" }));
    expect(await db.loyaltyEntry.count({ where: { shopId, customerId: "200" } })).toBe(0);
    await join("100");
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({
        id: "1004",
        customerId: "100",
        total: "80.00",
        processedAt: new Date(Date.now() - HOUR),
        financialStatus: "pending",
      }),
    );
    expect(await kinds("100")).toEqual([["signup", 50]]);
  });

  it("awards nothing for orders placed before the customer joined (no retroactive points)", async () => {
    await join("100", "c100@example.com", new Date(Date.now() - HOUR));
    await deliver(
      routes.ordersUpdated,
      "orders/updated",
      orderBody({ id: "1005", customerId: "100", total: "80.00", processedAt: new Date(Date.now() - 400 * DAY) }),
    );
    expect(await kinds("100")).toEqual([["signup", 50]]);
  });

  it("catches up an order that arrived before customers/create", async () => {
    const joined = new Date(Date.now() - 2 * HOUR);
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "1006", customerId: "100", total: "25.00", processedAt: new Date(joined.getTime() + 1000) }),
    );
    await join("100", "c100@example.com", joined);
    expect(await kinds("100")).toEqual([
      ["signup", 50],
      ["earn_order", 25],
    ]);
  });
});

describe("reversals", () => {
  it("takes back points pro rata for partial refunds, cumulatively, and once per refund", async () => {
    // GIVEN a member with 100 points earned on a €100.00 order
    await join("100");
    const processedAt = new Date(Date.now() - HOUR);
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "2001", customerId: "100", total: "100.00", processedAt }),
    );
    // WHEN €25.00 is refunded (twice delivered), then €12.50
    const r1 = refundBody("2001", { id: "9001", amount: "25.00", at: new Date(Date.now() - 30 * 60_000) });
    await deliver(routes.refundsCreate, "refunds/create", r1, { eventId: "refund-evt" });
    await deliver(routes.refundsCreate, "refunds/create", r1, { eventId: "refund-evt" });
    await deliver(
      routes.refundsCreate,
      "refunds/create",
      refundBody("2001", { id: "9002", amount: "12.50", at: new Date(Date.now() - 20 * 60_000) }),
    );
    // THEN 25 and then 13 points (round(100 × 37.5 / 100) − 25, half up) are taken back
    expect(await kinds("100")).toEqual([
      ["signup", 50],
      ["earn_order", 100],
      ["reverse_refund", -25],
      ["reverse_refund", -13],
    ]);
    expect(await balanceFor(db, shopId, "100")).toMatchObject({ available: 50, pending: 62 });
    // AND the order update carrying the same refunds adds nothing
    await deliver(
      routes.ordersUpdated,
      "orders/updated",
      orderBody({
        id: "2001",
        customerId: "100",
        total: "100.00",
        processedAt,
        financialStatus: "partially_refunded",
        refunds: [
          { id: "9001", amount: "25.00", at: new Date(Date.now() - 30 * 60_000) },
          { id: "9002", amount: "12.50", at: new Date(Date.now() - 20 * 60_000) },
        ],
      }),
    );
    expect((await kinds("100")).length).toBe(4);
  });

  it("takes back what is left of an order's points when it is cancelled", async () => {
    await join("100");
    const processedAt = new Date(Date.now() - HOUR);
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "2002", customerId: "100", total: "60.00", processedAt }),
    );
    await deliver(
      routes.refundsCreate,
      "refunds/create",
      refundBody("2002", { id: "9003", amount: "10.00", at: new Date(Date.now() - 30 * 60_000) }),
    );
    await deliver(
      routes.ordersCancelled,
      "orders/cancelled",
      orderBody({
        id: "2002",
        customerId: "100",
        total: "60.00",
        processedAt,
        financialStatus: "partially_refunded",
        cancelledAt: new Date(),
        refunds: [{ id: "9003", amount: "10.00", at: new Date(Date.now() - 30 * 60_000) }],
      }),
    );
    expect(await kinds("100")).toEqual([
      ["signup", 50],
      ["earn_order", 60],
      ["reverse_refund", -10],
      ["reverse_cancel", -50],
    ]);
    expect(await balanceFor(db, shopId, "100")).toMatchObject({ available: 50, pending: 0 });
  });

  it("earns at the tier multiplier of the customer's spend in the 12 months before the order", async () => {
    // GIVEN a member who spent €600 (Silver, ×1.25) in the last year
    await join("100", "c100@example.com", new Date(Date.now() - 100 * DAY));
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "3001", customerId: "100", total: "600.00", processedAt: new Date(Date.now() - 50 * DAY) }),
    );
    // WHEN they order €100.00
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "3002", customerId: "100", total: "100.00", processedAt: new Date(Date.now() - HOUR) }),
    );
    // THEN that order earns 125 points
    expect(await kinds("100")).toEqual([
      ["signup", 50],
      ["earn_order", 600],
      ["earn_order", 125],
    ]);
  });
});

void SHOP;
