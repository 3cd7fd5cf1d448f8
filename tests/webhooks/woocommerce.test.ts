// WooCommerce webhook deliveries to /webhooks/woocommerce/<shopId>, called as Remix does, with the
// headers WooCommerce sends and the body signed with the connection's (sealed) webhook secret.
import crypto from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { signWooWebhook } from "~/platforms/woocommerce/webhook-signature";
import { fakeWooCustomer, fakeWooOrder } from "../fakes/woocommerce";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv();
const route = await import("~/routes/webhooks.woocommerce.$shopId");
const { completeWooConnect, loadWooConnection } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { getJobQueue } = await import("~/jobs/queue.server");
afterAll(async () => {
  await (await getJobQueue()).close();
});

let shopId: string;
let secret: string;
beforeEach(async () => {
  await db.shop.deleteMany({});
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: "https://woo-hooks.example.com", pluginSecret: "a".repeat(64), pluginVersion: null },
    { keyId: "1", consumerKey: "ck_hooks", consumerSecret: "cs_hooks", permissions: "read_write" },
    { name: "Woo Hooks", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
  secret = (await loadWooConnection(db, appSecretKey(), shopId))!.webhookSecret;
});

function delivery(
  topic: string | null,
  body: string | object,
  opts: { secret?: string; deliveryId?: string; shop?: string; contentType?: string } = {},
) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = {
    "content-type": opts.contentType ?? "application/json",
    "user-agent": "WooCommerce/9.0 Hookshot (WordPress/6.5)",
  };
  if (topic) {
    const [resource, event] = topic.split(".");
    Object.assign(headers, {
      "X-WC-Webhook-Source": "https://woo-hooks.example.com/",
      "X-WC-Webhook-Topic": topic,
      "X-WC-Webhook-Resource": resource,
      "X-WC-Webhook-Event": event,
      "X-WC-Webhook-Signature": signWooWebhook(raw, opts.secret ?? secret),
      "X-WC-Webhook-ID": "12",
      "X-WC-Webhook-Delivery-ID": opts.deliveryId ?? crypto.randomUUID(),
    });
  }
  const id = opts.shop ?? shopId;
  const request = new Request(`${TEST_APP_URL}/webhooks/woocommerce/${id}`, { method: "POST", headers, body: raw });
  return route.action({ request, params: { shopId: id }, context: {} });
}

const order = (over: Parameters<typeof fakeWooOrder>[0]) => fakeWooOrder(over);
const at = (iso: string) => new Date(iso);

