// The WooCommerce sync against the real WordPress + WooCommerce store (a store of this file's
// own: the figures are over every order the store holds, and HPOS is switched off and on),
// through the app's REST client, mapper, ingest model and analytics, on SQLite or PostgreSQL.
// Every expected figure below is worked out by hand from the orders the test makes.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshAnalyticsSnapshot } from "~/models/analytics-snapshot.server";
import { shopOverview } from "~/models/overview.server";
import { createWooClient, WooApiError, type WooClient } from "~/platforms/woocommerce/rest-client.server";
import { reconcileWooOrderIds, syncWooCommerce } from "~/workflows/sync/woocommerce-sync.server";
import { useTestDb } from "../helpers/db";
import { startPrivateWordPress, type WordPress } from "../helpers/wordpress";

const { db } = await useTestDb();

let wp: WordPress;
let stop: () => void = () => {};
let productId: number;
beforeAll(async () => {
  ({ wp, stop } = await startPrivateWordPress("woo-sync"));
  // The store's seed orders and customers out (for good): the store then holds only what the tests make.
  const seeded = await wp.rest.get<{ id: number }[]>("/orders", { per_page: 100, status: "any", _fields: "id" });
  for (const o of seeded) await wp.fixtures.deleteOrder(o.id);
  const accounts = await wp.rest.get<{ id: number }[]>("/customers", { per_page: 100, _fields: "id" });
  for (const c of accounts) await wp.rest.delete(`/customers/${c.id}`, { force: true });
  productId = (await wp.fixtures.createProduct({ regular_price: "10.00" })).id;
}, 120_000);
afterAll(() => stop());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** WooCommerce dates have whole seconds: a change made in the next second is a newer version. */
const nextSecond = () => sleep(1100);

let seq = 0;
async function newShop() {
  seq++;
  return db.shop.create({
    data: {
      platform: "woocommerce",
      domain: `real-woo-${seq}-${Date.now()}.example.com`,
      name: "Real Woo",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
    },
  });
}

/** The app's client, 5 orders a page so a few dozen orders take several pages. */
const clientFor = (store: WordPress): WooClient =>
  createWooClient({
    baseUrl: store.url,
    consumerKey: store.consumerKey,
    consumerSecret: store.consumerSecret,
    perPage: 5,
  });

const line = (quantity: number) => [{ product_id: productId, quantity }];
const billing = (email: string, first = "Test") => ({ email, first_name: first, last_name: "Buyer", country: "NL" });

/** The orders of the story, each with what the hand figures need. */
async function makeOrders(tag: string) {
  const [ann, ben, cas] = await Promise.all(
    ["ann", "ben", "cas"].map((n) =>
      wp.fixtures.createCustomer({ email: `${n}-${tag}@example.test`, first_name: n, last_name: tag }),
    ),
  );
  const guest = `guest-${tag}@example.test`;
  const o = {
    // Ann: 20.00 completed, 10.00 processing with 4.00 refunded, and a guest order with her
    // e-mail typed in capitals (joins her account by the normalised e-mail)
    ann1: await wp.fixtures.createOrder({
      customer_id: ann.id,
      billing: billing(ann.email),
      line_items: line(2),
      status: "completed",
    }),
    ann2: await wp.fixtures.createOrder({
      customer_id: ann.id,
      billing: billing(ann.email),
      line_items: line(1),
      status: "processing",
    }),
    ann3: await wp.fixtures.createOrder({
      billing: billing(ann.email.toUpperCase()),
      line_items: line(1),
      status: "completed",
    }),
    // Ben: 30.00 refunded in full, 10.00 on hold, 10.00 failed
    ben1: await wp.fixtures.createOrder({
      customer_id: ben.id,
      billing: billing(ben.email),
      line_items: line(3),
      status: "completed",
    }),
    ben2: await wp.fixtures.createOrder({
      customer_id: ben.id,
      billing: billing(ben.email),
      line_items: line(1),
      status: "on-hold",
    }),
    ben3: await wp.fixtures.createOrder({
      customer_id: ben.id,
      billing: billing(ben.email),
      line_items: line(1),
      status: "failed",
    }),
    // a guest: 20.00 pending, 10.00 cancelled, and a checkout draft (not an order)
    g1: await wp.fixtures.createOrder({ billing: billing(guest), line_items: line(2), status: "pending" }),
    g2: await wp.fixtures.createOrder({ billing: billing(guest), line_items: line(1), status: "cancelled" }),
    draft: await wp.fixtures.createOrder({ billing: billing(guest), line_items: line(4), status: "checkout-draft" }),
    // Cas: three completed orders of 10.00, 10.00 and 50.00
    cas1: await wp.fixtures.createOrder({
      customer_id: cas.id,
      billing: billing(cas.email),
      line_items: line(1),
      status: "completed",
    }),
    cas2: await wp.fixtures.createOrder({
      customer_id: cas.id,
      billing: billing(cas.email),
      line_items: line(1),
      status: "completed",
    }),
    cas3: await wp.fixtures.createOrder({
      customer_id: cas.id,
      billing: billing(cas.email),
      line_items: line(5),
      status: "completed",
    }),
  };
  await wp.fixtures.createRefund(o.ann2.id, { amount: "4.00", reason: "one item damaged" });
  // a full refund through WooCommerce: the order's status becomes "refunded"
  await wp.fixtures.createRefund(o.ben1.id, { amount: "30.00", reason: "returned" });
  return { ann, ben, cas, guest, o };
}

