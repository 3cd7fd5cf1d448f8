// The customer account UI extension's API: the session token Shopify gives the extension
// (HS256, signed with the app secret) is the only source of the shop and the shopper.
import crypto from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { TEST_API_KEY, TEST_API_SECRET } from "../helpers/app-env";
import { OTHER_SHOP, SHOP, useLoyaltyApp } from "./setup";

const { db, resetShop } = await useLoyaltyApp();
const route = await import("~/routes/api.customer-account.loyalty");

function token(claims: Record<string, unknown>, secret = TEST_API_SECRET) {
  const now = Math.floor(Date.now() / 1000);
  const enc = (v: object) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const body = `${enc({ alg: "HS256", typ: "JWT" })}.${enc({ iss: `https://${SHOP}/admin`, dest: `https://${SHOP}`, aud: TEST_API_KEY, exp: now + 60, nbf: now - 5, iat: now, jti: crypto.randomUUID(), ...claims })}`;
  return `${body}.${crypto.createHmac("sha256", secret).update(body).digest("base64url")}`;
}

const request = (bearer: string | null, method = "GET", body?: string, query = "customerId=999") =>
  new Request(`https://retention.test/api/customer-account/loyalty?${query}`, {
    method,
    body,
    headers: {
      Origin: "https://extensions.shopifycdn.com",
      "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
    },
  });

async function call(req: Request) {
  try {
    return await (req.method === "GET" ? route.loader : route.action)({ request: req, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const join = (sub = "gid://shopify/Customer/42", body = '{"join":true}') => call(request(token({ sub }), "POST", body));
const accounts = async () => {
  const shop = await db.shop.findFirstOrThrow({ where: { domain: SHOP } });
  return db.loyaltyAccount.findMany({ where: { shopId: shop.id }, select: { customerId: true } });
};
const entries = async (customerId: string) => {
  const shop = await db.shop.findFirstOrThrow({ where: { domain: SHOP } });
  return db.loyaltyEntry.findMany({ where: { shopId: shop.id, customerId }, select: { kind: true, points: true } });
};

beforeEach(async () => {
  await resetShop(SHOP);
  await resetShop(OTHER_SHOP);
});

describe("customer account extension API", () => {
  it("a read answers the profile from the token's shop and customer, with CORS headers, and enrols nobody; a customerId in the query is ignored", async () => {
    const res = await call(request(token({ sub: "gid://shopify/Customer/42" })));
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(await res.json()).toMatchObject({
      loggedIn: true,
      member: false,
      points: null,
      incentive: expect.any(String),
    });
    // Reading again, as the profile block and the page both do, still enrols nobody.
    expect((await call(request(token({ sub: "gid://shopify/Customer/42" })))).status).toBe(200);
    expect(await accounts()).toEqual([]);
    expect(await db.loyaltyAccount.count({ where: { customerId: "999" } })).toBe(0);
  });

  it("a join request enrols the token's customer once, with one sign-up bonus; joining twice is joining once", async () => {
    const first = await join();
    expect(first.status).toBe(200);
    expect(first.headers.get("access-control-allow-origin")).toBe("*");
    const body = await first.json();
    expect(body).toMatchObject({ loggedIn: true, member: true, points: { available: 50, pending: 0 } });
    const again = await join();
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ member: true, points: { available: 50, pending: 0 } });
    expect(await accounts()).toEqual([{ customerId: "42" }]);
    expect(await entries("42")).toEqual([{ kind: "signup", points: 50 }]);
    // A read after joining shows the member.
    const read = await call(request(token({ sub: "gid://shopify/Customer/42" })));
    expect(await read.json()).toMatchObject({ member: true, points: { available: 50 } });
    expect(await db.loyaltyAccount.count({ where: { customerId: "999" } })).toBe(0);
  });

  it("a POST that is not an explicit join request enrols nobody", async () => {
    for (const body of ["", "{}", '{"join":false}', '{"join":"yes"}', "not json"]) {
      const res = await join("gid://shopify/Customer/43", body);
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: "Invalid request." });
    }
    expect(await accounts()).toEqual([]);
  });

  it("answers in the buyer's language the extension sends (nl), else the shop's", async () => {
    const dutch = await call(request(token({}), "GET", undefined, "locale=nl"));
    expect(dutch.status).toBe(401);
    expect(await dutch.json()).toEqual({ error: "Log eerst in op je account." });
    const english = await call(request(token({}), "GET", undefined, "locale=de"));
    expect(await english.json()).toEqual({ error: "Please log in to your account first." });
    const joined = await call(
      request(token({ sub: "gid://shopify/Customer/44" }), "POST", '{"join":true}', "locale=nl-NL"),
    );
    expect(await joined.json()).toMatchObject({ member: true, tier: "Lid" });
  });

  it("refuses a missing or forged token with 401 and touches no data", async () => {
    expect((await call(request(null))).status).toBe(401);
    expect((await call(request(token({ sub: "gid://shopify/Customer/42" }, "not-the-secret")))).status).toBe(401);
    expect(await db.loyaltyAccount.count()).toBe(0);
  });

  it("answers 401 without a signed-in customer and 404 for a shop that is not installed", async () => {
    const anonymous = await call(request(token({})));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: "Please log in to your account first." });
    const unknown = await call(
      request(token({ dest: "https://nobody.myshopify.com", sub: "gid://shopify/Customer/42" })),
    );
    expect(unknown.status).toBe(404);
  });

  it("answers the browser's CORS preflight", async () => {
    const res = await route
      .action({ request: request(null, "OPTIONS"), params: {}, context: {} })
      .catch((r: Response) => r);
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
  });
});
