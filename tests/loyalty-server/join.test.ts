// Joining the loyalty program is the shopper's own choice: reading the profile (GET /api/me)
// enrols nobody; POST /api/join opens the account once, with the sign-up bonus, however often
// or concurrently it is sent; guests and non-members cannot join or redeem.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { SHOP, useLoyaltyApp } from "./setup";

const { db, routes, resetShop } = await useLoyaltyApp();
const me = async (customerId: string | null) =>
  (await callRoute(routes.me.loader, proxyRequest("/api/me", { shop: SHOP, customerId }))) as Response;
const join = async (customerId: string | null, body: unknown = {}) =>
  (await callRoute(routes.join.action, proxyRequest("/api/join", { shop: SHOP, customerId, body }))) as Response;

let shopId: string;
beforeEach(async () => {
  shopId = (await resetShop()).id;
});

describe("joining the rewards programme", () => {
  it("GET /api/me offers a signed-in non-member the choice to join and writes nothing", async () => {
    const res = await me("301");
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      loggedIn: true,
      member: false,
      points: null,
      referralUrl: null,
      incentive: "Join our rewards programme and get 50 points.",
    });
    expect(await db.loyaltyAccount.count({ where: { shopId } })).toBe(0);
    expect(await db.loyaltyEntry.count({ where: { shopId } })).toBe(0);
  });

  it("POST /api/join opens the account with the 50-point sign-up bonus and answers the member profile", async () => {
    const res = await join("302");
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ loggedIn: true, member: true, points: { available: 50, pending: 0 } });
    expect(body.referralUrl).toMatch(new RegExp(`^https://${SHOP}/\\?ref=[0-9A-Z]{10}$`));
    expect(await (await me("302")).json()).toMatchObject({ member: true, points: { available: 50 } });
  });

  it("gives one account and one bonus for repeated and concurrent joins", async () => {
    const answers = await Promise.all([join("303"), join("303"), join("303"), join("303")]);
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    await join("303");
    expect(await db.loyaltyAccount.count({ where: { shopId, customerId: "303" } })).toBe(1);
    expect(
      await db.loyaltyEntry.findMany({ where: { shopId, customerId: "303" }, select: { kind: true, points: true } }),
    ).toEqual([{ kind: "signup", points: 50 }]);
  });

  it("refuses a guest (401) and a body that is not JSON (400), and enrols nobody", async () => {
    const guest = await join(null);
    expect(guest.status).toBe(401);
    expect(await guest.json()).toEqual({ error: expect.stringContaining("log in") });
    expect((await join("304", "not json")).status).toBe(400);
    expect(await db.loyaltyAccount.count({ where: { shopId } })).toBe(0);
  });

  it("a shopper who has not joined cannot redeem (409) and is not enrolled by trying", async () => {
    const res = (await callRoute(
      routes.redeem.action,
      proxyRequest("/api/redeem", { shop: SHOP, customerId: "305", body: { rewardId: "five-off" } }),
    )) as Response;
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: "Join the rewards programme first." });
    expect(await db.loyaltyAccount.count({ where: { shopId } })).toBe(0);
  });
});
