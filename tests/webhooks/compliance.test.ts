import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callAction, webhookRequest } from "../helpers/webhooks";

const { db } = await useAppEnv();
const dataRequestRoute = await import("~/routes/webhooks.customers.data_request");
const redactRoute = await import("~/routes/webhooks.customers.redact");
const shopRedactRoute = await import("~/routes/webhooks.shop.redact");
const uninstalledRoute = await import("~/routes/webhooks.app.uninstalled");
const downloadRoute = await import("~/routes/app.data-requests.$id");
const settingsPage = await import("~/routes/app.settings");

// Shopify's documented example bodies (tests/fixtures/shopify/webhooks, see its README).
function documented(topic: string, shop: string) {
  const file = `tests/fixtures/shopify/webhooks/metadata_2026-01_${topic.replace("/", "_")}.json`;
  const body = JSON.parse(fs.readFileSync(file, "utf8")).response;
  return { ...body, shop_domain: shop };
}

const SHOP_A = "shop-a.myshopify.com";
const SHOP_B = "shop-b.myshopify.com";
// The documented customers/redact example names customer 191167 (john@example.com) and orders 299938, 280263, 220458.
const CUSTOMER = "191167";

async function seedShop(domain: string) {
  const shop = await db.shop.create({
    data: { platform: "shopify", domain, name: domain, currency: "EUR", timezone: "Europe/Amsterdam" },
  });
  await db.session.create({
    data: { id: `offline_${domain}`, shop: domain, state: "", accessToken: "tok", scope: "read_orders" },
  });
  const order = (id: string, customerId: string | null, email: string | null) => ({
    shopId: shop.id,
    id,
    customerId,
    email,
    currency: "EUR",
    totalMinor: 5000n,
    netPaidMinor: 5000n,
    financialStatus: "paid",
    processedAt: new Date("2026-03-01T10:00:00Z"),
  });
  await db.customer.createMany({
    data: [
      { shopId: shop.id, id: CUSTOMER, email: "john@example.com", firstName: "John" },
      { shopId: shop.id, id: "777", email: "other@example.com", firstName: "Other" },
    ],
  });
  await db.order.createMany({
    data: [
      order("1001", CUSTOMER, "john@example.com"),
      order("1002", null, "john@example.com"), // guest order, same e-mail
      order("299938", null, null), // named in orders_to_redact only
      order("2001", "777", "other@example.com"),
    ],
  });
  await db.refund.create({
    data: { shopId: shop.id, id: "r1", orderId: "1001", amountMinor: 1000n, currency: "EUR", processedAt: new Date() },
  });
  return shop;
}

let shopA: { id: string };
let shopB: { id: string };
beforeEach(async () => {
  await db.shop.deleteMany({});
  await db.session.deleteMany({});
  shopA = await seedShop(SHOP_A);
  shopB = await seedShop(SHOP_B);
});

