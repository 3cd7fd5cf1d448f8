// The test harness on the real WordPress 7 + WooCommerce 11 store (../shared/wordpress): REST v3
// with Basic auth, webhook delivery made deterministic with runQueue, and HPOS switched from PHP.
// One file, so that the store-wide HPOS switch never runs beside another of these tests.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useWordPress, type WordPress } from "../helpers/wordpress";
import { startWebhookReceiver, wooSignatureValid, type WebhookReceiver } from "../helpers/wordpress-webhooks";

let wp: WordPress;
beforeAll(async () => {
  wp = await useWordPress();
}, 300_000);

describe("real WordPress: REST v3", () => {
  it("lists the seeded orders over REST v3 with Basic auth, and refuses a request without it", async () => {
    const res = await wp.rest.request("GET", "/orders", undefined, {
      query: { per_page: 100, orderby: "id", order: "asc" },
    });
    expect(res.status).toBe(200);
    expect(Number(res.headers.get("x-wp-total"))).toBeGreaterThanOrEqual(7);
    const seeded = res.body.filter((o: { created_via: string }) => o.created_via === "wpstack-seed");
    expect(seeded.map((o: { status: string }) => o.status).sort()).toEqual([
      "cancelled",
      "completed",
      "completed",
      "completed",
      "on-hold",
      "pending",
      "processing",
    ]);
    expect(seeded.every((o: { currency: string }) => o.currency === "EUR")).toBe(true);
    const refunded = seeded.find((o: { refunds: unknown[] }) => o.refunds.length > 0);
    expect(refunded.refunds).toEqual([expect.objectContaining({ total: "-15.00", reason: "One mug arrived broken" })]);

    const anonymous = await wp.rest.request("GET", "/orders", undefined, { auth: false });
    expect(anonymous.status).toBe(401);
  });
});

describe("real WordPress: webhooks", () => {
  let receiver: WebhookReceiver;
  let webhookId: number | undefined;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    if (webhookId) await wp.fixtures.deleteWebhook(webhookId);
    await receiver.close();
  });

  it("delivers a signed order.created webhook to a loopback receiver after runQueue", async () => {
    // GIVEN an active order.created webhook pointing at a receiver on 127.0.0.1 (WooCommerce pings it)
    const secret = `s3cret-${Date.now()}`;
    const hook = await wp.fixtures.createWebhook({ topic: "order.created", delivery_url: receiver.url, secret });
    webhookId = hook.id;
    await receiver.waitFor((d) => d.raw.toString() === `webhook_id=${hook.id}`, 10_000);
    const product = await wp.fixtures.createProduct({ regular_price: "21.50" });

    // WHEN an order is created and the queued delivery is run
    const order = await wp.fixtures.createOrder({ line_items: [{ product_id: product.id, quantity: 2 }] });
    await wp.runQueue();

    // THEN the delivery carries the order, with WooCommerce's signature over the raw body
    const d = await receiver.waitFor(
      (x) => x.headers["x-wc-webhook-topic"] === "order.created" && (x.json as { id?: number })?.id === order.id,
      10_000,
    );
    expect(wooSignatureValid(d, secret)).toBe(true);
    expect(wooSignatureValid(d, `${secret}-wrong`)).toBe(false);
    expect(d.headers["x-wc-webhook-id"]).toBe(String(hook.id));
    expect(d.json).toMatchObject({ id: order.id, total: "43.00", currency: "EUR" });
  });
});

describe("real WordPress: HPOS", () => {
  let leftOff = false;
  afterAll(async () => {
    if (leftOff) await wp.setHpos(true); // leave the store as it was made: HPOS on
  });

  it("switches HPOS off and on, keeping the orders readable over REST both ways", async () => {
    // GIVEN the store as set up, with HPOS (WooCommerce's own order tables) on
    // WHEN it is switched off, an order is made in the posts tables only
    expect(await wp.setHpos(false)).toEqual({ was: true, enabled: false, pendingSync: 0 });
    leftOff = true;
    const product = await wp.fixtures.createProduct();
    const made = await wp.fixtures.createOrder({ line_items: [{ product_id: product.id, quantity: 1 }] });
    const where = (id: number) =>
      `global $wpdb; return array( get_post_type( ${id} ), (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}wc_orders WHERE id = ${id}" ) );`;
    expect(await wp.php(where(made.id))).toEqual(["shop_order", 0]);
    const seededWhileOff = await wp.rest.get("/orders", { per_page: 100 });
    expect(seededWhileOff.filter((o: { created_via: string }) => o.created_via === "wpstack-seed")).toHaveLength(7);

    // THEN switching back on copies that order into the order tables (its post stays), and REST reads it from there
    expect(await wp.setHpos(true)).toEqual({ was: false, enabled: true, pendingSync: 0 });
    leftOff = false;
    expect(await wp.php(where(made.id))).toEqual(["shop_order", 1]);
    expect(await wp.rest.get(`/orders/${made.id}`)).toMatchObject({ id: made.id, status: made.status });
  });
});
