// Install through the real auth path: an admin request with Shopify's session token and no
// stored session makes authenticate.admin exchange the token (against the fake), store the
// offline session with Prisma, and run the after-auth hook that creates the shop.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { routeShopifyToFake } from "../fakes/route-shopify-to-fake";
import { startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv({ BACKFILL_POLL_MS: "20" });
await import("~/shopify.server");
const dashboard = await import("~/routes/app._index");
const { getJobQueue } = await import("~/jobs/queue.server");

const SHOP = "new-install.myshopify.com";
let fake: FakeShopifyAdmin;
beforeAll(async () => {
  fake = await startFakeShopifyAdmin({
    shop: SHOP,
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    shopName: "Nieuwe Winkel",
    currency: "EUR",
  });
  routeShopifyToFake(fake.url);
});
afterAll(async () => {
  await (await getJobQueue()).close();
  await fake.close();
});

const adminRequest = (token: string) =>
  new Request(`${TEST_APP_URL}/app`, { headers: { authorization: `Bearer ${token}` } });

async function load(request: Request) {
  try {
    return await dashboard.loader({ request, params: {}, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

describe("install by token exchange", () => {
  it("refuses an admin request whose session token is signed with another secret", async () => {
    const res = await load(adminRequest(signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: "forged" })));
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(401);
    expect(await db.session.count()).toBe(0);
    expect(fake.state.tokenExchanges).toEqual([]);
  });

  it("exchanges a valid session token for an offline token, stores the session, creates the shop and starts the backfill", async () => {
    const data = await load(
      adminRequest(signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })),
    );
    expect(data).not.toBeInstanceOf(Response);
    expect(fake.state.tokenExchanges).toEqual(["urn:shopify:params:oauth:token-type:offline-access-token"]);
    const session = await db.session.findUniqueOrThrow({ where: { id: `offline_${SHOP}` } });
    expect(session.accessToken).toBe(fake.accessToken);
    const shop = await db.shop.findFirstOrThrow({ where: { domain: SHOP } });
    expect(shop).toMatchObject({ name: "Nieuwe Winkel", currency: "EUR", installState: "installed" });
    // The history backfill started by itself and finishes through the job queue.
    await (await getJobQueue()).drain();
    expect(
      (await db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId: shop.id, kind: "backfill" } } })).status,
    ).toBe("completed");
  });

  it("loads a second admin request from the stored session without another token exchange", async () => {
    const data = await load(
      adminRequest(signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })),
    );
    expect(data).not.toBeInstanceOf(Response);
    expect(fake.state.tokenExchanges).toHaveLength(1);
  });
});
