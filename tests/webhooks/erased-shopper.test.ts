// An erased shopper stays erased: after customers/redact (Shopify) or the store's privacy eraser
// (WooCommerce), the same person's orders and customer record arriving again — through the real
// webhook routes and through the ingest model every sync and import writes through — are stored
// without them. Every table of the database is searched for the person's e-mail and id.
import crypto from "node:crypto";
import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { signWooWebhook } from "~/platforms/woocommerce/webhook-signature";
import { fakeWooCustomer, fakeWooOrder } from "../fakes/woocommerce";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";
import { callAction, webhookRequest } from "../helpers/webhooks";

const { db } = await useAppEnv();
const ordersCreate = await import("~/routes/webhooks.orders.create");
const customersCreate = await import("~/routes/webhooks.customers.create");
const redactRoute = await import("~/routes/webhooks.customers.redact");
const wooRoute = await import("~/routes/webhooks.woocommerce.$shopId");
const { completeWooConnect, loadWooConnection } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { redactShopper } = await import("~/models/compliance.server");
const { upsertCustomers, upsertOrders } = await import("~/models/ingest.server");
const { ensureAccount } = await import("~/models/loyalty-ledger.server");

/** Every row of every table, as lower-case text: the whole database a person could hide in. */
async function everything(): Promise<string> {
  const tables: { name: string }[] =
    testDatabaseKind() === "postgresql"
      ? await db.$queryRawUnsafe(
          `SELECT table_name::text AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
        )
      : await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`);
  expect(tables.map((t) => t.name)).toContain("ErasedShopper");
  let text = "";
  for (const { name } of tables) {
    const rows = await db.$queryRawUnsafe(`SELECT * FROM "${name}"`);
    text += JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  }
  return text.toLowerCase();
}

const ERASED_ID = "987654321012";
const ERASED_EMAIL = "erased.shopper@example.com";
const OTHER_ID = "987654321099";
const OTHER_EMAIL = "stays@example.com";

