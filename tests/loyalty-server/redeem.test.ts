// Redeeming points: the code is created in Shopify (the fake Admin API validates each
// mutation against the 2025-04 schema), the points are spent exactly once even under
// concurrent requests, and given back when Shopify refuses the code.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { SHOP, useLoyaltyApp } from "./setup";

const { db, routes, fake, resetShop } = await useLoyaltyApp();
const { balanceFor } = await import("~/models/loyalty-ledger.server");

const none = { order: false, product: false, shipping: false };
const PROGRAM = {
  rewards: [
    {
      id: "five-off",
      name: "€5 off",
      pointsCost: 500,
      type: "fixed_amount",
      value: 500,
      minimumOrderMinor: 0,
      combinesWith: none,
    },
    {
      id: "ten-percent",
      name: "10% off",
      pointsCost: 1000,
      type: "percentage",
      value: 10,
      minimumOrderMinor: 2000,
      combinesWith: { order: false, product: true, shipping: true },
    },
    {
      id: "free-shipping",
      name: "Free shipping",
      pointsCost: 300,
      type: "free_shipping",
      value: 0,
      minimumOrderMinor: 0,
      combinesWith: none,
    },
  ],
};
const CUSTOMER = "555";
let shopId: string;

/** A member with `extra` points on top of the 50-point sign-up bonus. */
async function member(extra: number) {
  await callRoute(routes.join.action, proxyRequest("/api/join", { shop: SHOP, customerId: CUSTOMER, body: {} }));
  const now = new Date();
  await db.loyaltyEntry.create({
    data: {
      shopId,
      key: `adjust:test:${extra}`,
      customerId: CUSTOMER,
      kind: "adjust",
      points: extra,
      createdAt: now,
      availableAt: now,
    },
  });
}
const redeem = (rewardId: unknown, customerId = CUSTOMER) =>
  callRoute(routes.redeem.action, proxyRequest("/api/redeem", { shop: SHOP, customerId, body: { rewardId } }));

beforeEach(async () => {
  shopId = (await resetShop(SHOP, { loyalty: PROGRAM })).id;
});

