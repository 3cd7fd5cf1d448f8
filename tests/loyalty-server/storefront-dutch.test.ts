// A Dutch shopper (issue #16): a Dutch shop's storefront API answers with the default tiers and rewards in
// Dutch and with Dutch errors; a signed ?locale= asks for a language explicitly; an English shop is unchanged.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { customerBody, deliver, SHOP, useLoyaltyApp } from "./setup";

const { db, routes, resetShop } = await useLoyaltyApp();

let shopId: string;
beforeEach(async () => {
  shopId = (await resetShop()).id;
});
const dutchShop = () => db.shop.update({ where: { id: shopId }, data: { locale: "nl" } });
const json = async (res: unknown) => (res as Response).json();
const plain = (s: string) => s.replace(/\u00a0/g, " ");

describe("storefront API in the shopper's language", () => {
  it("shows a guest of a Dutch shop the default rewards and the sign-up incentive in Dutch", async () => {
    await dutchShop();
    const body = await json(
      await callRoute(routes.me.loader, proxyRequest("/api/me", { shop: SHOP, customerId: null })),
    );
    expect(body.rewards.map((r: { title: string }) => plain(r.title))).toEqual([
      "€ 5 korting",
      "10% korting",
      "Gratis verzending",
    ]);
    expect(body.incentive).toBe("Maak een gratis account aan en krijg 50 punten.");
  });

  it("shows a member of a Dutch shop their default tier in Dutch", async () => {
    await dutchShop();
    await deliver(routes.customersCreate, "customers/create", customerBody("1000", "lid@example.com"));
    const body = await json(
      await callRoute(routes.me.loader, proxyRequest("/api/me", { shop: SHOP, customerId: "1000" })),
    );
    expect(JSON.stringify(body.tier)).toContain("Lid");
    expect(body.rewards.map((r: { title: string }) => plain(r.title))).toContain("€ 5 korting");
  });

  it("answers a Dutch shop's shopper with Dutch errors (validation, refusal, not logged in)", async () => {
    await dutchShop();
    const redeem = (customerId: string | null, body: unknown) =>
      callRoute(routes.redeem.action, proxyRequest("/api/redeem", { shop: SHOP, customerId, body }));
    expect(await json(await redeem("1000", {}))).toEqual({ error: "Kies een beloning." });
    expect(await json(await redeem(null, { rewardId: "five-off" }))).toEqual({ error: "Log eerst in op je account." });
    // Not a member yet: joining is the shopper's choice (or their sign-up, below).
    expect(await json(await redeem("1000", { rewardId: "five-off" }))).toEqual({
      error: "Doe eerst mee met het spaarprogramma.",
    });
    await deliver(routes.customersCreate, "customers/create", customerBody("1000", "lid@example.com"));
    const poor = await redeem("1000", { rewardId: "five-off" });
    expect((poor as Response).status).toBe(409);
    expect(await json(poor)).toMatchObject({ error: "Niet genoeg punten: deze beloning kost 500, je hebt er 50." });
    const nps = await callRoute(
      routes.nps.action,
      proxyRequest("/api/nps", { shop: SHOP, customerId: "1000", body: { score: 11 } }),
    );
    expect(await json(nps)).toEqual({ error: "Het cijfer moet van 0 tot en met 10 zijn." });
  });

  it("keeps English for an English shop, and a signed ?locale=nl asks for Dutch there", async () => {
    const redeem = (extraQuery?: Record<string, string>) =>
      callRoute(
        routes.redeem.action,
        proxyRequest("/api/redeem", { shop: SHOP, customerId: "1000", body: {}, extraQuery }),
      );
    expect(await json(await redeem())).toEqual({ error: "Choose a reward." });
    expect(await json(await redeem({ locale: "nl-NL" }))).toEqual({ error: "Kies een beloning." });
  });
});
