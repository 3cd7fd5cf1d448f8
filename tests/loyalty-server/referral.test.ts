// Referrals: a friend signed in with a referrer's code gets a first-order code only they can
// use; the referrer's points follow the friend's first paid order, once; self-referral is
// refused by customer id and by normalised e-mail, the e-mail as Shopify holds it now.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { customerBody, deliver, orderBody, SHOP, useLoyaltyApp } from "./setup";

const { db, routes, fake, resetShop } = await useLoyaltyApp();
const { ledgerFor } = await import("~/models/loyalty-ledger.server");
const { adminCustomer } = await import("~/demo/admin-records");

/** The customer as Shopify holds it now (what the app asks when a code is claimed). */
function inShopify(customerId: string, email: string | null) {
  const customers = fake.current.state.customers;
  const at = customers.findIndex((c) => c.id === `gid://shopify/Customer/${customerId}`);
  if (at >= 0) customers.splice(at, 1);
  customers.push(adminCustomer({ id: customerId, email } as never));
}

const HOUR = 3_600_000;
const REFERRER = "1000";
const FRIEND = "2000";
let shopId: string;

async function join(customerId: string, email: string) {
  inShopify(customerId, email);
  await deliver(
    routes.customersCreate,
    "customers/create",
    customerBody(customerId, email, new Date(Date.now() - 2 * HOUR)),
  );
  return (await db.loyaltyAccount.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } }))
    .referralCode;
}
const claim = (customerId: string | null, code: unknown) =>
  callRoute(routes.referral.action, proxyRequest("/api/referral", { shop: SHOP, customerId, body: { code } }));
const referrerPoints = async () =>
  (await ledgerFor(db, shopId, REFERRER)).filter((e) => e.kind === "referral").map((e) => e.points);

beforeEach(async () => {
  shopId = (await resetShop()).id;
  fake.current.state.customers.length = 0;
});