describe("compliance webhooks", () => {
  it("rejects a customers/redact whose HMAC was signed with another secret, and erases nothing", async () => {
    const res = await callAction(
      redactRoute,
      webhookRequest("customers/redact", documented("customers/redact", SHOP_A), { shop: SHOP_A, secret: "forged" }),
    );
    expect(res.status).toBe(401);
    expect(await db.order.count({ where: { shopId: shopA.id } })).toBe(4);
  });

  it("customers/redact erases the customer's row, orders (by id, e-mail and named order ids) and refunds, and nothing else", async () => {
    const res = await callAction(
      redactRoute,
      webhookRequest("customers/redact", documented("customers/redact", SHOP_A), { shop: SHOP_A }),
    );
    expect(res.status).toBe(200);
    expect(await db.customer.findMany({ where: { shopId: shopA.id }, select: { id: true } })).toEqual([{ id: "777" }]);
    expect(await db.order.findMany({ where: { shopId: shopA.id }, select: { id: true } })).toEqual([{ id: "2001" }]);
    expect(await db.refund.count({ where: { shopId: shopA.id } })).toBe(0);
    // The same customer id in shop B is another person: untouched.
    expect(await db.order.count({ where: { shopId: shopB.id } })).toBe(4);
    expect(await db.customer.count({ where: { shopId: shopB.id, id: CUSTOMER } })).toBe(1);
  });

  it("customers/data_request records the customer's data once, even when Shopify delivers the event twice", async () => {
    const body = documented("customers/data_request", SHOP_A);
    const first = await callAction(
      dataRequestRoute,
      webhookRequest("customers/data_request", body, { shop: SHOP_A, eventId: "evt-1" }),
    );
    const again = await callAction(
      dataRequestRoute,
      webhookRequest("customers/data_request", body, { shop: SHOP_A, eventId: "evt-1" }),
    );
    expect([first.status, again.status]).toEqual([200, 200]);
    const requests = await db.complianceRequest.findMany({
      where: { shopId: shopA.id, kind: "customers/data_request" },
    });
    expect(requests).toHaveLength(1);
    const data = JSON.parse(requests[0].result!);
    expect(data.customers.map((c: { id: string }) => c.id)).toEqual([CUSTOMER]);
    expect(data.orders.map((o: { id: string }) => o.id).sort()).toEqual(["1001", "1002", "299938"]);
  });

  it("shop/redact erases every row of that shop and its sessions, and leaves the other shop whole", async () => {
    const res = await callAction(
      shopRedactRoute,
      webhookRequest("shop/redact", documented("shop/redact", SHOP_A), { shop: SHOP_A }),
    );
    expect(res.status).toBe(200);
    expect(await db.shop.count({ where: { domain: SHOP_A } })).toBe(0);
    for (const table of ["order", "customer", "refund"] as const) {
      expect(
        await (db[table] as unknown as { count: (a: object) => Promise<number> }).count({
          where: { shopId: shopA.id },
        }),
      ).toBe(0);
    }
    expect(await db.session.count({ where: { shop: SHOP_A } })).toBe(0);
    expect(await db.order.count({ where: { shopId: shopB.id } })).toBe(4);
    expect(await db.session.count({ where: { shop: SHOP_B } })).toBe(1);
  });

  it("answers compliance topics for a shop it does not know with 200, never 404", async () => {
    for (const [route, topic] of [
      [redactRoute, "customers/redact"],
      [dataRequestRoute, "customers/data_request"],
      [shopRedactRoute, "shop/redact"],
    ] as const) {
      const res = await callAction(
        route,
        webhookRequest(topic, documented(topic, "never-installed.myshopify.com"), {
          shop: "never-installed.myshopify.com",
        }),
      );
      expect(res.status, topic).toBe(200);
    }
  });

  it("app/uninstalled removes the shop's sessions and marks it uninstalled, keeping its data for a re-install", async () => {
    const res = await callAction(
      uninstalledRoute,
      webhookRequest("app/uninstalled", { id: 1, domain: SHOP_A }, { shop: SHOP_A }),
    );
    expect(res.status).toBe(200);
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopA.id } });
    expect(shop.installState).toBe("uninstalled");
    expect(shop.uninstalledAt).toBeInstanceOf(Date);
    expect(await db.session.count({ where: { shop: SHOP_A } })).toBe(0);
    expect(await db.order.count({ where: { shopId: shopA.id } })).toBe(4);
  });

  it("acknowledges a customers/redact body without a customer with 200 naming the problem, and records the failure", async () => {
    const res = await callAction(
      redactRoute,
      webhookRequest("customers/redact", { shop_domain: SHOP_A }, { shop: SHOP_A }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/malformed compliance payload: customer/);
    expect(await db.order.count({ where: { shopId: shopA.id } })).toBe(4);
    const events = await db.webhookEvent.findMany({ where: { shopId: shopA.id, status: "failed" } });
    expect(events).toHaveLength(1);
  });
});

