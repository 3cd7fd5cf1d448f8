// Retry on a failed history import (the dashboard's and Sync status page's button): through the
// route behind authenticate.admin, a Shopify shop's backfill starts over against the fake Admin
// API and completes through the job queue; the failure's words are gone from the dashboard.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { routeShopifyToFake } from "../fakes/route-shopify-to-fake";
import { startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv({ BACKFILL_POLL_MS: "20" });
await import("~/shopify.server");
const retry = await import("~/routes/app.sync.retry");
const dashboard = await import("~/routes/app._index");
const { getJobQueue } = await import("~/jobs/queue.server");
const { ACCESS_SCOPES } = await import("~/shopify-scopes");

const SHOP = "retry-import.myshopify.com";
let fake: FakeShopifyAdmin;
let shopId: string;
const auth = () => ({
  authorization: `Bearer ${signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
});

beforeAll(async () => {
  fake = await startFakeShopifyAdmin({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET });
  routeShopifyToFake(fake.url);
  await db.session.create({
    data: {
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      isOnline: false,
      accessToken: fake.accessToken,
      scope: ACCESS_SCOPES.join(","),
    },
  });
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: SHOP, name: "Retry", currency: "EUR", timezone: "Europe/Amsterdam" },
    })
  ).id;
  // GIVEN an import that stopped: Shopify refused the bulk operation
  await db.syncState.create({
    data: {
      shopId,
      kind: "backfill",
      status: "failed",
      error: "Shopify bulk operation failed (ACCESS_DENIED) during the orders phase",
      processed: 120,
      finishedAt: new Date(),
    },
  });
});
afterAll(async () => {
  await (await getJobQueue()).close();
  await fake.close();
});

describe("Retry a failed history import", () => {
  it("the dashboard shows the failure, and Retry restarts the backfill, which completes", async () => {
    const before = (await dashboard.loader({
      request: new Request(`${TEST_APP_URL}/app`, { headers: auth() }),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof dashboard.loader>>;
    expect(before.setup?.sync).toMatchObject({ status: "failed", error: expect.stringContaining("ACCESS_DENIED") });

    // WHEN the merchant clicks Retry
    const res = await retry.action({
      request: new Request(`${TEST_APP_URL}/app/sync/retry`, { method: "POST", headers: auth() }),
      params: {},
      context: {},
    });
    expect(res).toEqual({ result: "queued" });
    // THEN the import runs again from the start and finishes through the job queue
    await (await getJobQueue()).drain();
    const state = await db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId, kind: "backfill" } } });
    expect(state).toMatchObject({ status: "completed", error: null });
    const after = (await dashboard.loader({
      request: new Request(`${TEST_APP_URL}/app`, { headers: auth() }),
      params: {},
      context: {},
    })) as Awaited<ReturnType<typeof dashboard.loader>>;
    expect(after.setup?.sync.status).toBe("completed");
  });

  it("refuses a GET (a link or prefetch never restarts an import)", async () => {
    const res = retry.loader();
    expect(res.status).toBe(405);
  });
});
