// The Win-back admin page behind authenticate.admin: its figures, the on/off setting, Push now
// and removing the app's tags, through the route module and the job queue, against the fake
// Admin API (documents validated against Shopify's 2026-10 schema).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { routeShopifyToFake } from "../fakes/route-shopify-to-fake";
import { startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { testDatabaseKind } from "../helpers/db";

const { db } = await useAppEnv();
await import("~/shopify.server");
const page = await import("~/routes/app.winback");
const { getJobQueue } = await import("~/jobs/queue.server");

const SHOP = "winback-page.myshopify.com";
let fake: FakeShopifyAdmin;
let shopId: string;

beforeAll(async () => {
  fake = await startFakeShopifyAdmin({
    shop: SHOP,
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    bucket: { maximumAvailable: 100_000, restoreRate: 100_000 },
  });
  routeShopifyToFake(fake.url);
});
afterAll(async () => {
  await (await getJobQueue()).close();
  await fake.close();
});

const auth = () => ({
  authorization: `Bearer ${signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
});
const post = (fields: Record<string, string>) =>
  new Request(`${TEST_APP_URL}/app/winback`, { method: "POST", headers: auth(), body: new URLSearchParams(fields) });
const load = async () =>
  (await page.loader({
    request: new Request(`${TEST_APP_URL}/app/winback`, { headers: auth() }),
    params: {},
    context: {},
  })) as Awaited<ReturnType<typeof page.loader>>;
/** An action's `data(..., { status })` result, as Remix gets it. */
type Rejected = { data: { errors: { form: string } }; init: { status: number } };
const tagsOf = (id: string) => fake.state.customers.find((c) => c.id === `gid://shopify/Customer/${id}`)!.tags;

beforeEach(async () => {
  await db.shop.deleteMany({ where: { domain: SHOP } });
  await db.session.deleteMany({ where: { shop: SHOP } });
  await db.session.create({
    data: {
      id: `offline_${SHOP}`,
      shop: SHOP,
      state: "",
      isOnline: false,
      accessToken: fake.accessToken,
      scope: "read_customers,write_customers",
    },
  });
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: SHOP, name: "Page Shop", currency: "EUR", timezone: "Europe/Amsterdam" },
    })
  ).id;
  fake.state.customers = ["501", "502"].map((id) => ({
    id: `gid://shopify/Customer/${id}`,
    firstName: null,
    lastName: null,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-01T00:00:00Z",
    numberOfOrders: "1",
    amountSpent: { amount: "1.00", currencyCode: "EUR" },
    tags: ["VIP"],
    defaultEmailAddress: null,
  }));
  fake.state.customerMetafields = {};
  fake.state.requests.length = 0;
  const row = (customerKey: string, customerId: string | null, segment: string) => ({
    shopId,
    customerKey,
    customerId,
    email: null,
    name: null,
    searchText: customerKey,
    orders: 1,
    revenueMinor: 100n,
    firstOrderDate: "2026-01-01",
    lastOrderDate: "2026-01-01",
    segment,
    rfmR: 1,
    rfmF: 1,
    rfmM: 1,
    rfmSegment: "Lost",
    pAlive: 0.5,
    expectedPurchases: null,
    expectedOrderValueMinor: null,
    predictedClvMinor: null,
    computedAt: new Date(),
  });
  await db.customerInsight.createMany({
    data: [row("c:501", "501", "inactive"), row("c:502", "502", "repeat"), row("e:g@example.nl", null, "inactive")],
  });
});