describe("redeeming a reward", () => {
  it("creates a single-use fixed-amount code for the customer only, and spends the points", async () => {
    await member(500);
    const res = await redeem("five-off");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({ code: expect.stringMatching(/^RW-[A-Z0-9]{10}$/), points: { available: 50, pending: 0 } });
    expect(fake.current.state.rejected).toEqual([]);
    expect(fake.current.state.discounts).toHaveLength(1);
    const [d] = fake.current.state.discounts;
    expect(d.mutation).toBe("discountCodeBasicCreate");
    expect(d.input).toMatchObject({
      code: body.code,
      context: { customers: { add: [`gid://shopify/Customer/${CUSTOMER}`] } },
      usageLimit: 1,
      appliesOncePerCustomer: true,
      combinesWith: { orderDiscounts: false, productDiscounts: false, shippingDiscounts: false },
      customerGets: { value: { discountAmount: { amount: "5.00", appliesOnEachItem: false } }, items: { all: true } },
    });
    const code = await db.rewardCode.findUniqueOrThrow({ where: { shopId_code: { shopId, code: body.code } } });
    expect(code).toMatchObject({
      customerId: CUSTOMER,
      kind: "reward",
      rewardId: "five-off",
      status: "active",
      discountId: d.id,
    });
  });

  it("sends a percentage reward as discountCodeBasicCreate with a fraction, its minimum and its combinesWith setting", async () => {
    await member(1000);
    expect((await redeem("ten-percent")).status).toBe(200);
    const [d] = fake.current.state.discounts;
    expect(d.mutation).toBe("discountCodeBasicCreate");
    expect(d.input).toMatchObject({
      customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      minimumRequirement: { subtotal: { greaterThanOrEqualToSubtotal: "20.00" } },
      combinesWith: { orderDiscounts: false, productDiscounts: true, shippingDiscounts: true },
    });
  });

  it("sends a free-shipping reward as discountCodeFreeShippingCreate", async () => {
    await member(300);
    expect((await redeem("free-shipping")).status).toBe(200);
    const [d] = fake.current.state.discounts;
    expect(d.mutation).toBe("discountCodeFreeShippingCreate");
    expect(d.input).toMatchObject({
      destination: { all: true },
      usageLimit: 1,
      appliesOncePerCustomer: true,
      context: { customers: { add: [`gid://shopify/Customer/${CUSTOMER}`] } },
    });
    expect(fake.current.state.requests.at(-1)?.query).toContain("mutation LoyaltyDiscountCodeFreeShippingCreate");
  });

  it("spends the points once when two redemptions race and the balance covers one", async () => {
    // GIVEN 550 points, enough for one €5 reward (500)
    await member(500);
    // WHEN two redemptions arrive at the same time
    const [a, b] = await Promise.all([redeem("five-off"), redeem("five-off")]);
    // THEN exactly one succeeds and the other is refused for lack of points
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const refused = a.status === 409 ? a : b;
    expect(await refused.json()).toMatchObject({ error: expect.stringMatching(/not enough points/i) });
    expect(await db.loyaltyEntry.count({ where: { shopId, customerId: CUSTOMER, kind: "redeem" } })).toBe(1);
    expect(await db.rewardCode.count({ where: { shopId, customerId: CUSTOMER } })).toBe(1);
    expect(fake.current.state.discounts).toHaveLength(1);
    expect(await balanceFor(db, shopId, CUSTOMER)).toMatchObject({ available: 50 });
  });

  it("spends the points once when five redemptions race", async () => {
    await member(500);
    const results = await Promise.all(Array.from({ length: 5 }, () => redeem("five-off")));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409, 409]);
    expect(await db.loyaltyEntry.count({ where: { shopId, customerId: CUSTOMER, kind: "redeem" } })).toBe(1);
    expect(fake.current.state.discounts).toHaveLength(1);
  });

  it("makes a redemption wait for another transaction holding the account lock, then read the new balance", async () => {
    // GIVEN 550 points and a concurrent writer that holds the account lock while it spends them all
    await member(500);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const writer = db.$transaction(
      async (tx) => {
        await tx.loyaltyAccount.update({
          where: { shopId_customerId: { shopId, customerId: CUSTOMER } },
          data: { version: { increment: 1 } },
        });
        await held;
        const now = new Date();
        await tx.loyaltyEntry.create({
          data: {
            shopId,
            key: "adjust:spend-all",
            customerId: CUSTOMER,
            kind: "adjust",
            points: -550,
            createdAt: now,
            availableAt: now,
          },
        });
      },
      { timeout: 10_000 },
    );
    await new Promise((r) => setTimeout(r, 50));
    // WHEN a redemption arrives while the lock is held (released 300 ms later)
    const pending = redeem("five-off");
    setTimeout(release, 300);
    const [res] = await Promise.all([pending, writer]);
    // THEN it saw the writer's spend and was refused: the points were not spent twice
    expect(res.status).toBe(409);
    expect(fake.current.state.discounts).toHaveLength(0);
    expect(await balanceFor(db, shopId, CUSTOMER)).toMatchObject({ available: 0 });
  });

  it("gives the points back and shows Shopify's message when the Admin API answers with userErrors", async () => {
    await member(500);
    fake.current.control.discountUserErrorsNext([
      {
        field: ["basicCodeDiscount", "code"],
        message: "Code must be unique. Please try a different code.",
        code: "TAKEN",
      },
    ]);
    const res = await redeem("five-off");
    expect(res.status).toBe(502);
    expect(await res.json()).toEqual({
      error: expect.stringContaining("Code must be unique"),
      points: { available: 550, pending: 0 },
    });
    // The spend stays on record, netted out by a compensating entry; the code is marked failed.
    const entries = await db.loyaltyEntry.findMany({
      where: { shopId, customerId: CUSTOMER, kind: { in: ["redeem", "adjust"] } },
      orderBy: { key: "asc" },
    });
    expect(entries.map((e) => e.points).sort((x, y) => x - y)).toEqual([-500, 500, 500]);
    const [code] = await db.rewardCode.findMany({ where: { shopId, customerId: CUSTOMER } });
    expect(code).toMatchObject({ status: "failed", error: expect.stringContaining("Code must be unique") });
    expect(await balanceFor(db, shopId, CUSTOMER)).toMatchObject({ available: 550 });
    // AND a retry works
    expect((await redeem("five-off")).status).toBe(200);
  });

  it("refuses a redemption without enough points, creating nothing", async () => {
    await member(100);
    const res = await redeem("five-off");
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: expect.any(String), points: { available: 150, pending: 0 } });
    expect(fake.current.state.discounts).toHaveLength(0);
    expect(await db.rewardCode.count({ where: { shopId } })).toBe(0);
  });

  it("validates the request: unknown reward 404, malformed reward id or body 400", async () => {
    await member(1000);
    expect((await redeem("no-such-reward")).status).toBe(404);
    const bad = await redeem("<script>");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: expect.any(String) });
    expect((await redeem(undefined)).status).toBe(400);
    const notJson = await callRoute(
      routes.redeem.action,
      proxyRequest("/api/redeem", { shop: SHOP, customerId: CUSTOMER, body: "{nope" }),
    );
    expect(notJson.status).toBe(400);
    expect(await db.loyaltyEntry.count({ where: { shopId, kind: "redeem" } })).toBe(0);
  });
});