/** The documented customer as a loyalty member referred by 777, who referred 888 in turn, with everything the app derives. */
async function seedMember(shopId: string) {
  const now = new Date("2026-03-02T10:00:00Z");
  await db.loyaltyAccount.createMany({
    data: [
      { shopId, customerId: "777", referralCode: "REF777AAAA", email: "other@example.com" },
      { shopId, customerId: CUSTOMER, referralCode: "REF191AAAA", email: "john@example.com", referredBy: "777" },
      { shopId, customerId: "888", referralCode: "REF888AAAA", referredBy: CUSTOMER, referredAt: now },
    ],
  });
  const entry = (key: string, customerId: string, kind: string, points: number, orderId?: string) => ({
    shopId,
    key,
    customerId,
    kind,
    points,
    createdAt: now,
    availableAt: now,
    orderId: orderId ?? null,
  });
  await db.loyaltyEntry.createMany({
    data: [
      entry(`signup:${CUSTOMER}`, CUSTOMER, "signup", 50),
      entry(`referral:${CUSTOMER}`, "777", "referral", 500, "1001"),
      entry(`referral:${CUSTOMER}:reverse`, "777", "reverse_cancel", -500, "1001"),
      entry("referral:888", CUSTOMER, "referral", 500, "3001"),
    ],
  });
  await db.rewardCode.create({
    data: { shopId, code: "FR-JOHN1", customerId: CUSTOMER, kind: "referral-friend", status: "active" },
  });
  await db.customerInsight.create({
    data: {
      shopId,
      customerKey: `c:${CUSTOMER}`,
      customerId: CUSTOMER,
      email: "john@example.com",
      name: "John Smith",
      searchText: `john smith john@example.com ${CUSTOMER}`,
      orders: 2,
      revenueMinor: 10000n,
      firstOrderDate: "2026-03-01",
      lastOrderDate: "2026-03-01",
      segment: "repeat",
      rfmR: 5,
      rfmF: 4,
      rfmM: 4,
      rfmSegment: "champions",
      computedAt: now,
    },
  });
  await db.segmentPush.create({ data: { shopId, customerId: CUSTOMER, tag: "retention:repeat", segment: "repeat" } });
  await db.surveyAnswer.createMany({
    data: [
      { shopId, customerId: CUSTOMER, score: 9, comment: "Great", respondent: `c:${CUSTOMER}`, period: 225 },
      { shopId, customerId: null, orderId: "1002", score: 4, respondent: "o:1002", period: 0 },
    ],
  });
}

/** Every row the app holds for the shop, as one text (what a search for an identifier would scan). */
async function everythingHeldFor(shopId: string): Promise<string> {
  const tables = [
    "customer",
    "order",
    "refund",
    "surveyAnswer",
    "complianceRequest",
    "customerInsight",
    "loyaltyAccount",
    "loyaltyEntry",
    "rewardCode",
    "segmentPush",
    "webhookEvent",
    "syncState",
    "analyticsSnapshot",
    "rateLimitWindow",
    "pluginRequestSignature",
  ] as const;
  const rows = await Promise.all(
    tables.map((t) =>
      (db[t] as unknown as { findMany: (a: object) => Promise<unknown[]> }).findMany({ where: { shopId } }),
    ),
  );
  return JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v)).toLowerCase();
}

