import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { useAppEnv } from "../helpers/app-env";
import { callAction, webhookRequest } from "../helpers/webhooks";

const { db } = await useAppEnv();
const dataRequestRoute = await import("~/routes/webhooks.customers.data_request");
const redactRoute = await import("~/routes/webhooks.customers.redact");
const shopRedactRoute = await import("~/routes/webhooks.shop.redact");
const uninstalledRoute = await import("~/routes/webhooks.app.uninstalled");

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