describe("redemptions interrupted before Shopify answered", () => {
  /** What a redemption leaves when the process dies right after its commit: points spent, code pending. */
  async function interrupted(code: string) {
    await member(500);
    const at = new Date(Date.now() - 20 * 60_000);
    await db.loyaltyEntry.create({
      data: {
        shopId,
        key: `redeem:${code}`,
        customerId: CUSTOMER,
        kind: "redeem",
        points: -500,
        createdAt: at,
        availableAt: at,
        rewardId: "five-off",
      },
    });
    await db.rewardCode.create({
      data: {
        shopId,
        code,
        customerId: CUSTOMER,
        kind: "reward",
        rewardId: "five-off",
        entryKey: `redeem:${code}`,
        status: "pending",
        createdAt: at,
      },
    });
  }
  const settle = async () => {
    const { settlePendingRewardCodes } = await import("~/workflows/reward-recovery.server");
    const { shopifyRewardIssuer } = await import("~/workflows/reward-issuer.server");
    const { unauthenticated } = await import("~/shopify.server");
    const { admin } = await unauthenticated.admin(SHOP);
    return settlePendingRewardCodes(db, shopId, shopifyRewardIssuer(admin.graphql as never));
  };

  it("activates a pending code that Shopify did create, keeping the points spent", async () => {
    await interrupted("RW-CREATEDOK1");
    fake.current.state.discounts.push({
      id: "gid://shopify/DiscountCodeNode/77",
      mutation: "discountCodeBasicCreate",
      code: "RW-CREATEDOK1",
      input: {},
    });
    expect(await settle()).toEqual({ activated: 1, restored: 0 });
    expect(
      await db.rewardCode.findUniqueOrThrow({ where: { shopId_code: { shopId, code: "RW-CREATEDOK1" } } }),
    ).toMatchObject({ status: "active", discountId: "gid://shopify/DiscountCodeNode/77" });
    expect((await balanceFor(db, shopId, CUSTOMER)).available).toBe(50);
  });

  it("gives the points back, once, for a pending code Shopify never created", async () => {
    await interrupted("RW-NEVERMADE1");
    expect(await settle()).toEqual({ activated: 0, restored: 1 });
    expect(await settle()).toEqual({ activated: 0, restored: 0 }); // settled codes are not looked at again
    expect(
      await db.rewardCode.findUniqueOrThrow({ where: { shopId_code: { shopId, code: "RW-NEVERMADE1" } } }),
    ).toMatchObject({ status: "failed" });
    expect((await balanceFor(db, shopId, CUSTOMER)).available).toBe(550);
    expect(fake.current.state.rejected).toEqual([]);
  });

  it("leaves a redemption that is still within its grace period alone", async () => {
    await member(500);
    await db.rewardCode.create({
      data: { shopId, code: "RW-INFLIGHT01", customerId: CUSTOMER, kind: "reward", status: "pending" },
    });
    expect(await settle()).toEqual({ activated: 0, restored: 0 });
  });
});
