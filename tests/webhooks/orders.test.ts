import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { useAppEnv } from "../helpers/app-env";
import { callAction, webhookRequest } from "../helpers/webhooks";

const { db } = await useAppEnv();
const ordersCreate = await import("~/routes/webhooks.orders.create");
const ordersUpdated = await import("~/routes/webhooks.orders.updated");
const refundsCreate = await import("~/routes/webhooks.refunds.create");
const customersCreate = await import("~/routes/webhooks.customers.create");
const customersDelete = await import("~/routes/webhooks.customers.delete");

const SHOP = "webhook-shop.myshopify.com";
// Shopify's documented example bodies, as raw text (tests/fixtures/shopify/webhooks, see its README).
const documentedText = (topic: string) =>
  JSON.stringify(
    JSON.parse(fs.readFileSync(`tests/fixtures/shopify/webhooks/metadata_2026-01_${topic}.json`, "utf8")).response,
  );
// Real deliveries carry exact 18-digit ids; the scraped examples lost the last digits, so the test
// restores them the way Shopify sends them (as JSON numbers beyond 2^53).
const exactIds = (text: string) =>
  text
    .replace(/"id":820982911946154500/g, '"id":820982911946154508')
    .replace(/"order_id":820982911946154500/g, '"order_id":820982911946154508');

let shopId: string;
beforeEach(async () => {
  await db.shop.deleteMany({});
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: SHOP, name: "Shop", currency: "USD", timezone: "America/New_York" },
    })
  ).id;
});

const orderBody = (over: Record<string, unknown> = {}) => ({
  ...JSON.parse(documentedText("orders_create")),
  cancelled_at: null,
  financial_status: "paid",
  ...over,
});

describe("order and customer webhooks", () => {
  it("stores the documented orders/create body with its exact 18-digit id", async () => {
    const res = await callAction(
      ordersCreate,
      webhookRequest("orders/create", exactIds(documentedText("orders_create")), { shop: SHOP }),
    );
    expect(res.status).toBe(200);
    const rows = await db.order.findMany({ where: { shopId } });
    expect(rows.map((r) => [r.id, r.totalMinor, r.customerId])).toEqual([
      ["820982911946154508", 40495n, "115310627314723954"],
    ]);
  });

  it("rejects a forged HMAC with 401 and stores nothing", async () => {
    const res = await callAction(
      ordersCreate,
      webhookRequest("orders/create", orderBody(), { shop: SHOP, secret: "not-the-app-secret" }),
    );
    expect(res.status).toBe(401);
    expect(await db.order.count({ where: { shopId } })).toBe(0);
    expect(await db.webhookEvent.count({ where: { shopId } })).toBe(0);
  });

  it("counts a delivery that arrives twice once", async () => {
    const body = JSON.stringify(orderBody());
    for (let i = 0; i < 2; i++) {
      const res = await callAction(
        ordersCreate,
        webhookRequest("orders/create", body, { shop: SHOP, eventId: "event-42" }),
      );
      expect(res.status).toBe(200);
    }
    expect(await db.webhookEvent.count({ where: { shopId } })).toBe(1);
    expect(await db.order.count({ where: { shopId } })).toBe(1);
  });

  it("keeps the newer order when an older orders/updated arrives after it", async () => {
    const newer = orderBody({
      updated_at: "2022-01-05T10:00:00-05:00",
      cancelled_at: "2022-01-05T10:00:00-05:00",
      financial_status: "voided",
    });
    const older = orderBody({ updated_at: "2022-01-02T10:00:00-05:00", financial_status: "paid" });
    await callAction(ordersUpdated, webhookRequest("orders/updated", newer, { shop: SHOP }));
    const res = await callAction(ordersUpdated, webhookRequest("orders/updated", older, { shop: SHOP }));
    expect(res.status).toBe(200);
    const row = await db.order.findFirstOrThrow({ where: { shopId } });
    expect(row.financialStatus).toBe("voided");
    expect(row.cancelledAt?.toISOString()).toBe("2022-01-05T15:00:00.000Z");
  });

  it("applies the documented refunds/create body to its order's net amount", async () => {
    await callAction(
      ordersCreate,
      webhookRequest("orders/create", exactIds(documentedText("orders_create")), { shop: SHOP }),
    );
    const res = await callAction(
      refundsCreate,
      webhookRequest("refunds/create", exactIds(documentedText("refunds_create")), { shop: SHOP }),
    );
    expect(res.status).toBe(200);
    const row = await db.order.findFirstOrThrow({ where: { shopId }, include: { refunds: true } });
    expect([row.refundedMinor, row.netPaidMinor]).toEqual([8500n, 31995n]);
    expect(row.refunds.map((r) => r.id)).toEqual(["890088186047892319"]);
  });

  it("acknowledges a malformed order body with 200 naming the problem, and records the failure", async () => {
    const res = await callAction(
      ordersCreate,
      webhookRequest("orders/create", { id: 1, created_at: "yesterday" }, { shop: SHOP }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/malformed order payload/);
    const failed = await db.webhookEvent.findMany({ where: { shopId, status: "failed" } });
    expect(failed).toHaveLength(1);
    expect(await db.order.count({ where: { shopId } })).toBe(0);
  });

  it("creates and deletes a customer from the documented bodies", async () => {
    await callAction(
      customersCreate,
      webhookRequest("customers/create", documentedText("customers_create"), { shop: SHOP }),
    );
    expect(await db.customer.count({ where: { shopId, id: "706405506930370084" } })).toBe(1);
    await callAction(
      customersDelete,
      webhookRequest(
        "customers/delete",
        { id: 706405506930370084n.toString(), admin_graphql_api_id: "gid://shopify/Customer/706405506930370084" },
        { shop: SHOP },
      ),
    );
    expect(await db.customer.count({ where: { shopId } })).toBe(0);
  });
});
