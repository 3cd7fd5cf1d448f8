// App-proxy security: every request is verified by Shopify's signature (app/core/signed-query.ts,
// checked against the real library's verifier in tests/woocommerce/signed-query.test.ts), no
// parameter may appear twice, the shop comes only from the signed `shop` parameter, and the
// shopper only from the signed `logged_in_customer_id`.
import { beforeEach, describe, expect, it } from "vitest";
import { signQuery } from "~/core/signed-query";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { TEST_API_SECRET, TEST_APP_URL } from "../helpers/app-env";
import { OTHER_SHOP, SHOP, useLoyaltyApp } from "./setup";

const { db, routes, resetShop } = await useLoyaltyApp();
const me = (req: Request) => callRoute(routes.me.loader, req);
const join = (shop: string, customerId: string) =>
  callRoute(routes.join.action, proxyRequest("/api/join", { shop, customerId, body: {} }));

let shopId: string;
beforeEach(async () => {
  shopId = (await resetShop()).id;
});

describe("app-proxy signature", () => {
  it("answers a correctly signed request", async () => {
    const res = await me(proxyRequest("/api/me", { shop: SHOP }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ loggedIn: false, points: null });
  });

  it("refuses a request signed with another secret with 401 and a JSON error", async () => {
    const res = await me(proxyRequest("/api/me", { shop: SHOP, customerId: "1", secret: "forged-secret" }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    expect(await db.loyaltyAccount.count({ where: { shopId } })).toBe(0);
  });

  it("refuses a request without a signature", async () => {
    const res = await me(proxyRequest("/api/me", { shop: SHOP, customerId: "1", omitSignature: true }));
    expect(res.status).toBe(401);
  });

  it("refuses a validly signed request whose customer id was changed after signing", async () => {
    // GIVEN a request signed for customer 1 WHEN an attacker swaps in customer 2
    const req = proxyRequest("/api/me", {
      shop: SHOP,
      customerId: "1",
      tamper: (p) => p.set("logged_in_customer_id", "2"),
    });
    // THEN the signature no longer matches
    expect((await me(req)).status).toBe(401);
  });

  it("refuses a correctly signed request whose timestamp is older than 90 seconds (replay)", async () => {
    // A timestamp may be 90 s off, as Shopify's own verifier allows (HMAC_TIMESTAMP_PERMITTED_CLOCK_TOLERANCE_SEC).
    const now = Math.floor(Date.now() / 1000);
    expect((await me(proxyRequest("/api/me", { shop: SHOP, timestamp: now - 60 }))).status).toBe(200);
    expect((await me(proxyRequest("/api/me", { shop: SHOP, timestamp: now - 120 }))).status).toBe(401);
    expect((await me(proxyRequest("/api/me", { shop: SHOP, timestamp: now + 120 }))).status).toBe(401);
  });

  it("refuses a request carrying logged_in_customer_id twice, though signed as Shopify signs it", async () => {
    // GIVEN a guest who adds ?logged_in_customer_id=7 to the storefront URL: Shopify's proxy
    // appends its own (empty) one and signs both, joined as "7," in its canonical string
    const params = new URLSearchParams([
      ["logged_in_customer_id", "7"],
      ["shop", SHOP],
      ["path_prefix", "/apps/retention"],
      ["timestamp", String(Math.floor(Date.now() / 1000))],
      ["logged_in_customer_id", ""],
    ]);
    const signed = signQuery(params, TEST_API_SECRET);
    // WHEN the request arrives
    const res = await me(new Request(`${TEST_APP_URL}/proxy/api/me?${signed}`));
    // THEN it is refused, and customer 7's account is neither opened nor shown
    expect(res.status).toBe(401);
    expect(await db.loyaltyAccount.count({ where: { shopId } })).toBe(0);
  });

  it("refuses any signed parameter given twice", async () => {
    const params = new URLSearchParams([
      ["shop", SHOP],
      ["shop", SHOP],
      ["logged_in_customer_id", ""],
      ["path_prefix", "/apps/retention"],
      ["timestamp", String(Math.floor(Date.now() / 1000))],
    ]);
    const res = await me(new Request(`${TEST_APP_URL}/proxy/api/me?${signQuery(params, TEST_API_SECRET)}`));
    expect(res.status).toBe(401);
  });

  it("answers 404 JSON for a validly signed request from a shop that never installed the app", async () => {
    const res = await me(proxyRequest("/api/me", { shop: "stranger.myshopify.com", customerId: "1" }));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it("answers 404 JSON for an uninstalled shop", async () => {
    await db.shop.update({ where: { id: shopId }, data: { installState: "uninstalled", uninstalledAt: new Date() } });
    const res = await me(proxyRequest("/api/me", { shop: SHOP, customerId: "1" }));
    expect(res.status).toBe(404);
  });
});

describe("shopper identity", () => {
  it("takes the shopper only from logged_in_customer_id, ignoring a customerId in the query or body", async () => {
    // GIVEN customer 7 with a balance and customer 8 without one (both joined)
    await join(SHOP, "7");
    await join(SHOP, "8");
    await db.loyaltyEntry.create({
      data: {
        shopId,
        key: "adjust:7",
        customerId: "7",
        kind: "adjust",
        points: 900,
        createdAt: new Date(),
        availableAt: new Date(),
      },
    });
    // WHEN customer 8 asks, naming customer 7 in the (signed) query
    const res = await me(
      proxyRequest("/api/me", { shop: SHOP, customerId: "8", extraQuery: { customerId: "7", customer_id: "7" } }),
    );
    // THEN they see their own account, not customer 7's
    const body = await res.json();
    expect(body.points.available).toBe(50); // the sign-up bonus only
    // AND a redemption naming customer 7 in the body spends customer 8's points (too few), not 7's
    const redeem = await callRoute(
      routes.redeem.action,
      proxyRequest("/api/redeem", { shop: SHOP, customerId: "8", body: { rewardId: "five-off", customerId: "7" } }),
    );
    expect(redeem.status).toBe(409);
    expect((await db.loyaltyEntry.findMany({ where: { shopId, kind: "redeem" } })).length).toBe(0);
  });

  it("treats a request without logged_in_customer_id as a guest, who cannot redeem", async () => {
    const res = await callRoute(
      routes.redeem.action,
      proxyRequest("/api/redeem", { shop: SHOP, body: { rewardId: "five-off" } }),
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: expect.any(String) });
  });

  it("never shows shop A's points to the same customer id at shop B", async () => {
    // GIVEN customer 5 with 900 extra points at shop A, and shop B installed too
    await join(SHOP, "5");
    await db.loyaltyEntry.create({
      data: {
        shopId,
        key: "adjust:5",
        customerId: "5",
        kind: "adjust",
        points: 900,
        createdAt: new Date(),
        availableAt: new Date(),
      },
    });
    const other = await resetShop(OTHER_SHOP, { loyalty: { signupBonus: 0 } });
    // WHEN customer 5 (same id: ids are per shop) asks shop B
    const res = await me(proxyRequest("/api/me", { shop: OTHER_SHOP, customerId: "5" }));
    // THEN shop B shows no membership and no points of shop A
    expect(await res.json()).toMatchObject({ loggedIn: true, member: false, points: null });
    expect((await (await join(OTHER_SHOP, "5")).json()).points).toEqual({ available: 0, pending: 0 });
    expect(await db.loyaltyEntry.count({ where: { shopId: other.id } })).toBe(0);
    // AND shop A still has its own
    expect((await (await me(proxyRequest("/api/me", { shop: SHOP, customerId: "5" }))).json()).points.available).toBe(
      950,
    );
  });

  it("returns the member shape the storefront script expects", async () => {
    await join(SHOP, "42");
    const body = await (await me(proxyRequest("/api/me", { shop: SHOP, customerId: "42" }))).json();
    expect(body).toEqual({
      loggedIn: true,
      member: true,
      points: { available: 50, pending: 0 },
      tier: "Member",
      // The default Member tier's benefits, as the Loyalty page's "Benefits shown to customers" holds them.
      tierBenefits: "1 point per €1 spent",
      rewards: [
        { id: "five-off", title: "€5 off", points: 500 },
        { id: "ten-percent", title: "10% off", points: 1000 },
        { id: "free-shipping", title: "Free shipping", points: 300 },
      ],
      referralUrl: expect.stringMatching(new RegExp(`^https://${SHOP}/\\?ref=[0-9A-Z]{10}$`)),
      incentive: null,
      codes: [],
    });
    // Joining again opens no second account and gives no second bonus.
    await join(SHOP, "42");
    expect(await db.loyaltyEntry.count({ where: { shopId, customerId: "42" } })).toBe(1);
  });
});