describe(`Shopify: customers/redact, then the same order and customer delivered again (${testDatabaseKind()})`, () => {
  const SHOP = "erased-shop.myshopify.com";
  let shopId: string;
  beforeEach(async () => {
    await db.shop.deleteMany({});
    await db.session.deleteMany({});
    shopId = (
      await db.shop.create({
        data: { platform: "shopify", domain: SHOP, name: "Shop", currency: "USD", timezone: "UTC" },
      })
    ).id;
    await db.session.create({
      data: { id: `offline_${SHOP}`, shop: SHOP, state: "", accessToken: "tok", scope: "read_orders" },
    });
  });

  const documented = (topic: string) =>
    JSON.parse(fs.readFileSync(`tests/fixtures/shopify/webhooks/metadata_2026-01_${topic}.json`, "utf8")).response;
  const customerBody = (id: string, email: string) => ({
    ...documented("customers_create"),
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Customer/${id}`,
    email,
    first_name: "Erika",
    last_name: "Wiped",
  });
  const orderBody = (orderId: number, customerId: string, email: string) => {
    const base = documented("orders_create");
    return {
      ...base,
      id: orderId,
      admin_graphql_api_id: `gid://shopify/Order/${orderId}`,
      name: `#${orderId}`,
      email,
      contact_email: email,
      cancelled_at: null,
      financial_status: "paid",
      updated_at: "2026-03-01T10:00:00Z",
      customer: { ...base.customer, ...customerBody(customerId, email) },
    };
  };
  const deliver = async (mod: typeof ordersCreate, topic: string, body: object) =>
    (await callAction(mod, webhookRequest(topic, body, { shop: SHOP }))).status;

  it("stores the order again without the person (no e-mail, no customer, no points) and keeps another customer", async () => {
    // GIVEN both shoppers signed up (loyalty members) and ordered
    for (const [id, email] of [
      [ERASED_ID, ERASED_EMAIL],
      [OTHER_ID, OTHER_EMAIL],
    ])
      expect(await deliver(customersCreate, "customers/create", customerBody(id, email))).toBe(200);
    expect(await deliver(ordersCreate, "orders/create", orderBody(7001, ERASED_ID, ERASED_EMAIL))).toBe(200);
    expect(await deliver(ordersCreate, "orders/create", orderBody(7002, OTHER_ID, OTHER_EMAIL))).toBe(200);
    expect(await db.loyaltyAccount.count({ where: { shopId, customerId: ERASED_ID } })).toBe(1);
    expect(await everything()).toContain(ERASED_EMAIL);

    // WHEN Shopify asks to erase the first one (e-mail in another case), then re-sends their order and sign-up
    const redact = {
      shop_id: 1,
      shop_domain: SHOP,
      customer: { id: Number(ERASED_ID), email: "Erased.Shopper@Example.com", phone: null },
      orders_to_redact: [7001],
    };
    expect(await deliver(redactRoute, "customers/redact", redact)).toBe(200);
    expect(await db.erasedShopper.count({ where: { shopId } })).toBeGreaterThan(0);
    expect(await deliver(ordersCreate, "orders/create", orderBody(7001, ERASED_ID, ERASED_EMAIL))).toBe(200);
    expect(await deliver(customersCreate, "customers/create", customerBody(ERASED_ID, ERASED_EMAIL))).toBe(200);

    // THEN the order counts, anonymously; nothing anywhere holds the person's e-mail or id
    const again = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "7001" } } });
    expect([again.customerId, again.email, again.totalMinor > 0n]).toEqual([null, null, true]);
    expect(await db.loyaltyAccount.count({ where: { shopId, customerId: ERASED_ID } })).toBe(0);
    expect(
      await db.loyaltyEntry.count({ where: { shopId, OR: [{ orderId: "7001" }, { customerId: ERASED_ID }] } }),
    ).toBe(0);
    const all = await everything();
    expect(all).not.toContain(ERASED_EMAIL);
    expect(all).not.toContain(ERASED_ID);
    // AND the other customer keeps their order, record and earned points
    const other = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "7002" } } });
    expect([other.customerId, other.email]).toEqual([OTHER_ID, OTHER_EMAIL]);
    expect(await db.customer.count({ where: { shopId, id: OTHER_ID } })).toBe(1);
    expect(await db.loyaltyEntry.count({ where: { shopId, customerId: OTHER_ID, kind: "earn_order" } })).toBe(1);
  });
});

