// The admin's first load after an install. Remix runs the layout loader (/app) and the page's
// loader side by side; with no stored session each exchanges the session token, and the library
// runs the afterAuth hook (which creates the shop) for one of them only: the others go on at
// once. They used to look the shop up before it existed and answer 500. Now an admin request
// that comes first creates the shop itself, and the one backfill is asked for exactly once,
// however the page loads and the hook interleave.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { routeShopifyToFake } from "../fakes/route-shopify-to-fake";
import { startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv({ BACKFILL_POLL_MS: "20" });
await import("~/shopify.server");
const layout = await import("~/routes/app");
const dashboard = await import("~/routes/app._index");
const syncPage = await import("~/routes/app.sync");
const settingsPage = await import("~/routes/app.settings");
const { getJobQueue } = await import("~/jobs/queue.server");
const { JOBS } = await import("~/jobs/enqueue.server");
const { onShopInstalled } = await import("~/workflows/install.server");

let fake: FakeShopifyAdmin;
beforeAll(async () => {
  fake = await startFakeShopifyAdmin({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    shopName: "Eerste Winkel",
    currency: "EUR",
  });
  routeShopifyToFake(fake.url);
});
afterAll(async () => {
  await (await getJobQueue()).close();
  await fake.close();
});

type Loader = (args: { request: Request; params: Record<string, string>; context: object }) => Promise<unknown>;
const token = (shop: string) => signSessionToken({ shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET });
/** A loader's answer as the browser gets it: 200 for data, the status of a thrown Response, 500 for an error. */
async function statusOf(loader: Loader, path: string, shop: string, sessionToken = token(shop)) {
  const request = new Request(`${TEST_APP_URL}${path}`, { headers: { authorization: `Bearer ${sessionToken}` } });
  try {
    const data = await loader({ request, params: {}, context: {} });
    return data instanceof Response ? data.status : 200;
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : 500;
  }
}
const customersBulkRuns = () => fake.state.bulkOperations.filter((op) => op.query.startsWith("{ customers")).length;

let backfillEnqueues: string[];
beforeEach(async () => {
  backfillEnqueues = [];
  const queue = await getJobQueue();
  const enqueue = queue.enqueue.bind(queue);
  const spy = vi.spyOn(queue, "enqueue").mockImplementation(async (name, payload, opts) => {
    if (name === JOBS.startBackfill) backfillEnqueues.push(opts.shopId);
    return enqueue(name, payload, opts);
  });
  return () => spy.mockRestore();
});

async function expectOneBackfill(domain: string, bulkRunsBefore: number) {
  const shop = await db.shop.findFirstOrThrow({ where: { domain } });
  expect(backfillEnqueues).toEqual([shop.id]);
  await (await getJobQueue()).drain();
  expect(customersBulkRuns() - bulkRunsBefore).toBe(1);
  const backfill = await db.syncState.findUniqueOrThrow({
    where: { shopId_kind: { shopId: shop.id, kind: "backfill" } },
  });
  expect(backfill.status).toBe("completed");
  return shop;
}

describe("the first admin load after an install", () => {
  it("answers 200 on /app, the dashboard, the sync and the settings page loaded at once on a brand-new shop, with one backfill", async () => {
    // GIVEN a shop that just installed: no session and no shop row yet
    const domain = "first-load.myshopify.com";
    const bulkRunsBefore = customersBulkRuns();
    // WHEN the admin opens: App Bridge sends one session token with every loader of the first
    // page, and a second page is opened at once
    const sessionToken = token(domain);
    const statuses = await Promise.all([
      statusOf(layout.loader as Loader, "/app", domain, sessionToken),
      statusOf(dashboard.loader as Loader, "/app", domain, sessionToken),
      statusOf(syncPage.loader as Loader, "/app/sync", domain, sessionToken),
      statusOf(settingsPage.loader as Loader, "/app/settings", domain, sessionToken),
    ]);
    // THEN every one renders, the shop exists with what Shopify says about it, and one backfill ran
    expect(statuses).toEqual([200, 200, 200, 200]);
    const shop = await expectOneBackfill(domain, bulkRunsBefore);
    expect(shop).toMatchObject({ name: "Eerste Winkel", currency: "EUR", installState: "installed" });
  });

  it("creates the shop when the session is stored but afterAuth never ran, and a later afterAuth queues no second backfill", async () => {
    // GIVEN an offline session stored for the shop (the token exchange happened) but no shop row:
    // the hook failed, or ran for another request that has not got that far
    const domain = "hook-later.myshopify.com";
    await db.session.create({
      data: { id: `offline_${domain}`, shop: domain, state: "", isOnline: false, accessToken: fake.accessToken },
    });
    const bulkRunsBefore = customersBulkRuns();
    // WHEN the merchant opens two admin pages
    expect(
      await Promise.all([
        statusOf(syncPage.loader as Loader, "/app/sync", domain),
        statusOf(dashboard.loader as Loader, "/app", domain),
      ]),
    ).toEqual([200, 200]);
    // AND the install hook runs afterwards
    const { unauthenticated } = await import("~/shopify.server");
    const { admin } = await unauthenticated.admin(domain);
    await onShopInstalled(db, domain, admin.graphql);
    // THEN there is one shop and one backfill
    expect(await db.shop.count({ where: { domain } })).toBe(1);
    await expectOneBackfill(domain, bulkRunsBefore);
  });

  it("queues one backfill when the install hook and an admin page create the same shop at the same moment", async () => {
    const domain = "racing.myshopify.com";
    await db.session.create({
      data: { id: `offline_${domain}`, shop: domain, state: "", isOnline: false, accessToken: fake.accessToken },
    });
    const bulkRunsBefore = customersBulkRuns();
    const { unauthenticated } = await import("~/shopify.server");
    const { admin } = await unauthenticated.admin(domain);
    const [, , status] = await Promise.all([
      onShopInstalled(db, domain, admin.graphql),
      onShopInstalled(db, domain, admin.graphql),
      statusOf(dashboard.loader as Loader, "/app", domain),
    ]);
    expect(status).toBe(200);
    await expectOneBackfill(domain, bulkRunsBefore);
  });
});