const wid = (n: number) => `woo-${n}`;

/**
 * The dashboard's figures (its period is the last 12 complete months) as of the end of next
 * month: a day on which they include the orders made today, whatever the time of day.
 */
async function figures(shopId: string) {
  const now = new Date();
  const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 0, 12));
  const snapshot = await refreshAnalyticsSnapshot(db, shopId, monthEnd);
  const p = snapshot.period.purchases;
  return {
    buyers: snapshot.buyers,
    excluded: snapshot.excluded,
    orders: p.orders,
    revenueMinor: p.revenueMinor,
    purchasingCustomers: p.purchasingCustomers,
    repeatCustomers: p.repeatCustomers,
    repeatPurchaseRate: p.repeatPurchaseRate,
  };
}

describe("WooCommerce sync against the real store", () => {
  it("syncs every status, refunds, customers and guests over many pages; the shop's figures equal the hand-computed ones; edits, trash and deletes follow (real WordPress)", async () => {
    // GIVEN the store holds only this test's orders (below), and HPOS is on (a new store's default)
    expect(
      await wp.php<boolean>(
        "return wc_get_container()->get( Automattic\\WooCommerce\\Utilities\\OrderUtil::class )::custom_orders_table_usage_is_enabled();",
      ),
    ).toBe(true);
    const { ann, ben, cas, guest, o } = await makeOrders("hpos");
    const shop = await newShop();
    const client = clientFor(wp);

    // WHEN the shop syncs for the first time
    const first = await syncWooCommerce({ db, client }, shop.id);

    // THEN the 11 orders (not the draft) landed over several pages of 5
    expect(first.requests).toBeGreaterThanOrEqual(4); // >= 3 order pages + the customer page
    expect(first.failed).toEqual([]);
    const rows = await db.order.findMany({
      where: { shopId: shop.id },
      include: { refunds: true },
      orderBy: { id: "asc" },
    });
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(rows).toHaveLength(11);
    expect(byId.has(wid(o.draft.id))).toBe(false);
    const state = (n: number) => {
      const r = byId.get(wid(n))!;
      return [r.financialStatus, r.totalMinor, r.refundedMinor, r.cancelledAt !== null, r.customerId];
    };
    expect(state(o.ann1.id)).toEqual(["paid", 2000n, 0n, false, wid(ann.id)]);
    expect(state(o.ann2.id)).toEqual(["partially_refunded", 1000n, 400n, false, wid(ann.id)]);
    expect(state(o.ann3.id)).toEqual(["paid", 1000n, 0n, false, null]);
    expect(byId.get(wid(o.ann3.id))!.email).toBe(ann.email); // normalised
    expect(state(o.ben1.id)).toEqual(["refunded", 3000n, 3000n, false, wid(ben.id)]);
    expect(state(o.ben2.id)).toEqual(["pending", 1000n, 0n, false, wid(ben.id)]);
    expect(state(o.ben3.id)).toEqual(["voided", 1000n, 0n, true, wid(ben.id)]);
    expect(state(o.g1.id)).toEqual(["pending", 2000n, 0n, false, null]);
    expect(state(o.g2.id)).toEqual(["voided", 1000n, 0n, true, null]);
    expect(byId.get(wid(o.ann2.id))!.refunds.map((r) => r.amountMinor)).toEqual([400n]);
    expect(byId.get(wid(o.ben1.id))!.refunds.map((r) => r.amountMinor)).toEqual([3000n]);
    // the three accounts, from GET /customers and the orders
    const customers = await db.customer.findMany({ where: { shopId: shop.id }, orderBy: { id: "asc" } });
    expect(customers.map((c) => [c.id, c.email])).toEqual(
      [ann, ben, cas].map((c) => [wid(c.id), c.email]).sort((a, b) => a[0].localeCompare(b[0])),
    );

    // AND the figures the dashboard shows equal the hand-computed ones:
    // purchases (not cancelled/failed, not refunded in full): Ann 20 + 6 + 10 (her guest order
    // joins her by e-mail) = 36.00 in 3; Ben 10.00 in 1 (on hold); the guest 20.00 in 1
    // (pending); Cas 10 + 10 + 50 = 70.00 in 3. 8 orders, 136.00, 4 buyers of whom Ann and Cas
    // repeat: 50 %. Excluded: Ben's failed and the guest's cancelled order, Ben's refunded one.
    expect(await figures(shop.id)).toEqual({
      buyers: { total: 4, oneTime: 2, repeat: 2 },
      excluded: { cancelled: 2, fullyRefunded: 1, unattributed: 0, otherCurrency: 0, afterObservationEnd: 0 },
      orders: 8,
      revenueMinor: 13_600,
      purchasingCustomers: 4,
      repeatCustomers: 2,
      repeatPurchaseRate: 50,
    });
    expect(await shopOverview(db, shop.id)).toMatchObject({ customers: 3, orders: 8, netRevenueMinor: 13_600 });
    const insight = await db.customerInsight.findUniqueOrThrow({
      where: { shopId_customerKey: { shopId: shop.id, customerKey: `c:${wid(ann.id)}` } },
    });
    expect([insight.orders, Number(insight.revenueMinor)]).toEqual([3, 3_600]);

    // WHEN, after the sync, the merchant edits orders in wp-admin (PHP, as the order screen
    // saves), the REST API completes Ben's on-hold order, Ben orders again, Cas's first order
    // is trashed and the second deleted for good, and the sync and id check run again
    await nextSecond();
    const edited = await wp.php<string>(`
      $order = wc_get_order( ${o.cas3.id} );
      $item  = current( $order->get_items() );
      $item->set_quantity( 7 );
      $item->set_subtotal( '70.00' );
      $item->set_total( '70.00' );
      $item->save();
      $order->calculate_totals( false );
      $order->save();
      return $order->get_total();
    `);
    expect(edited).toBe("70.00");
    await wp.fixtures.updateOrder(o.ben2.id, { status: "completed" });
    const ben4 = await wp.fixtures.createOrder({
      customer_id: ben.id,
      billing: billing(ben.email),
      line_items: line(1),
      status: "completed",
    });
    await wp.fixtures.trashOrder(o.cas1.id);
    await wp.fixtures.deleteOrder(o.cas2.id);
    const second = await syncWooCommerce({ db, client }, shop.id);
    const ids = await reconcileWooOrderIds({ db, client }, shop.id);

    // THEN the second run read only what changed since the watermark (not the 11 again)
    expect(second.ordersFetched).toBeGreaterThanOrEqual(4);
    expect(second.ordersFetched).toBeLessThan(11);
    expect(second.removed).toBe(1); // the trashed order
    expect(ids.removed).toEqual([wid(o.cas2.id)]); // the deleted one: in no listing, 404 by id
    expect(await db.order.count({ where: { shopId: shop.id, id: { in: [wid(o.cas1.id), wid(o.cas2.id)] } } })).toBe(0);
    const cas3 = await db.order.findUniqueOrThrow({ where: { shopId_id: { shopId: shop.id, id: wid(o.cas3.id) } } });
    expect(cas3.totalMinor).toBe(7000n);
    // AND the figures: Ann 36.00 in 3; Ben 10 + 10 = 20.00 in 2; the guest 20.00 in 1; Cas
    // 70.00 in 1. 7 orders, 146.00, 4 buyers, Ann and Ben repeat.
    expect(await figures(shop.id)).toEqual({
      buyers: { total: 4, oneTime: 2, repeat: 2 },
      excluded: { cancelled: 2, fullyRefunded: 1, unattributed: 0, otherCurrency: 0, afterObservationEnd: 0 },
      orders: 7,
      revenueMinor: 14_600,
      purchasingCustomers: 4,
      repeatCustomers: 2,
      repeatPurchaseRate: 50,
    });
    expect(ben4.status).toBe("completed");
    expect(guest).toMatch(/^guest-/);

    // WHEN nothing changes and both run again THEN nothing is written or removed
    const again = await syncWooCommerce({ db, client }, shop.id);
    expect([again.ordersWritten, again.removed]).toEqual([0, 0]);
    expect((await reconcileWooOrderIds({ db, client }, shop.id)).removed).toEqual([]);
  }, 180_000);

  it("with HPOS off (orders in WordPress posts) lands the same rows as with HPOS on (real WordPress)", async () => {
    // GIVEN a second set of orders, made while HPOS is on, synced into one shop
    const { o } = await makeOrders("both");
    const withHpos = await newShop();
    await syncWooCommerce({ db, client: clientFor(wp) }, withHpos.id);
    // WHEN HPOS is switched off (WooCommerce copies the orders to its posts tables first) and
    // another shop syncs the same store, and an order placed while HPOS is off syncs too
    const switched = await wp.setHpos(false);
    try {
      expect([switched.was, switched.enabled]).toEqual([true, false]);
      const withoutHpos = await newShop();
      const result = await syncWooCommerce({ db, client: clientFor(wp) }, withoutHpos.id);
      expect(result.failed).toEqual([]);
      // THEN both shops hold the same orders with the same amounts, statuses and refunds
      const rows = async (shopId: string) =>
        (await db.order.findMany({ where: { shopId }, include: { refunds: true }, orderBy: { id: "asc" } })).map(
          (r) => [
            r.id,
            r.customerId,
            r.email,
            r.totalMinor,
            r.refundedMinor,
            r.financialStatus,
            r.cancelledAt !== null,
            r.processedAt.toISOString(),
            r.refunds.map((f) => [f.id, f.amountMinor]),
          ],
        );
      const [a, b] = [await rows(withHpos.id), await rows(withoutHpos.id)];
      expect(b).toEqual(a);
      expect(b.some((r) => r[0] === wid(o.ann2.id))).toBe(true);
      // AND an order made with HPOS off arrives by modified_after
      await nextSecond();
      const late = await wp.fixtures.createOrder({
        billing: billing(`late-${Date.now()}@example.test`),
        line_items: line(3),
        status: "processing",
      });
      const incremental = await syncWooCommerce({ db, client: clientFor(wp) }, withoutHpos.id);
      expect(incremental.ordersWritten).toBe(1);
      const row = await db.order.findUniqueOrThrow({
        where: { shopId_id: { shopId: withoutHpos.id, id: wid(late.id) } },
      });
      expect([row.totalMinor, row.financialStatus]).toEqual([3000n, "paid"]);
    } finally {
      expect((await wp.setHpos(true)).enabled).toBe(true);
    }
  }, 180_000);

  it("with a wrong consumer secret fails with a clear error, marks the sync failed and writes nothing (real WordPress)", async () => {
    const shop = await newShop();
    const waits: number[] = [];
    const client = createWooClient({
      baseUrl: wp.url,
      consumerKey: wp.consumerKey,
      consumerSecret: `cs_${"0".repeat(40)}`,
      sleep: async (ms) => void waits.push(ms),
    });
    const error = await syncWooCommerce({ db, client }, shop.id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WooApiError);
    expect((error as WooApiError).kind).toBe("auth");
    expect((error as Error).message).toMatch(
      /^WooCommerce at http:\/\/127\.0\.0\.1:\d+ refused the REST API keys \(HTTP 401, woocommerce_rest_authentication_error\): check the consumer key and secret/,
    );
    expect(waits).toEqual([]); // not retried
    expect(await db.order.count({ where: { shopId: shop.id } })).toBe(0);
    const state = await db.syncState.findUniqueOrThrow({
      where: { shopId_kind: { shopId: shop.id, kind: "woocommerce" } },
    });
    expect([state.status, state.cursor, state.error]).toEqual(["failed", null, (error as Error).message]);
  });

  it("reads a long history in concurrent modified-time windows and lands exactly the rows of one sequential walk (real WordPress)", async () => {
    // GIVEN the store's orders (over 20 by now, from the tests above) read 2 a page: over 10 pages
    const base = clientFor(wp);
    const windowed: { modifiedBefore?: Date | null; perPage?: number }[] = [];
    const client2 = (): WooClient =>
      createWooClient({ baseUrl: wp.url, consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret, perPage: 2 });
    const seeing = client2();
    const recording: WooClient = {
      ...seeing,
      ordersPage: (q) => {
        windowed.push({ modifiedBefore: q?.modifiedBefore, perPage: q?.perPage });
        return seeing.ordersPage(q);
      },
    };
    expect((await base.ordersPage()).total).toBeGreaterThan(20);
    const [one, three] = [await newShop(), await newShop()];
    // WHEN one shop syncs page after page and the other with three windows side by side
    const a = await syncWooCommerce({ db, client: client2() }, one.id, new Date(), { concurrency: 1 });
    const b = await syncWooCommerce({ db, client: recording }, three.id, new Date(), { concurrency: 3 });
    // THEN the second used windows (cut points asked with one-order pages, bounded walks)
    expect(windowed.filter((q) => q.perPage === 1)).toHaveLength(2);
    expect(windowed.some((q) => q.modifiedBefore)).toBe(true);
    // AND both hold the same orders, refunds and watermark
    const rows = async (shopId: string) =>
      (await db.order.findMany({ where: { shopId }, include: { refunds: true }, orderBy: { id: "asc" } })).map((r) => [
        r.id,
        r.totalMinor,
        r.refundedMinor,
        r.financialStatus,
        r.platformUpdatedAt?.toISOString(),
        r.refunds.length,
      ]);
    expect(await rows(three.id)).toEqual(await rows(one.id));
    expect(b.watermark).toBe(a.watermark);
    expect(b.failed).toEqual([]);
  }, 180_000);

  it("reports an order in a plugin's own status by id instead of missing it silently (real WordPress)", async () => {
    // GIVEN a plugin that adds the status "Shipped" (as order-status plugins do), and an order in it
    fs.writeFileSync(
      path.join(wp.siteDir, "wp-content", "mu-plugins", "test-shipped-status.php"),
      `<?php
add_action( 'init', function () {
  register_post_status( 'wc-shipped', array( 'label' => 'Shipped', 'public' => true, 'show_in_admin_all_list' => true, 'show_in_admin_status_list' => true ) );
} );
add_filter( 'wc_order_statuses', function ( $s ) { $s['wc-shipped'] = 'Shipped'; return $s; } );
`,
    );
    const shop = await newShop();
    const client = clientFor(wp);
    await syncWooCommerce({ db, client }, shop.id);
    await nextSecond();
    const shipped = await wp.fixtures.createOrder({
      billing: billing(`shipped-${Date.now()}@example.test`),
      line_items: line(1),
      status: "shipped",
    });
    expect(shipped.status).toBe("shipped");
    // WHEN the shop syncs
    const result = await syncWooCommerce({ db, client }, shop.id);
    // THEN the order is named in the run's failures (and the Sync page's error), not dropped unseen
    expect(result.failed).toEqual([
      {
        kind: "order",
        id: wid(shipped.id),
        reason: expect.stringContaining('unknown status "shipped"'),
      },
    ]);
    const state = await db.syncState.findUniqueOrThrow({
      where: { shopId_kind: { shopId: shop.id, kind: "woocommerce" } },
    });
    expect(state.error).toContain(wid(shipped.id));
  }, 120_000);
});