describe("referrals", () => {
  it("stores the referral and creates a first-order code that only the friend can use", async () => {
    // GIVEN a referrer's code and a friend who has just signed up
    const code = await join(REFERRER, "ref@example.com");
    await join(FRIEND, "friend@example.com");
    // WHEN the friend claims it (lower case, with a hyphen: as typed)
    const res = await claim(FRIEND, `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`);
    // THEN the friend gets a 10 % code eligible for them only, single use
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ code: expect.stringMatching(/^FR-/) });
    const [d] = fake.current.state.discounts;
    expect(d).toMatchObject({ mutation: "discountCodeBasicCreate", code: body.code });
    expect(d.input).toMatchObject({
      context: { customers: { add: [`gid://shopify/Customer/${FRIEND}`] } },
      usageLimit: 1,
      appliesOncePerCustomer: true,
      customerGets: { value: { percentage: 0.1 } },
    });
    expect(
      await db.loyaltyAccount.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: FRIEND } } }),
    ).toMatchObject({ referredBy: REFERRER });
    expect(await db.rewardCode.findFirstOrThrow({ where: { shopId, customerId: FRIEND } })).toMatchObject({
      kind: "referral-friend",
      status: "active",
    });
    // AND claiming again returns the same code without creating another
    expect(await (await claim(FRIEND, code)).json()).toEqual({ code: body.code });
    expect(fake.current.state.discounts).toHaveLength(1);
  });

  it("refuses self-referral by the same customer", async () => {
    const code = await join(REFERRER, "ref@example.com");
    const res = await claim(REFERRER, code);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ error: expect.stringMatching(/own referral code/) });
    expect(fake.current.state.discounts).toHaveLength(0);
  });

  it("refuses self-referral from a second account with the same normalised e-mail", async () => {
    // GIVEN the referrer's Gmail address and a second account with dots and a +tag
    const code = await join(REFERRER, "jane.doe@gmail.com");
    await join(FRIEND, "JaneDoe+second@googlemail.com");
    const res = await claim(FRIEND, code);
    expect(res.status).toBe(422);
    expect(
      (await db.loyaltyAccount.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: FRIEND } } }))
        .referredBy,
    ).toBeNull();
  });

  it("refuses an unknown code, a guest, and a friend who already bought", async () => {
    const code = await join(REFERRER, "ref@example.com");
    expect((await claim(FRIEND, "ZZZZZZZZZZ")).status).toBe(404);
    expect((await claim(FRIEND, "")).status).toBe(400);
    expect((await claim(null, code)).status).toBe(401);
    await join(FRIEND, "friend@example.com");
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "5001", customerId: FRIEND, total: "30.00", processedAt: new Date(Date.now() - HOUR) }),
    );
    expect((await claim(FRIEND, code)).status).toBe(409);
    expect(fake.current.state.discounts).toHaveLength(0);
  });

  it("rewards the referrer once, after the friend's first paid order, pending like order points", async () => {
    // GIVEN a friend who claimed a referrer's code
    const code = await join(REFERRER, "ref@example.com");
    await join(FRIEND, "friend@example.com");
    expect((await claim(FRIEND, code)).status).toBe(200);
    // WHEN the friend's first order is placed but not paid yet: nothing
    const processedAt = new Date(Date.now() + 1000);
    const first = orderBody({
      id: "6001",
      customerId: FRIEND,
      total: "50.00",
      processedAt,
      financialStatus: "pending",
    });
    await deliver(routes.ordersCreate, "orders/create", first);
    expect(await referrerPoints()).toEqual([]);
    // WHEN it is paid (delivered twice), and a second order is paid later
    const paid = { ...first, financial_status: "paid", updated_at: new Date(Date.now() + 2000).toISOString() };
    await deliver(routes.ordersUpdated, "orders/updated", paid, { eventId: "paid-1" });
    await deliver(routes.ordersUpdated, "orders/updated", {
      ...paid,
      updated_at: new Date(Date.now() + 3000).toISOString(),
    });
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "6002", customerId: FRIEND, total: "80.00", processedAt: new Date(Date.now() + 5000) }),
    );
    // THEN the referrer has 500 points, once, pending until the approval period of that order ends
    const rewards = (await ledgerFor(db, shopId, REFERRER)).filter((e) => e.kind === "referral");
    expect(rewards).toHaveLength(1);
    expect(rewards[0]).toMatchObject({ points: 500, orderId: "6001", key: `referral:${FRIEND}` });
    expect(rewards[0].availableAt.getTime()).toBe(processedAt.getTime() + 30 * 24 * HOUR);
    // AND the friend earned their own points too
    expect((await ledgerFor(db, shopId, FRIEND)).filter((e) => e.kind === "earn_order").map((e) => e.points)).toEqual([
      50, 80,
    ]);
  });

  it("takes the referrer's reward back when the qualifying order is cancelled", async () => {
    const code = await join(REFERRER, "ref@example.com");
    await join(FRIEND, "friend@example.com");
    await claim(FRIEND, code);
    const processedAt = new Date(Date.now() + 1000);
    await deliver(
      routes.ordersCreate,
      "orders/create",
      orderBody({ id: "7001", customerId: FRIEND, total: "50.00", processedAt }),
    );
    await deliver(
      routes.ordersCancelled,
      "orders/cancelled",
      orderBody({
        id: "7001",
        customerId: FRIEND,
        total: "50.00",
        processedAt,
        cancelledAt: new Date(Date.now() + 2000),
        updatedAt: new Date(Date.now() + 2000),
      }),
    );
    expect(await referrerPoints()).toEqual([500]);
    const reversal = (await ledgerFor(db, shopId, REFERRER)).filter((e) => e.key === `referral:${FRIEND}:reverse`);
    expect(reversal.map((e) => e.points)).toEqual([-500]);
  });

  it("refuses self-referral when the app's copy of the e-mail predates Shopify's (+tag twin)", async () => {
    // GIVEN the referrer, and a second account whose loyalty account opened on the storefront
    // before Shopify sent its customer record: the app holds no e-mail for it
    const code = await join(REFERRER, "jane@example.com");
    await callRoute(routes.join.action, proxyRequest("/api/join", { shop: SHOP, customerId: FRIEND, body: {} }));
    inShopify(FRIEND, "Jane+second@example.com");
    // WHEN the second account claims the referrer's code
    const res = await claim(FRIEND, code);
    // THEN Shopify's current address gives it away
    expect(res.status).toBe(422);
    expect(fake.current.state.discounts).toHaveLength(0);
    const account = await db.loyaltyAccount.findUniqueOrThrow({
      where: { shopId_customerId: { shopId, customerId: FRIEND } },
    });
    expect(account).toMatchObject({ referredBy: null, email: "jane+second@example.com" });
  });

  it("refuses self-referral when the shopper changed their e-mail in Shopify since the app stored it", async () => {
    const code = await join(REFERRER, "jane.doe@gmail.com");
    await join(FRIEND, "someone.else@example.com");
    inShopify(FRIEND, "janedoe+2@googlemail.com");
    expect((await claim(FRIEND, code)).status).toBe(422);
    expect(fake.current.state.discounts).toHaveLength(0);
  });

  it("claims nothing while Shopify cannot say who the shopper is now", async () => {
    const code = await join(REFERRER, "ref@example.com");
    await join(FRIEND, "friend@example.com");
    fake.current.control.failNext(3, 503);
    const res = await claim(FRIEND, code);
    expect(res.status).toBe(503);
    expect(
      (await db.loyaltyAccount.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId: FRIEND } } }))
        .referredBy,
    ).toBeNull();
    expect(fake.current.state.discounts).toHaveLength(0);
  });
});
