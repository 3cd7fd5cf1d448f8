// Deliveries that are correctly signed but cannot be stored: a body that is not JSON, a wrong
// shape, an amount no column holds, a shop header that is not a shop. Shopify (and WooCommerce)
// would resend the same bytes for days, and WooCommerce disables a webhook after a few non-2xx
// answers: each is acknowledged with 200, recorded as a failed event the Sync status page
// shows, and nothing half of it is stored. Never a 5xx.
import crypto from "node:crypto";
import fs from "node:fs";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { signWooWebhook } from "~/platforms/woocommerce/webhook-signature";
import { fakeWooOrder } from "../fakes/woocommerce";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callAction, webhookRequest } from "../helpers/webhooks";

const { db } = await useAppEnv();
const ordersCreate = await import("~/routes/webhooks.orders.create");
const customersUpdate = await import("~/routes/webhooks.customers.update");
const refundsCreate = await import("~/routes/webhooks.refunds.create");
const wooRoute = await import("~/routes/webhooks.woocommerce.$shopId");
const { syncStatus } = await import("~/models/sync-status.server");
const { completeWooConnect, loadWooConnection } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");

const SHOP = "bad-input.myshopify.com";
const documented = JSON.parse(
  fs.readFileSync("tests/fixtures/shopify/webhooks/metadata_2026-01_orders_create.json", "utf8"),
).response as Record<string, unknown>;
const orderBody = (over: Record<string, unknown> = {}) => ({
  ...documented,
  cancelled_at: null,
  financial_status: "paid",
  ...over,
});

let shopId: string;
beforeEach(async () => {
  await db.shop.deleteMany({});
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: SHOP, name: "Shop", currency: "USD", timezone: "UTC" },
    })
  ).id;
});

async function failedEvents() {
  return (await syncStatus(db, shopId)).failedWebhooks;
}

