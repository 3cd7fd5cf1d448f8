// kill -9 during the WooCommerce sync, against the real WordPress + WooCommerce store (a store of
// this file's own: the counts are over every order it holds). A real child process
// (tests/crash/woo-child.ts: the app's job engine and WooCommerce webhook front door) runs the
// store's first sync, 5 orders a page, and is SIGKILLed three times: (1) mid-page, a page's
// orders written but not their points nor the watermark; (2) after a page's orders and points,
// before its watermark move; (3) while a webhook from the store (a refund) is being processed,
// its order written but not its points, the resumed sync stopped too. Between the kills the
// store changes (a refund, a cancellation, a new order) and WooCommerce delivers its webhooks;
// a last process finishes the sync while the store changes once more. Then the test counts:
// every order of the store once, in its latest version, every refund once, each order's points
// once, and each restart resumed from the watermark rather than from the start. On SQLite, or
// TEST_DATABASE=postgresql.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/wordpress-stack.mjs";
import { TEST_API_KEY, TEST_API_SECRET, useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";
import { startPrivateWordPress, type WordPress } from "../helpers/wordpress";
import { newPluginSecret } from "../woocommerce/plugin";
import { startWooChild, waitFor, type WooChild } from "./woo-child-process";

const { db, databaseUrl } = await useAppEnv({ WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "1" });
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { ensureAccount } = await import("~/models/loyalty-ledger.server");

const PAGE = 5;
const MINE = 18; // + the store's 7 seed orders: 5 pages of 5, walked one after another

let wp: WordPress;
let stop: () => void = () => {};
let shopId: string;
let port: number;
let member: { wpId: number; customerId: string; email: string };
let mine: number[];
beforeAll(async () => {
  ({ wp, stop } = await startPrivateWordPress("sync-crash"));
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: wp.url, pluginSecret: newPluginSecret(), pluginVersion: "1.0.0" },
    { keyId: "1", consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret, permissions: "read_write" },
    { name: "Crash Woo", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
  port = (await freePort()) as number;
  // A loyalty member (joined yesterday): each of their paid orders earns points, once.
  const made = await wp.fixtures.createCustomer({ email: `member-${Date.now()}@example.test`, first_name: "Mia" });
  member = { wpId: made.id, customerId: `woo-${made.id}`, email: made.email };
  await db.customer.create({ data: { shopId, id: member.customerId, email: member.email } });
  await ensureAccount(db, shopId, member.customerId, { since: new Date(Date.now() - 86_400_000) });
  const product = await wp.fixtures.createProduct({ regular_price: "10.00" });
  // The orders, in one PHP run: three of four are the member's, all paid. Then every order of the
  // store gets its own change time, 10 s apart in id order, so the pages have distinct watermarks.
  mine = await wp.php<number[]>(`
    $ids = array();
    for ( $i = 1; $i <= ${MINE}; $i++ ) {
      $guest = 0 === $i % 4;
      $order = wc_create_order( $guest ? array() : array( 'customer_id' => ${made.id} ) );
      $order->add_product( wc_get_product( ${product.id} ), 1 + $i % 3 );
      $order->set_billing_email( $guest ? "guest-$i@example.test" : '${made.email}' );
      $order->set_billing_first_name( $guest ? 'Guest' : 'Mia' );
      $order->set_billing_country( 'NL' );
      $order->calculate_totals();
      $order->set_status( 'completed' );
      $order->save();
      $ids[] = $order->get_id();
    }
    global $wpdb;
    $all = $wpdb->get_col( "SELECT id FROM {$wpdb->prefix}wc_orders WHERE type = 'shop_order' ORDER BY id" );
    $base = time() - 3600;
    foreach ( $all as $k => $id ) {
      $wpdb->update( "{$wpdb->prefix}wc_orders", array( 'date_updated_gmt' => gmdate( 'Y-m-d H:i:s', $base + 10 * $k ) ), array( 'id' => $id ) );
    }
    wp_cache_flush();
    return $ids;
  `);
}, 240_000);
// Stopping the store (its PHP and MariaDB) takes a while on a loaded machine.
afterAll(() => stop(), 180_000);

const childEnv = (crashAt: string, startSync = false) => ({
  NODE_ENV: "test",
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: `http://127.0.0.1:${port}`,
  DEMO_MODE: "0",
  DATABASE_URL: databaseUrl,
  WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "1",
  WOOCOMMERCE_PAGE_SIZE: String(PAGE),
  ANALYTICS_DEBOUNCE_MS: "100",
  PORT: String(port),
  CRASH_AT: crashAt,
  ...(startSync ? { START_SYNC: shopId } : {}),
});

const syncState = () => db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId, kind: "woocommerce" } } });

