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

const request = (bearer: string | null, method = "GET") =>
  new Request("https://retention.test/api/customer-account/loyalty?customerId=999", {
    method,
    headers: {
      Origin: "https://extensions.shopifycdn.com",
      "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36",
      ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
    },
  });

async function call(req: Request) {
  try {
    return await route.loader({ request: req, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

beforeEach(async () => {
  await resetShop(SHOP);
  await resetShop(OTHER_SHOP);
});

describe("customer account extension API", () => {
  it("answers a signed-in shopper's points from the token's shop and customer, with CORS headers; a customerId in the query is ignored", async () => {
    const res = await call(request(token({ sub: "gid://shopify/Customer/42" })));
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const body = await res.json();
    expect(body).toMatchObject({ loggedIn: true, points: { available: expect.any(Number), pending: 0 } });
    const shop = await db.shop.findFirstOrThrow({ where: { domain: SHOP } });
    expect(await db.loyaltyAccount.findMany({ where: { shopId: shop.id }, select: { customerId: true } })).toEqual([
      { customerId: "42" },
    ]);
    expect(await db.loyaltyAccount.count({ where: { customerId: "999" } })).toBe(0);
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