describe("WooCommerce webhooks", () => {
  it("a signed order.created writes the order and its customer", async () => {
    const res = await delivery(
      "order.created",
      order({ id: 3001, modifiedAt: at("2026-01-05T10:00:00Z"), customerId: 9, total: "55.10" }),
    );
    expect(res.status).toBe(200);
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "woo-3001" } } });
    expect([row.totalMinor, row.customerId, row.financialStatus]).toEqual([5510n, "woo-9", "paid"]);
    expect(await db.customer.count({ where: { shopId, id: "woo-9" } })).toBe(1);
    expect((await db.webhookEvent.findFirstOrThrow({ where: { shopId } })).status).toBe("processed");
  });

  it("an order of a loyalty member earns points in the ledger, once per order however often it is delivered", async () => {
    // GIVEN customer 9 is a member since before the order
    const { ensureAccount } = await import("~/models/loyalty-ledger.server");
    await db.customer.create({ data: { shopId, id: "woo-9", email: "member@example.com" } });
    await ensureAccount(db, shopId, "woo-9", { since: at("2026-01-01T00:00:00Z") });
    const before = await db.loyaltyEntry.count({ where: { shopId, customerId: "woo-9" } });
    // WHEN the order arrives, then again as order.updated
    const body = order({ id: 3010, modifiedAt: at("2026-01-05T10:00:00Z"), customerId: 9, total: "80.00" });
    expect((await delivery("order.created", body)).status).toBe(200);
    expect((await delivery("order.updated", body)).status).toBe(200);
    // THEN one earning entry for it
    const earned = await db.loyaltyEntry.findMany({ where: { shopId, customerId: "woo-9", orderId: "woo-3010" } });
    expect(earned.map((e) => e.kind)).toEqual(["earn_order"]);
    expect(await db.loyaltyEntry.count({ where: { shopId, customerId: "woo-9" } })).toBe(before + 1);
  });

  it("refuses a forged signature with 401 and holds nothing", async () => {
    const res = await delivery("order.created", order({ id: 3002, modifiedAt: at("2026-01-05T10:00:00Z") }), {
      secret: "not-the-webhook-secret",
    });
    expect(res.status).toBe(401);
    expect(await db.order.count({ where: { shopId } })).toBe(0);
    expect(await db.webhookEvent.count({ where: { shopId } })).toBe(0);
  });

  it("counts a delivery that arrives twice once", async () => {
    const body = JSON.stringify(order({ id: 3003, modifiedAt: at("2026-01-05T10:00:00Z") }));
    for (let i = 0; i < 2; i++)
      expect((await delivery("order.created", body, { deliveryId: "delivery-77" })).status).toBe(200);
    expect(await db.webhookEvent.findMany({ where: { shopId }, select: { eventId: true } })).toEqual([
      { eventId: expect.stringMatching(/^woocommerce:order\.created:delivery-77:[0-9a-f]{32}$/) },
    ]);
    expect(await db.order.count({ where: { shopId } })).toBe(1);
  });

  it("two different deliveries sharing one delivery id (WooCommerce's id is the webhook and the second) both count", async () => {
    // WC_Webhook::get_new_delivery_id() = wp_hash(webhook id . strtotime('now')): a refund and a
    // cancellation delivered in the same second carry the same X-WC-Webhook-Delivery-ID.
    await delivery("order.updated", order({ id: 3006, modifiedAt: at("2026-01-05T10:00:00Z") }), {
      deliveryId: "same-second",
    });
    await delivery("order.updated", order({ id: 3006, modifiedAt: at("2026-01-05T10:00:01Z"), status: "cancelled" }), {
      deliveryId: "same-second",
    });
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "woo-3006" } } });
    expect(row.cancelledAt?.toISOString()).toBe("2026-01-05T10:00:01.000Z");
    expect(await db.webhookEvent.count({ where: { shopId } })).toBe(2);
  });

  it("keeps the newer order when an older order.updated arrives after it", async () => {
    await delivery("order.updated", order({ id: 3004, modifiedAt: at("2026-01-06T10:00:00Z"), status: "cancelled" }));
    const res = await delivery(
      "order.updated",
      order({ id: 3004, modifiedAt: at("2026-01-05T10:00:00Z"), status: "processing" }),
    );
    expect(res.status).toBe(200);
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "woo-3004" } } });
    expect(row.financialStatus).toBe("voided");
    expect(row.cancelledAt?.toISOString()).toBe("2026-01-06T10:00:00.000Z");
  });

  it("order.deleted removes the order", async () => {
    await delivery("order.created", order({ id: 3005, modifiedAt: at("2026-01-05T10:00:00Z") }));
    expect((await delivery("order.deleted", { id: 3005 })).status).toBe(200);
    expect(await db.order.count({ where: { shopId } })).toBe(0);
  });

  it("customer.created and customer.updated write the customer", async () => {
    expect((await delivery("customer.created", fakeWooCustomer(11, at("2026-01-05T10:00:00Z")))).status).toBe(200);
    expect(
      (
        await delivery("customer.updated", {
          ...fakeWooCustomer(11, at("2026-01-06T10:00:00Z")),
          first_name: "Renamed",
        })
      ).status,
    ).toBe(200);
    expect((await db.customer.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "woo-11" } } })).firstName).toBe(
      "Renamed",
    );
  });

  it("answers WooCommerce's form-encoded ping (no topic, no signature) with 200", async () => {
    const res = await delivery(null, "webhook_id=12", { contentType: "application/x-www-form-urlencoded" });
    expect(res.status).toBe(200);
    expect(await db.webhookEvent.count({ where: { shopId } })).toBe(0);
  });

  it("acknowledges a delivery for an unknown shop with 200 and holds nothing", async () => {
    const res = await delivery("order.created", order({ id: 3006, modifiedAt: at("2026-01-05T10:00:00Z") }), {
      shop: "no-such-shop",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/nothing held/);
    expect(await db.order.count()).toBe(0);
    expect(await db.webhookEvent.count()).toBe(0);
  });

  it("acknowledges a malformed body with 200 naming the problem (WooCommerce disables a failing webhook), and records the failed event", async () => {
    const res = await delivery("order.created", { id: 3007, status: "processing", date_created_gmt: "yesterday" });
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/recorded as a failed delivery: malformed WooCommerce order 3007/);
    const notJson = await delivery("order.updated", "{not json");
    expect(notJson.status).toBe(200);
    const failed = await db.webhookEvent.findMany({ where: { shopId, status: "failed" }, orderBy: { topic: "asc" } });
    expect(failed.map((e) => e.topic)).toEqual(["order.created", "order.updated"]);
    expect(failed[0].error).toMatch(/date_created_gmt/);
    expect(await db.order.count({ where: { shopId } })).toBe(0);
  });
});