/** The modified_after of the sync's order pages a child asked for (not the trash, not the id check), in order. */
const ordersAsked = (child: WooChild) =>
  child.lines
    .filter((l) => l.startsWith("STORE GET /wp-json/wc/v3/orders?") && !/status=trash|_fields=id/.test(l))
    .map((l) => new URL(`http://x${l.split(" ")[2]}`).searchParams.get("modified_after"));
/** WooCommerce's date format, as the client sends it, one second before the watermark. */
const askedAfter = (watermark: string) => new Date(new Date(watermark).getTime() - 1000).toISOString().slice(0, 19);

interface StoreOrder {
  id: number;
  status: string;
  customer_id: number;
  total: string;
  date_modified_gmt: string;
  refunds: { id: number }[];
}
async function storeOrders() {
  const all: StoreOrder[] = [];
  for (let page = 1; ; page++) {
    const items = await wp.rest.get<StoreOrder[]>("/orders", { per_page: 100, page, status: "any", orderby: "id" });
    all.push(...items);
    if (items.length < 100) return all;
  }
}

describe("kill -9 during the WooCommerce sync (real WordPress)", () => {
  it(
    "every order once in its latest version, refunds and points once, each restart resumed from the watermark",
    { timeout: 240_000 },
    async () => {
      const started = Date.now();
      const [m1, m2] = mine.filter((_id, i) => (i + 1) % 4 !== 0);
      const marks: Record<string, unknown> = {};

      // (1) the first sync, killed mid-page: page 2's orders written, their points not, watermark at page 1
      const first = await startWooChild(childEnv("sync-ledger:1", true));
      await first.until("PAUSED sync-ledger:1", 120_000).catch(async (e) => {
        const entries = await db.loyaltyEntry.count({ where: { shopId } });
        throw new Error(`${e.message}; ledger entries: ${entries}; sync: ${JSON.stringify(await syncState())}`);
      });
      const w1 = (await syncState()).cursor!;
      marks.kill1 = { watermark: w1, orders: await db.order.count({ where: { shopId } }) };
      await first.kill();
      expect(marks.kill1).toEqual({ watermark: expect.any(String), orders: 2 * PAGE - 1 }); // page 2 re-reads page 1's last

      // (2) a new process resumes by itself, killed after a page's orders and points, before its watermark
      const second = await startWooChild(childEnv("sync-watermark:2"));
      await second.until("PAUSED sync-watermark:2");
      const w2 = (await syncState()).cursor!;
      marks.kill2 = { watermark: w2, orders: await db.order.count({ where: { shopId } }) };
      await second.kill();
      expect(ordersAsked(second)[0]).toBe(askedAfter(w1)); // resumed, not restarted
      expect(w2 > w1).toBe(true);

      // the store changes meanwhile: a refund, a cancellation, a new order (webhooks queued)
      await wp.fixtures.createRefund(m1, { amount: "4.00", reason: "damaged" });
      await wp.rest.put(`/orders/${m2}`, { status: "cancelled" });
      const product = await wp.fixtures.createProduct({ regular_price: "12.00" });
      const late = await wp.fixtures.createOrder({
        customer_id: member.wpId,
        billing: { email: member.email, first_name: "Mia", country: "NL" },
        line_items: [{ product_id: product.id, quantity: 1 }],
        status: "completed",
      });

      // (3) killed while the store's webhook for the refund is processed (the resumed sync stopped too)
      const third = await startWooChild(childEnv("webhook-ledger|sync-watermark:1"));
      await third.until("PAUSED sync-watermark:1");
      // WooCommerce queues its deliveries (Action Scheduler): run the due ones until one reaches the child.
      const delivering: Promise<unknown>[] = [];
      for (const end = Date.now() + 150_000; !third.lines.includes("PAUSED webhook-ledger");) {
        if (Date.now() > end) await third.until("PAUSED webhook-ledger", 0); // fails with what the child printed
        delivering.push(wp.runQueue().catch((e) => e));
        await third.until("PAUSED webhook-ledger", 15_000).catch(() => undefined);
      }
      marks.kill3 = {
        watermark: (await syncState()).cursor,
        events: await db.webhookEvent.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } }),
      };
      await third.kill();
      await Promise.all(delivering);
      expect(ordersAsked(third)[0]).toBe(askedAfter(w2));

      // a last process finishes the sync, while the store changes once more and delivers its webhooks
      const last = await startWooChild(childEnv(""));
      await wp.rest.put(`/orders/${mine[2]}`, { status: "processing" });
      await wp.runQueue();
      await waitFor(async () => (await syncState()).status === "completed", "the resumed sync", 120_000);
      expect(ordersAsked(last)[0]).toBe(askedAfter(w2));
      // the next scheduled run reads what changed during this one
      expect(await (await last.get(`/jobs/woo-sync?shop=${shopId}`)).json()).toEqual([]);
      await last.kill();

      // THEN every order of the store once, in its latest version
      const store = await storeOrders();
      const rows = await db.order.findMany({ where: { shopId }, include: { refunds: true } });
      const byId = new Map(rows.map((r) => [r.id, r]));
      expect(rows.map((r) => r.id).sort()).toEqual(store.map((o) => `woo-${o.id}`).sort());
      for (const o of store) {
        const row = byId.get(`woo-${o.id}`)!;
        expect([o.id, row.platformUpdatedAt?.toISOString()]).toEqual([o.id, `${o.date_modified_gmt}.000Z`]);
        expect([o.id, row.refunds.length]).toEqual([o.id, o.refunds.length]);
      }
      expect(byId.get(`woo-${m1}`)!.refundedMinor).toBe(400n);
      expect(byId.get(`woo-${m2}`)!.cancelledAt).not.toBeNull();
      expect(byId.has(`woo-${late.id}`)).toBe(true);
      // every refund once
      expect(await db.refund.count({ where: { shopId } })).toBe(store.reduce((n, o) => n + o.refunds.length, 0));
      // the member's points once per order: earned once for each paid order, the refund and the cancel reversed once
      const entries = await db.loyaltyEntry.groupBy({
        by: ["orderId", "kind"],
        where: { shopId, customerId: member.customerId, orderId: { not: null } },
        _count: { _all: true },
      });
      expect(entries.filter((e) => e._count._all !== 1)).toEqual([]);
      const memberOrders = store.filter((o) => o.customer_id === member.wpId).map((o) => `woo-${o.id}`);
      const kinds = (kind: string) =>
        entries
          .filter((e) => e.kind === kind)
          .map((e) => e.orderId)
          .sort();
      expect(kinds("earn_order")).toEqual(memberOrders.sort());
      expect(kinds("reverse_refund")).toEqual([`woo-${m1}`]);
      expect(kinds("reverse_cancel")).toEqual([`woo-${m2}`]);
      // the watermark is the store's newest change
      const newest = store
        .map((o) => `${o.date_modified_gmt}.000Z`)
        .sort()
        .at(-1);
      expect((await syncState()).cursor).toBe(newest);

      console.log(
        JSON.stringify({
          crash: "woocommerce-sync",
          database: testDatabaseKind(),
          marks,
          storeOrders: store.length,
          asked: { second: ordersAsked(second), third: ordersAsked(third), last: ordersAsked(last) },
          totalMs: Date.now() - started,
        }),
      );
    },
  );
});
