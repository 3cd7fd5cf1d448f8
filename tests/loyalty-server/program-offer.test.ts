// GET /apps/retention/api/program through the signed app proxy: the storefront's numbers come
// from the merchant's saved program (not the defaults), and a signed-in shopper's spend over the
// last year is measured towards the next tier by hand-made orders. Reading it enrols nobody.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { SHOP, useLoyaltyApp } from "./setup";

const { db, resetShop } = await useLoyaltyApp();
const route = await import("~/routes/proxy.api.program");
const { defaultProgram } = await import("~/loyalty");

const DAY = 86_400_000;
let shopId: string;

beforeEach(async () => {
  const program = defaultProgram();
  program.pointsPerUnit = 2;
  program.signupBonus = 250;
  program.approvalDays = 14;
  program.referral = { referrerPoints: 750, friendDiscount: { type: "fixed_amount", value: 1250 } };
  shopId = (await resetShop(SHOP, { loyalty: program })).id;
});

async function get(customerId: string | null) {
  const res = (await callRoute(route.loader, proxyRequest("/api/program", { shop: SHOP, customerId }))) as Response;
  expect(res.status).toBe(200);
  return res.json();
}

describe("GET /api/program", () => {
  it("answers the saved program's numbers to a guest, without progress", async () => {
    const body = await get(null);
    expect(body).toMatchObject({
      currency: "EUR",
      pointsPerUnit: 2,
      signupBonus: 250,
      approvalDays: 14,
      referral: { referrerPoints: 750, friendDiscount: { type: "fixed_amount", value: 1250 } },
      progress: null,
    });
    expect(body.rewards.map((r: { points: number }) => r.points)).toEqual(
      defaultProgram().rewards.map((r) => r.pointsCost),
    );
  });

  it("measures a shopper's spend over the last 365 days towards the next tier, net of refunds and cancellations", async () => {
    // GIVEN paid orders of €300 and €150 (one €30 refund) this year, one cancelled and one too old
    const order = (id: string, cents: bigint, daysAgo: number, extra: object = {}) =>
      db.order.create({
        data: {
          shopId,
          id,
          customerId: "501",
          currency: "EUR",
          totalMinor: cents,
          netPaidMinor: cents,
          financialStatus: "paid",
          processedAt: new Date(Date.now() - daysAgo * DAY),
          ...extra,
        },
      });
    await order("o1", 30_000n, 10);
    await order("o2", 15_000n, 100, {
      refundedMinor: 3_000n,
      netPaidMinor: 12_000n,
      financialStatus: "partially_refunded",
    });
    await db.refund.create({
      data: {
        shopId,
        id: "r1",
        orderId: "o2",
        amountMinor: 3_000n,
        currency: "EUR",
        processedAt: new Date(Date.now() - 90 * DAY),
      },
    });
    await order("o3", 99_000n, 20, { cancelledAt: new Date() });
    await order("o4", 99_000n, 400);
    const body = await get("501");
    // 300 + 150 - 30 = €420 of the €500 Silver needs (the default tiers)
    expect(body.progress).toEqual({
      spendMinor: 42_000,
      tier: "Member",
      next: { name: "Silver", minSpendMinor: 50_000 },
    });
    // Reading the program is not joining it.
    expect(await db.loyaltyAccount.count({ where: { shopId } })).toBe(0);
  });
});