describe("Shopify deliveries with a valid HMAC that cannot be stored", () => {
  it("a body that is not JSON is acknowledged with 200 and shown as a failed event", async () => {
    const res = await callAction(ordersCreate, webhookRequest("orders/create", '{"id": 1, "total', { shop: SHOP }));
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/not JSON/);
    expect(await failedEvents()).toEqual([
      expect.objectContaining({ topic: "ORDERS_CREATE", error: expect.stringMatching(/the body is not JSON/) }),
    ]);
  });

  it.each([
    ["a list instead of an order", "[]"],
    ["null", "null"],
    ["an order without its id", JSON.stringify(orderBody({ id: undefined }))],
    ["an id that is an object", JSON.stringify(orderBody({ id: { nested: true } }))],
  ])("a wrong shape (%s) is acknowledged with 200 and recorded as failed", async (_name, body) => {
    const res = await callAction(ordersCreate, webhookRequest("orders/create", body, { shop: SHOP }));
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/recorded as a failed delivery: malformed order payload/);
    expect(await failedEvents()).toHaveLength(1);
    expect(await db.order.count({ where: { shopId } })).toBe(0);
  });

  it.each([
    ["1e30 as a number", 1e30],
    ["1e30 as text", "1e30"],
    ["30 digits, more than a 64-bit column holds", "123456789012345678901234567890.00"],
  ])(
    "an absurd amount (%s) is acknowledged with 200, recorded as failed, and nothing is stored",
    async (_n, amount) => {
      const body = orderBody({ total_price_set: { shop_money: { amount, currency_code: "USD" } } });
      const res = await callAction(ordersCreate, webhookRequest("orders/create", body, { shop: SHOP }));
      expect(res.status).toBe(200);
      const [failed] = await failedEvents();
      expect(failed.error).toMatch(/not a money amount|out of range|too big|more than can be stored/);
      expect(await db.order.count({ where: { shopId } })).toBe(0);
    },
  );

  it("an absurd refund and an absurd customer total are refused the same way", async () => {
    await callAction(ordersCreate, webhookRequest("orders/create", orderBody(), { shop: SHOP }));
    const stored = await db.order.findFirstOrThrow({ where: { shopId } });
    const refund = {
      id: 5001,
      order_id: stored.id,
      created_at: "2026-01-02T10:00:00Z",
      transactions: [{ kind: "refund", status: "success", amount: "99999999999999999999999.00", currency: "USD" }],
    };
    const refundRes = await callAction(refundsCreate, webhookRequest("refunds/create", refund, { shop: SHOP }));
    const customer = { id: 77, email: "a@example.com", total_spent: "1" + "0".repeat(40), currency: "USD" };
    const customerRes = await callAction(customersUpdate, webhookRequest("customers/update", customer, { shop: SHOP }));
    expect([refundRes.status, customerRes.status]).toEqual([200, 200]);
    expect((await failedEvents()).map((f) => f.topic).sort()).toEqual(["CUSTOMERS_UPDATE", "REFUNDS_CREATE"]);
    expect(await db.refund.count({ where: { shopId } })).toBe(0);
    expect(await db.customer.count({ where: { shopId, id: "77" } })).toBe(0);
    expect((await db.order.findFirstOrThrow({ where: { shopId } })).refundedMinor).toBe(0n);
  });

  it("a shop header that is not a shop domain is acknowledged with 200, logged, and nothing is held", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const res = await callAction(
      ordersCreate,
      webhookRequest("orders/create", orderBody(), { shop: "not a shop!<script>" }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/invalid shop header/);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toMatch(/is not a shop domain/);
    warn.mockRestore();
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it("a body that is not JSON with a forged HMAC is still refused with 401, and nothing is recorded", async () => {
    const res = await callAction(ordersCreate, webhookRequest("orders/create", "{oops", { shop: SHOP, secret: "x" }));
    expect(res.status).toBe(401);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it("a failed delivery sent again stays one failed event and is acknowledged again", async () => {
    for (let i = 0; i < 2; i++) {
      const res = await callAction(ordersCreate, webhookRequest("orders/create", "[]", { shop: SHOP, eventId: "e-1" }));
      expect(res.status).toBe(200);
    }
    expect(await failedEvents()).toHaveLength(1);
  });
});

describe("WooCommerce deliveries with a valid signature that cannot be stored", () => {
  let wooShopId: string;
  let secret: string;
  beforeEach(async () => {
    ({ shopId: wooShopId } = await completeWooConnect(
      db,
      appSecretKey(),
      { siteUrl: "https://woo-bad.example.com", pluginSecret: "b".repeat(64), pluginVersion: null },
      { keyId: "1", consumerKey: "ck_bad", consumerSecret: "cs_bad", permissions: "read_write" },
      { name: "Woo Bad", currency: "EUR", timezone: "Europe/Amsterdam" },
    ));
    secret = (await loadWooConnection(db, appSecretKey(), wooShopId))!.webhookSecret;
  });

  const deliver = (topic: string, body: string | object) => {
    const raw = typeof body === "string" ? body : JSON.stringify(body);
    const request = new Request(`${TEST_APP_URL}/webhooks/woocommerce/${wooShopId}`, {
      method: "POST",
      body: raw,
      headers: {
        "content-type": "application/json",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Signature": signWooWebhook(raw, secret),
        "X-WC-Webhook-Delivery-ID": crypto.randomUUID(),
      },
    });
    return wooRoute.action({ request, params: { shopId: wooShopId }, context: {} });
  };

  it.each([
    ["a body that is not JSON", "{nope"],
    ["a wrong shape", "[1,2,3]"],
    ["an absurd total (1e30)", fakeWooOrder({ id: 9001, modifiedAt: new Date(), total: "1e30" })],
    ["more digits than the column holds", fakeWooOrder({ id: 9002, modifiedAt: new Date(), total: "9".repeat(25) })],
  ])("%s is acknowledged with 200 and recorded as failed", async (_name, body) => {
    const res = await deliver("order.created", body);
    expect(res.status).toBe(200);
    const failed = await db.webhookEvent.findMany({ where: { shopId: wooShopId, status: "failed" } });
    expect(failed).toHaveLength(1);
    expect(failed[0].error).toBeTruthy();
    expect(await db.order.count({ where: { shopId: wooShopId } })).toBe(0);
  });
});