describe(`Win-back page (${testDatabaseKind()})`, () => {
  it("shows what a push would tag, guests skipped, with the push off until the merchant switches it on", async () => {
    const data = await load();
    expect(data.enabled).toBe(false);
    expect(data.demo).toBe(false);
    expect(data.overview.tags.map((t) => [t.tag, t.wouldTag, t.pushed])).toEqual([
      ["retention:one-time", 0, 0],
      ["retention:repeat", 1, 0],
      ["retention:inactive", 1, 0],
      ["retention:active-loyal", 0, 0],
    ]);
    expect(data.overview.guests).toBe(1);
  });

  it("takes the would-tag counts from the refresh's snapshot when it carries them (no scan of the insight rows)", async () => {
    // GIVEN a snapshot whose counts differ from the three insight rows, so the source shows
    await db.analyticsSnapshot.create({
      data: {
        shopId,
        kind: "dashboard",
        computedAt: new Date(),
        payload: JSON.stringify({ accounts: { bySegment: { repeat: 7, "active-loyal": 2 }, guests: 3 } }),
      },
    });
    const data = await load();
    expect(data.overview.tags.map((t) => [t.tag, t.wouldTag])).toEqual([
      ["retention:one-time", 0],
      ["retention:repeat", 7],
      ["retention:inactive", 0],
      ["retention:active-loyal", 2],
    ]);
    expect(data.overview.guests).toBe(3);
  });

  it("switching the push on saves the setting, keeps the other settings and pushes at once", async () => {
    await db.shop.update({ where: { id: shopId }, data: { settings: JSON.stringify({ inactiveAfterDays: 90 }) } });
    const res = await callRoute(page.action, post({ intent: "settings", pushEnabled: "on" }));
    expect(res).toMatchObject({ ok: true });
    const settings = JSON.parse((await db.shop.findUniqueOrThrow({ where: { id: shopId } })).settings);
    expect(settings).toMatchObject({ inactiveAfterDays: 90, winback: { pushEnabled: true } });
    await (await getJobQueue()).drain();
    expect(tagsOf("501").sort()).toEqual(["VIP", "retention:inactive"]);
    expect(tagsOf("502").sort()).toEqual(["VIP", "retention:repeat"]);
    const data = await load();
    expect(data.overview.push.status).toBe("completed");
    expect(data.overview.tags.find((t) => t.segment === "inactive")).toMatchObject({ pushed: 1, wouldTag: 1 });
  });

  it("refuses Push now while the push is off, and removing tags while it is on", async () => {
    const refused = (await callRoute(page.action, post({ intent: "push" }))) as unknown as Rejected;
    expect(refused.init.status).toBe(422);
    expect(refused.data.errors.form).toBe("winback.error.disabled");
    await callRoute(page.action, post({ intent: "settings", pushEnabled: "on" }));
    await (await getJobQueue()).drain();
    const notNow = (await callRoute(page.action, post({ intent: "remove" }))) as unknown as Rejected;
    expect(notNow.init.status).toBe(422);
    expect(notNow.data.errors.form).toBe("winback.error.enabled");
    expect(tagsOf("501")).toContain("retention:inactive");
  });

  it("after switching off, Remove takes the app's tags and fields off the customers and leaves theirs", async () => {
    await callRoute(page.action, post({ intent: "settings", pushEnabled: "on" }));
    await (await getJobQueue()).drain();
    expect(fake.state.customerMetafields["gid://shopify/Customer/501"]).toBeDefined();
    await callRoute(page.action, post({ intent: "settings", pushEnabled: "off" }));
    expect((await load()).overview.withAppData).toBe(2);
    expect(await callRoute(page.action, post({ intent: "remove" }))).toMatchObject({ ok: true });
    await (await getJobQueue()).drain();
    expect(tagsOf("501")).toEqual(["VIP"]);
    expect(tagsOf("502")).toEqual(["VIP"]);
    expect(fake.state.customerMetafields["gid://shopify/Customer/501"]).toEqual({});
    expect((await load()).overview.withAppData).toBe(0);
    expect(fake.state.rejected).toEqual([]);
  });
});

describe("customer accounts per segment", () => {
  it("counts account keys (c:) per segment and guest keys (e:) apart", async () => {
    const { customerAccounts } = await import("~/models/analytics-snapshot.server");
    const per = {
      keys: ["c:1", "c:2", "e:a@x.nl", "c:3", "e:b@x.nl"],
      segment: ["repeat", "inactive", "inactive", "repeat", "one-time"],
    };
    expect(customerAccounts(per as never)).toEqual({ bySegment: { repeat: 2, inactive: 1 }, guests: 2 });
  });
});
