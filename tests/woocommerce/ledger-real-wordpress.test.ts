// The loyalty ledger fed by the real WordPress 7 + WooCommerce 11 store: its own webhook
// deliveries (order.created / order.updated, signed with the connection's secret, caught on
// loopback and handed to the app's webhook route byte for byte) and the REST sync. The same
// rules as Shopify: pending points for the approval period, pro-rata reversal on a refund,
// reversal on cancel, each entry once; the referrer's reward after the friend's first paid order.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { useWordPress, type WordPress } from "../helpers/wordpress";
import { startWebhookReceiver, type WebhookDelivery, type WebhookReceiver } from "../helpers/wordpress-webhooks";
import { newPluginSecret, signedRequest } from "./plugin";

const { db } = await useAppEnv();
const webhookRoute = await import("~/routes/webhooks.woocommerce.$shopId");
const referralRoute = await import("~/routes/proxy.api.referral");
const { completeWooConnect, loadWooConnection } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { ensureAccount, balanceFor } = await import("~/models/loyalty-ledger.server");
const { syncWooCommerce } = await import("~/workflows/sync/woocommerce-sync.server");
const { createWooClient } = await import("~/platforms/woocommerce/rest-client.server");
const { getJobQueue } = await import("~/jobs/queue.server");

let wp: WordPress;
let shopId: string;
let pluginSecret: string;
let receiver: WebhookReceiver;
const webhookIds: number[] = [];
const DAY = 86_400_000;

beforeAll(async () => {
  wp = await useWordPress();
  pluginSecret = newPluginSecret();
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: wp.url, pluginSecret, pluginVersion: "1.0.0" },
    { keyId: "1", consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret, permissions: "read_write" },
    { name: "Real Woo ledger", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
  // The store delivers to a loopback receiver (the app's public URL is not reachable from it),
  // signed with the secret the app generated for this connection.
  receiver = await startWebhookReceiver();
  const secret = (await loadWooConnection(db, appSecretKey(), shopId))!.webhookSecret;
  for (const topic of ["order.created", "order.updated"]) {
    const hook = await wp.fixtures.createWebhook({ topic, delivery_url: receiver.url, secret });
    webhookIds.push(hook.id);
  }
}, 300_000);
afterAll(async () => {
  for (const id of webhookIds) await wp.fixtures.deleteWebhook(id);
  await receiver?.close();
  await (await getJobQueue()).close();
});

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A store customer who joined the loyalty program a minute ago. */
async function member() {
  const made = await wp.fixtures.createCustomer({ email: `ledger-${unique()}@example.test` });
  const customerId = `woo-${made.id}`;
  await db.customer.create({ data: { shopId, id: customerId, email: made.email } });
  await ensureAccount(db, shopId, customerId, { since: new Date(Date.now() - 60_000) });
  return { id: made.id as number, customerId, email: made.email as string };
}

/** Runs the store's queue and hands the newest delivery about `orderId` to the app, as WooCommerce would. */
async function deliverLatest(orderId: number, match: (d: WebhookDelivery) => boolean = () => true) {
  const seen = receiver.deliveries.length;
  await wp.runQueue();
  const d = await receiver.waitFor(
    (x) => receiver.deliveries.indexOf(x) >= seen && (x.json as { id?: number })?.id === orderId && match(x),
  );
  expect((await forward(d)).status).toBe(200);
  return d;
}

/** One delivery to /webhooks/woocommerce/<shopId> with WooCommerce's own headers and bytes. */
function forward(d: WebhookDelivery) {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(d.headers))
    if (typeof v === "string" && /^(x-wc-|content-type|user-agent)/.test(k)) headers[k] = v;
  const request = new Request(`${TEST_APP_URL}/webhooks/woocommerce/${shopId}`, {
    method: "POST",
    headers,
    body: new Uint8Array(d.raw),
  });
  return webhookRoute.action({ request, params: { shopId }, context: {} });
}

// Sorted by kind: a reversal is dated at the refund or cancellation (whole seconds, from the
// store), which can be earlier than the earning written a moment before it.
const KINDS = ["signup", "earn_order", "referral", "reverse_refund", "reverse_cancel"];
const entries = async (customerId: string) =>
  (await db.loyaltyEntry.findMany({ where: { shopId, customerId } })).sort(
    (a, b) => KINDS.indexOf(a.kind) - KINDS.indexOf(b.kind) || a.key.localeCompare(b.key),
  );

