// A delivery is done only once its work has committed. A process that died in between leaves
// its event row "received"; Shopify's retry of that delivery must store it (not answer
// "duplicate delivery" for an order that was never written), and the idempotent work must not
// award points twice when it runs again. (tests/crash/ kills a real process at these points.)
import { beforeEach, describe, expect, it } from "vitest";
import { customerBody, deliver, orderBody, useLoyaltyApp } from "../loyalty-server/setup";

const { db, routes, resetShop } = await useLoyaltyApp();
const { claimDelivery } = await import("~/models/webhook-events.server");

const HOUR = 3_600_000;
let shopId: string;
beforeEach(async () => {
  shopId = (await resetShop()).id;
  // A loyalty member: their orders write ledger entries, which must never be doubled.
  await deliver(
    routes.customersCreate,
    "customers/create",
    customerBody("100", "m@example.com", new Date(Date.now() - 2 * HOUR)),
  );
});

const body = (id: string) =>
  orderBody({ id, customerId: "100", total: "40.00", processedAt: new Date(Date.now() - HOUR) });
const earned = async (orderId: string) => db.loyaltyEntry.count({ where: { shopId, orderId, kind: "earn_order" } });

describe("a delivery counts as done only after its work", () => {
  it("stores a delivery whose first attempt died right after its event row was written, on Shopify's retry", async () => {
    // GIVEN the row a process killed before the work leaves behind
    expect(await claimDelivery(db, shopId, "ORDERS_CREATE:evt-died", "ORDERS_CREATE")).toBe("new");
    // WHEN Shopify retries the delivery
    const res = await deliver(routes.ordersCreate, "orders/create", body("2001"), { eventId: "evt-died" });
    // THEN it is stored, not taken for a duplicate
    expect(await res.text()).not.toMatch(/duplicate/);
    expect(await db.order.count({ where: { shopId, id: "2001" } })).toBe(1);
    expect(await earned("2001")).toBe(1);
    const event = await db.webhookEvent.findUniqueOrThrow({
      where: { shopId_eventId: { shopId, eventId: "ORDERS_CREATE:evt-died" } },
    });
    expect(event.status).toBe("processed");
  });

  it("runs the work again when the first attempt died after writing but before marking it done, awarding once", async () => {
    // GIVEN a delivery whose work committed, and a process killed before the row said so
    await deliver(routes.ordersCreate, "orders/create", body("2002"), { eventId: "evt-half" });
    await db.webhookEvent.updateMany({
      where: { shopId, eventId: "ORDERS_CREATE:evt-half" },
      data: { status: "received" },
    });
    // WHEN Shopify retries it
    await deliver(routes.ordersCreate, "orders/create", body("2002"), { eventId: "evt-half" });
    // THEN one order, one earning, and the delivery is done
    expect(await db.order.count({ where: { shopId, id: "2002" } })).toBe(1);
    expect(await earned("2002")).toBe(1);
    expect(await db.webhookEvent.count({ where: { shopId, status: "received" } })).toBe(0);
  });

  it("answers a delivery already done as a duplicate without running its work again", async () => {
    await deliver(routes.ordersCreate, "orders/create", body("2003"), { eventId: "evt-done" });
    await db.order.delete({ where: { shopId_id: { shopId, id: "2003" } } }); // the work would bring it back
    const res = await deliver(routes.ordersCreate, "orders/create", body("2003"), { eventId: "evt-done" });
    expect(await res.text()).toBe("duplicate delivery");
    expect(await db.order.count({ where: { shopId, id: "2003" } })).toBe(0);
  });

  it("two copies of one delivery arriving at once are both answered 200 and stored once, with points once", async () => {
    const copies = await Promise.all(
      [0, 1, 2].map(() => deliver(routes.ordersCreate, "orders/create", body("2004"), { eventId: "evt-twice" })),
    );
    expect(copies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await db.order.count({ where: { shopId, id: "2004" } })).toBe(1);
    expect(await earned("2004")).toBe(1);
    expect(await db.webhookEvent.count({ where: { shopId, eventId: "ORDERS_CREATE:evt-twice" } })).toBe(1);
  });
});