describe(`WooCommerce: the privacy eraser, then webhooks and a sync batch bring the shopper again (${testDatabaseKind()})`, () => {
  let shopId: string;
  let secret: string;
  beforeEach(async () => {
    await db.shop.deleteMany({});
    ({ shopId } = await completeWooConnect(
      db,
      appSecretKey(),
      { siteUrl: "https://woo-erased.example.com", pluginSecret: "b".repeat(64), pluginVersion: null },
      { keyId: "1", consumerKey: "ck_erased", consumerSecret: "cs_erased", permissions: "read_write" },
      { name: "Woo Erased", currency: "EUR", timezone: "Europe/Amsterdam" },
    ));
    secret = (await loadWooConnection(db, appSecretKey(), shopId))!.webhookSecret;
  });

  function delivery(topic: string, body: object) {
    const raw = JSON.stringify(body);
    const [resource, event] = topic.split(".");
    const request = new Request(`${TEST_APP_URL}/webhooks/woocommerce/${shopId}`, {
      method: "POST",
      body: raw,
      headers: {
        "content-type": "application/json",
        "user-agent": "WooCommerce/9.0 Hookshot (WordPress/6.5)",
        "X-WC-Webhook-Source": "https://woo-erased.example.com/",
        "X-WC-Webhook-Topic": topic,
        "X-WC-Webhook-Resource": resource,
        "X-WC-Webhook-Event": event,
        "X-WC-Webhook-Signature": signWooWebhook(raw, secret),
        "X-WC-Webhook-ID": "12",
        "X-WC-Webhook-Delivery-ID": crypto.randomUUID(),
      },
    });
    return wooRoute.action({ request, params: { shopId }, context: {} });
  }
  const at = (iso: string) => new Date(iso);
  const wooOrder = (id: number, customerId: number, email: string, modified: string) =>
    fakeWooOrder({ id, customerId, email, modifiedAt: at(modified), total: "40.00" });
  const wooCustomer = (id: number, email: string, modified: string) => ({
    ...fakeWooCustomer(id, at(modified)),
    email,
    billing: { first_name: "Erika", last_name: "Wiped", email },
  });

  it("order.updated and customer.updated after the erasure store the order anonymously and no customer, no points", async () => {
    // GIVEN shopper 4242 (a loyalty member) and shopper 4243 ordered
    await db.customer.create({ data: { shopId, id: "woo-4242", email: ERASED_EMAIL } });
    await db.customer.create({ data: { shopId, id: "woo-4243", email: OTHER_EMAIL } });
    await ensureAccount(db, shopId, "woo-4242", { since: at("2026-01-01T00:00:00Z") });
    await ensureAccount(db, shopId, "woo-4243", { since: at("2026-01-01T00:00:00Z") });
    expect((await delivery("order.created", wooOrder(5001, 4242, ERASED_EMAIL, "2026-01-05T10:00:00Z"))).status).toBe(
      200,
    );
    expect((await delivery("order.created", wooOrder(5002, 4243, OTHER_EMAIL, "2026-01-05T10:00:00Z"))).status).toBe(
      200,
    );
    expect(await db.loyaltyEntry.count({ where: { shopId, orderId: "woo-5001", kind: "earn_order" } })).toBe(1);

    // WHEN the store's privacy eraser erases the shopper (the e-mail as typed in WordPress)
    const { repeated } = await redactShopper(db, shopId, {
      email: " Erased.Shopper@EXAMPLE.com",
      customerId: "woo-4242",
      requestId: "wp-erase-1",
    });
    expect(repeated).toBe(false);
    // AND the store still holds the order (personal data kept in orders) and sends it and the account again
    expect((await delivery("order.updated", wooOrder(5001, 4242, ERASED_EMAIL, "2026-01-06T10:00:00Z"))).status).toBe(
      200,
    );
    expect((await delivery("customer.updated", wooCustomer(4242, ERASED_EMAIL, "2026-01-06T10:00:00Z"))).status).toBe(
      200,
    );

    // THEN the order is there, counted anonymously, and nothing holds the person
    const again = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "woo-5001" } } });
    expect([again.customerId, again.email, again.totalMinor]).toEqual([null, null, 4000n]);
    expect(await db.customer.count({ where: { shopId, id: "woo-4242" } })).toBe(0);
    expect(
      await db.loyaltyEntry.count({ where: { shopId, OR: [{ orderId: "woo-5001" }, { customerId: "woo-4242" }] } }),
    ).toBe(0);
    const all = await everything();
    expect(all).not.toContain(ERASED_EMAIL);
    expect(all).not.toContain("woo-4242");
    // AND the other shopper is untouched
    const other = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "woo-5002" } } });
    expect([other.customerId, other.email]).toEqual(["woo-4243", OTHER_EMAIL]);
    expect(await db.loyaltyEntry.count({ where: { shopId, orderId: "woo-5002", kind: "earn_order" } })).toBe(1);
  });

  it("a sync or CSV batch through the ingest model anonymises the erased guest's orders and skips their customer row, and only theirs", async () => {
    // GIVEN a guest (no account) erased by e-mail only
    await redactShopper(db, shopId, { email: ERASED_EMAIL, customerId: null, requestId: null });
    const order = (id: string, customerId: string | null, email: string | null) => ({
      id,
      name: `#${id}`,
      customerId,
      email,
      currency: "EUR",
      totalMinor: 1500n,
      refundedMinor: 0n,
      financialStatus: "paid",
      cancelledAt: null,
      processedAt: at("2026-02-01T10:00:00Z"),
      createdAt: null,
      updatedAt: at("2026-02-01T10:00:00Z"),
      sourceName: "web",
      refunds: [],
    });
    // WHEN a sync batch and a CSV file bring their guest order, a later account with the e-mail, and others
    const synced = await upsertOrders(db, shopId, [
      order("woo-6001", null, ERASED_EMAIL),
      order("woo-6002", "woo-7777", ERASED_EMAIL),
      order("woo-6003", "woo-4243", OTHER_EMAIL),
    ]);
    const file = await upsertOrders(db, shopId, [order("csv-1", null, ERASED_EMAIL)], undefined, undefined, "csv");
    const customers = await upsertCustomers(db, shopId, [
      { id: "woo-7777", email: ERASED_EMAIL, firstName: "Erika", lastName: "Wiped", createdAt: null, updatedAt: null },
      { id: "woo-4243", email: OTHER_EMAIL, firstName: "Stays", lastName: null, createdAt: null, updatedAt: null },
    ]);
    // THEN every order is stored (shop totals stay right), the erased person's without them
    expect([synced.written, synced.erased, file.written, file.erased]).toEqual([3, 2, 1, 1]);
    expect([customers.written, customers.erased]).toEqual([1, 1]);
    const rows = await db.order.findMany({ where: { shopId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.customerId, r.email, r.totalMinor])).toEqual([
      ["csv-1", null, null, 1500n],
      ["woo-6001", null, null, 1500n],
      ["woo-6002", null, null, 1500n],
      ["woo-6003", "woo-4243", OTHER_EMAIL, 1500n],
    ]);
    expect((await db.customer.findMany({ where: { shopId } })).map((c) => c.id)).toEqual(["woo-4243"]);
    const all = await everything();
    expect(all).not.toContain(ERASED_EMAIL);
    expect(all).not.toContain("woo-7777");
  });

  it("holds back only what existed at the erasure: the person's order and account made afterwards are theirs again", async () => {
    // GIVEN a guest erased by e-mail on 15 January
    await redactShopper(db, shopId, { email: ERASED_EMAIL, customerId: null, requestId: null });
    await db.erasedShopper.updateMany({ where: { shopId }, data: { erasedAt: at("2026-01-15T00:00:00Z") } });
    const order = (id: string, processedAt: string) => ({
      id,
      name: `#${id}`,
      customerId: "woo-8888",
      email: ERASED_EMAIL,
      currency: "EUR",
      totalMinor: 900n,
      refundedMinor: 0n,
      financialStatus: "paid",
      cancelledAt: null,
      processedAt: at(processedAt),
      createdAt: null,
      updatedAt: at(processedAt),
      sourceName: "web",
      refunds: [],
    });
    // WHEN the store sends an order from before the erasure and one from after, and the account made after it
    const result = await upsertOrders(db, shopId, [
      order("woo-7001", "2026-01-10T10:00:00Z"),
      order("woo-7002", "2026-02-01T10:00:00Z"),
    ]);
    const customers = await upsertCustomers(db, shopId, [
      {
        id: "woo-8888",
        email: ERASED_EMAIL,
        firstName: "Back",
        lastName: null,
        createdAt: at("2026-01-20T00:00:00Z"),
        updatedAt: null,
      },
    ]);
    // THEN the old order stays anonymous, the new order and the new account are kept as the person made them
    expect([result.written, result.erased, customers.written, customers.erased]).toEqual([2, 1, 1, undefined]);
    const rows = await db.order.findMany({ where: { shopId }, orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.id, r.customerId, r.email])).toEqual([
      ["woo-7001", null, null],
      ["woo-7002", "woo-8888", ERASED_EMAIL],
    ]);
  });
});