const adminGet = (path: string, shop = SHOP_A) =>
  new Request(`${TEST_APP_URL}${path}`, {
    headers: {
      authorization: `Bearer ${signSessionToken({ shop, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
    },
  });

describe("customers/redact leaves no identifier of the person", () => {
  it("pseudonymises the referral links and ledger keys that name the person, keeps the referrer's reward, and logs no raw id", async () => {
    // GIVEN the customer in the loyalty program, referred by 777 and referrer of 888, and an earlier data request
    await seedMember(shopA.id);
    await callAction(
      dataRequestRoute,
      webhookRequest("customers/data_request", documented("customers/data_request", SHOP_A), { shop: SHOP_A }),
    );
    expect(await everythingHeldFor(shopA.id)).toContain(CUSTOMER);
    // WHEN Shopify asks to redact the customer
    const res = await callAction(
      redactRoute,
      webhookRequest("customers/redact", documented("customers/redact", SHOP_A), { shop: SHOP_A }),
    );
    expect(res.status).toBe(200);
    // THEN nothing the app holds names them
    const held = await everythingHeldFor(shopA.id);
    expect(held).not.toContain(CUSTOMER);
    expect(held).not.toContain("john@example.com");
    expect(held).not.toContain("john smith");
    // AND the referrer keeps its reward record, under the same pseudonym as 888's referrer
    const friend = await db.loyaltyAccount.findUniqueOrThrow({
      where: { shopId_customerId: { shopId: shopA.id, customerId: "888" } },
    });
    expect(friend.referredBy).toMatch(/^redacted-/);
    const referrerEntries = await db.loyaltyEntry.findMany({
      where: { shopId: shopA.id, customerId: "777" },
      orderBy: { points: "desc" },
    });
    expect(referrerEntries.map((e) => [e.key, e.points, e.orderId])).toEqual([
      [`referral:${friend.referredBy}`, 500, null],
      [`referral:${friend.referredBy}:reverse`, -500, null],
    ]);
    // AND the compliance log says what was done, under the pseudonym
    const log = await db.complianceRequest.findMany({ where: { shopId: shopA.id }, orderBy: { requestedAt: "asc" } });
    expect(log.map((r) => [r.kind, r.customerId, r.result === null])).toEqual([
      ["customers/data_request", friend.referredBy, true],
      ["customers/redact", friend.referredBy, false],
    ]);
    // AND shop B's customer with the same id is another person: untouched
    expect(await db.customer.count({ where: { shopId: shopB.id, id: CUSTOMER } })).toBe(1);
  });
});

describe("customers/data_request", () => {
  it("includes every table that holds the person: insight profile, win-back push, loyalty, and answers given for their orders", async () => {
    await seedMember(shopA.id);
    await callAction(
      dataRequestRoute,
      webhookRequest("customers/data_request", documented("customers/data_request", SHOP_A), { shop: SHOP_A }),
    );
    const [request] = await db.complianceRequest.findMany({ where: { shopId: shopA.id } });
    const data = JSON.parse(request.result!);
    expect(data.insights).toEqual([
      expect.objectContaining({ customerKey: `c:${CUSTOMER}`, name: "John Smith", revenueMinor: "10000" }),
    ]);
    expect(data.winbackPush).toEqual([expect.objectContaining({ tag: "retention:repeat" })]);
    expect(data.surveyAnswers.map((a: { score: number }) => a.score).sort()).toEqual([4, 9]);
    expect(data.loyalty.account).toMatchObject({ customerId: CUSTOMER, referredBy: "another customer" });
    expect(data.loyalty.ledger.map((e: { key: string }) => e.key).sort()).toEqual([
      "referral:888",
      `signup:${CUSTOMER}`,
    ]);
    expect(data.loyalty.rewardCodes).toEqual([expect.objectContaining({ code: "FR-JOHN1" })]);
    // Another customer's id is not part of the person's export.
    expect(request.result).not.toContain('"777"');
  });

  it("is downloadable as JSON by the shop's merchant from the admin, listed on the settings page, and gone after a redact", async () => {
    await callAction(
      dataRequestRoute,
      webhookRequest("customers/data_request", documented("customers/data_request", SHOP_A), { shop: SHOP_A }),
    );
    const [request] = await db.complianceRequest.findMany({ where: { shopId: shopA.id } });
    const call = (shop: string) =>
      downloadRoute.loader({
        request: adminGet(`/app/data-requests/${request.id}`, shop),
        params: { id: request.id },
        context: {},
      });
    const res = await call(SHOP_A);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(
      `attachment; filename="customer-data-request-${request.id}.json"`,
    );
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    const data = await res.json();
    expect(data.customers.map((c: { id: string }) => c.id)).toEqual([CUSTOMER]);
    // The settings page lists it.
    const page = (await settingsPage.loader({ request: adminGet("/app/settings"), params: {}, context: {} })) as {
      dataRequests: unknown[];
    };
    expect(page.dataRequests).toEqual([
      {
        id: request.id,
        customer: CUSTOMER,
        requestedAt: expect.stringMatching(/^\d{1,2} \p{L}+\.? \d{4}$/u),
        available: true,
      },
    ]);
    // Another shop's merchant cannot fetch it.
    expect((await call(SHOP_B)).status).toBe(404);
    // After a redact of the same customer the copy is gone.
    await callAction(
      redactRoute,
      webhookRequest("customers/redact", documented("customers/redact", SHOP_A), { shop: SHOP_A }),
    );
    expect((await call(SHOP_A)).status).toBe(404);
  });
});