describe("the loyalty ledger from WooCommerce orders (real WordPress)", () => {
  it("a paid order earns pending points; refunding half reverses half; cancelling reverses the rest; each once", async () => {
    // GIVEN a member and a paid (processing) order of €40.00
    const m = await member();
    const product = await wp.fixtures.createProduct({ regular_price: "40.00", virtual: true });
    const order = await wp.fixtures.createOrder({
      customer_id: m.id,
      billing: { email: m.email },
      status: "processing",
      set_paid: true,
      line_items: [{ product_id: product.id, quantity: 1 }],
    });
    expect(order.total).toBe("40.00");

    // WHEN the store's order.created arrives
    const created = await deliverLatest(order.id, (d) => d.headers["x-wc-webhook-topic"] === "order.created");
    // THEN 40 points are pending for the approval period (30 days from the order), nothing available yet
    const [earn] = (await entries(m.customerId)).filter((e) => e.kind === "earn_order");
    expect(earn).toMatchObject({ key: `order:woo-${order.id}:earn`, points: 40 });
    expect(earn.availableAt.getTime() - new Date(`${order.date_created_gmt}Z`).getTime()).toBe(30 * DAY);
    const now = await balanceFor(db, shopId, m.customerId);
    expect([now.pending, now.available]).toEqual([40, 50]); // 50: the sign-up bonus
    expect((await balanceFor(db, shopId, m.customerId, new Date(earn.availableAt.getTime() + 1))).available).toBe(90);

    // WHEN the same delivery arrives again (WooCommerce retries with the same bytes), and once more as a new delivery id
    expect((await forward(created)).status).toBe(200);
    const copy = { ...created, headers: { ...created.headers, "x-wc-webhook-delivery-id": `${unique()}` } };
    expect((await forward(copy)).status).toBe(200);
    // THEN nothing more is written
    expect((await entries(m.customerId)).map((e) => e.kind)).toEqual(["signup", "earn_order"]);

    // WHEN half is refunded in the store
    await wp.fixtures.createRefund(order.id, { amount: "20.00", reason: "half back" });
    await deliverLatest(order.id, (d) => (d.json as { refunds?: unknown[] }).refunds?.length === 1);
    // THEN half the points are reversed (pending goes down: they were not available yet)
    const refund = (await entries(m.customerId)).filter((e) => e.kind === "reverse_refund");
    expect(refund.map((e) => e.points)).toEqual([-20]);
    expect((await balanceFor(db, shopId, m.customerId)).pending).toBe(20);

    // WHEN the order is cancelled
    await wp.fixtures.updateOrder(order.id, { status: "cancelled" });
    const cancelled = await deliverLatest(order.id, (d) => (d.json as { status?: string }).status === "cancelled");
    // THEN the remaining 20 are reversed, and a replay of that delivery changes nothing
    expect((await forward(cancelled)).status).toBe(200);
    const all = await entries(m.customerId);
    expect(all.map((e) => [e.kind, e.points])).toEqual([
      ["signup", 50],
      ["earn_order", 40],
      ["reverse_refund", -20],
      ["reverse_cancel", -20],
    ]);
    expect(await balanceFor(db, shopId, m.customerId)).toMatchObject({ pending: 0, available: 50 });
  });

  it("a cancellation stamped in the same second as the order's previous change still reverses the points", async () => {
    // GIVEN a member's paid order, earned
    const m = await member();
    const product = await wp.fixtures.createProduct({ regular_price: "25.00", virtual: true });
    const order = await wp.fixtures.createOrder({
      customer_id: m.id,
      status: "processing",
      set_paid: true,
      line_items: [{ product_id: product.id, quantity: 1 }],
    });
    const created = await deliverLatest(order.id, (d) => d.headers["x-wc-webhook-topic"] === "order.created");
    const stamp = (created.json as { date_modified_gmt: string }).date_modified_gmt;

    // WHEN it is cancelled within the same second (WooCommerce stamps changes in whole seconds; the
    // stamp is set back in the order table to make "the same second" certain on a loaded machine)
    await wp.fixtures.updateOrder(order.id, { status: "cancelled" });
    await wp.php(
      `global $wpdb; $wpdb->update( $wpdb->prefix . 'wc_orders', array( 'date_updated_gmt' => '${stamp.replace("T", " ")}' ), array( 'id' => ${order.id} ) ); return true;`,
    );
    const cancelled = await deliverLatest(order.id, (d) => (d.json as { status?: string }).status === "cancelled");
    expect((cancelled.json as { date_modified_gmt: string }).date_modified_gmt).toBe(stamp);

    // THEN the order is cancelled in the app and its 25 points are reversed
    const row = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId, id: `woo-${order.id}` } } });
    expect(row.cancelledAt).not.toBeNull();
    expect((await entries(m.customerId)).map((e) => [e.kind, e.points])).toEqual([
      ["signup", 50],
      ["earn_order", 25],
      ["reverse_cancel", -25],
    ]);
  });

  it("the sync catches up a member's order whose webhook never came, once however often it runs", async () => {
    // GIVEN a member's paid order of €12.34 that the app has not been told about
    const m = await member();
    const product = await wp.fixtures.createProduct({ regular_price: "12.34", virtual: true });
    const order = await wp.fixtures.createOrder({
      customer_id: m.id,
      status: "completed",
      set_paid: true,
      line_items: [{ product_id: product.id, quantity: 1 }],
    });
    const client = createWooClient({ baseUrl: wp.url, consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret });

    // WHEN the sync runs (twice)
    await syncWooCommerce({ db, client }, shopId);
    await syncWooCommerce({ db, client }, shopId);

    // THEN the order earned floor(12.34) = 12 points, once
    const earned = (await entries(m.customerId)).filter((e) => e.orderId === `woo-${order.id}`);
    expect(earned.map((e) => [e.kind, e.points])).toEqual([["earn_order", 12]]);
  });

  it("a referred friend gets an e-mail-restricted welcome coupon; the referrer earns after the friend's first paid order", async () => {
    // GIVEN a referrer (a member, with a referral code) and a friend who is a store customer
    const referrer = await member();
    const account = await db.loyaltyAccount.findUniqueOrThrow({
      where: { shopId_customerId: { shopId, customerId: referrer.customerId } },
    });
    const friendMade = await wp.fixtures.createCustomer({ email: `friend-${unique()}@example.test` });
    const claim = (body: object) =>
      callRoute(
        referralRoute.action as never,
        signedRequest(`/proxy/api/referral`, {
          secret: pluginSecret,
          params: {
            shop: shopId,
            logged_in_customer_id: String(friendMade.id),
            path_prefix: "/wp-json/retention/v1/proxy",
          },
          body: JSON.stringify(body),
        }),
      ) as Promise<Response>;

    // WHEN the friend, logged in, claims the code through the plugin's storefront proxy
    const claimed = await claim({ code: account.referralCode });
    expect(claimed.status).toBe(200);
    const { code } = await claimed.json();
    // THEN the store holds a 10% coupon only the friend's address can use, once
    const [coupon] = await wp.rest.get("/coupons", { code });
    expect(coupon).toMatchObject({
      discount_type: "percent",
      amount: "10.00",
      email_restrictions: [friendMade.email],
      usage_limit: 1,
      individual_use: true,
    });

    // WHEN the friend's first order is paid
    const product = await wp.fixtures.createProduct({ regular_price: "30.00", virtual: true });
    const unpaid = await wp.fixtures.createOrder({
      customer_id: friendMade.id,
      status: "pending",
      line_items: [{ product_id: product.id, quantity: 1 }],
    });
    await deliverLatest(unpaid.id);
    // (not paid yet: no reward)
    expect((await entries(referrer.customerId)).map((e) => e.kind)).toEqual(["signup"]);
    await wp.fixtures.updateOrder(unpaid.id, { status: "processing", set_paid: true });
    await deliverLatest(unpaid.id, (d) => (d.json as { status?: string }).status === "processing");

    // THEN the referrer earns the referral reward (500 points by default), once
    const rewards = (await entries(referrer.customerId)).filter((e) => e.kind === "referral");
    expect(rewards.map((e) => e.points)).toEqual([500]);
  });
});
