// A shopper's whole journey on a real WooCommerce store connected to the real app, in Chromium
// (real WordPress): a customer registers on My Account, joins the rewards programme, buys with
// cash on delivery at the classic checkout ([woocommerce_checkout] shortcode page: it is driven by
// plain form fields, the block checkout by React state), the store's webhook brings the order to
// the app, the points show as pending in the storefront panel and become spendable after the
// approval period, are redeemed for a coupon that WooCommerce applies at checkout; a friend opens
// the member's referral link, sees the offer, registers, gets a code and buys with it, and the
// member is rewarded; the friend's NPS answer on the order-received page shows on the app's NPS page.
//
// Setup as in woocommerce-connect.e2e.test.ts (tests/e2e/woocommerce-app.ts): the built app on
// loopback behind an https front, the plugin from its zip, connected by a shop manager through
// WooCommerce's key approval; the app registers its webhooks in the store itself (first sync job).
// Webhooks are delivered by running the store's queue (Action Scheduler) instead of waiting for
// WP-Cron. Screenshots go to tests/output/woocommerce-journey-*.png.
import crypto from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { useWordPress, type WordPress } from "../helpers/wordpress";
import { launchBrowser, screenshot } from "./browser";
import {
  connectStore,
  installPluginWithManager,
  signInToWordPress,
  startWooApp,
  waitFor,
  type WooApp,
} from "./woocommerce-app";

vi.setConfig({ testTimeout: 240_000 });

let wp: WordPress;
let app: WooApp;
let chromium: Browser;
let shopId = "";
/** The app's dashboard, signed in by the shop manager's "Open dashboard". */
let dashboard: Page;
let rewardsPageUrl = "";
let checkoutUrl = "";
/** The store's own checkout page, put back after the run (the store is shared by the run's files). */
let previousCheckoutPageId = 0;
const products = { big: 0, small: 0 };
const tag = crypto.randomBytes(3).toString("hex");
const member = { email: `journey-${tag}@example.test`, password: `Pw!${crypto.randomBytes(12).toString("base64url")}` };
const friend = {
  email: `journey-friend-${tag}@example.test`,
  password: `Pw!${crypto.randomBytes(12).toString("base64url")}`,
};
let memberContext: BrowserContext;
let memberTab: Page;
let memberCustomerId = "";
/** The friend's tab, left on the order-received page of their first order. */
let friendTab: Page;

const customerIdOf = async (email: string) =>
  `woo-${await wp.php<number>(`return (int) get_user_by( 'email', '${email}' )->ID;`)}`;

const entriesOf = (customerId: string) =>
  app.db.loyaltyEntry.findMany({
    where: { shopId, customerId },
    select: { kind: true, points: true, orderId: true },
    orderBy: { createdAt: "asc" },
  });

beforeAll(async () => {
  wp = await useWordPress();
  app = await startWooApp("e2e-woocommerce-journey");
  const manager = await installPluginWithManager(wp, "retention-for-woocommerce-journey.zip");

  // The store: registration on My Account with a password of the shopper's choosing, cash on
  // delivery as the payment method (WooCommerce's gateway settings), a classic checkout page, and
  // two virtual products (no shipping address needed).
  const setup = await wp.php<{ checkout: string; previous: number; rewards: string }>(`
    update_option( 'woocommerce_enable_myaccount_registration', 'yes' );
    update_option( 'woocommerce_registration_generate_password', 'no' );
    update_option( 'woocommerce_registration_generate_username', 'yes' );
    $cod = get_option( 'woocommerce_cod_settings', array() );
    update_option( 'woocommerce_cod_settings', array_merge( is_array( $cod ) ? $cod : array(), array(
      'enabled' => 'yes', 'title' => 'Cash on delivery', 'enable_for_methods' => array(), 'enable_for_virtual' => 'yes' ) ) );
    $previous = (int) get_option( 'woocommerce_checkout_page_id' );
    $checkout = wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_name' => 'journey-checkout-${tag}',
      'post_title' => 'Checkout', 'post_content' => '[woocommerce_checkout]' ) );
    update_option( 'woocommerce_checkout_page_id', $checkout );
    $rewards = wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_name' => 'journey-rewards-${tag}',
      'post_title' => 'Rewards', 'post_content' => '[retention_account]' ) );
    return array( 'checkout' => get_permalink( $checkout ), 'previous' => $previous, 'rewards' => get_permalink( $rewards ) );
  `);
  checkoutUrl = setup.checkout;
  previousCheckoutPageId = setup.previous;
  rewardsPageUrl = setup.rewards;
  // €450: with the default programme (1 point per €1, 50 for joining) exactly the 500 points of "€5 off".
  products.big = (
    await wp.fixtures.createProduct({ name: `Journey lamp ${tag}`, regular_price: "450.00", virtual: true })
  ).id;
  products.small = (
    await wp.fixtures.createProduct({ name: `Journey mug ${tag}`, regular_price: "30.00", virtual: true })
  ).id;

  chromium = await launchBrowser();
  const managerContext = await chromium.newContext({ viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
  const managerTab = await managerContext.newPage();
  await signInToWordPress(managerTab, wp, manager.login, manager.password);
  await connectStore(managerTab, wp, app.appUrl);
  shopId = (await app.db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } })).id;
  [dashboard] = await Promise.all([managerContext.waitForEvent("page"), managerTab.click("#retention-dashboard")]);
  await dashboard.waitForURL(`${app.appUrl}/app`, { timeout: 60_000 });
  // The connect queued the first sync, which registers the app's webhooks in the store.
  await waitFor(
    "the app's webhooks in the store",
    async () => (await app.db.wooCommerceConnection.findUnique({ where: { shopId } }))?.webhooksRegisteredAt,
  );
}, 600_000);

afterAll(async () => {
  if (previousCheckoutPageId && wp)
    await wp.php(`update_option( 'woocommerce_checkout_page_id', ${previousCheckoutPageId} ); return true;`);
  await chromium?.close();
  await app?.stop();
});

/**
 * Puts a product in the cart, then registers on My Account (WooCommerce's own form); the tab is
 * signed in afterwards. The cart comes first because, on this store, a visitor without a
 * WooCommerce session has the registration refused silently (the form's nonce does not verify),
 * while one with a cart registers fine; a shopper who buys has a cart anyway.
 */
async function register(tab: Page, who: { email: string; password: string }, productId: number) {
  await tab.goto(`${wp.url}/?add-to-cart=${productId}`);
  await tab.goto(await wp.php<string>(`return wc_get_page_permalink( 'myaccount' );`));
  await tab.fill("#reg_email", who.email);
  // Typed key by key: WooCommerce's strength meter rates the password on keyup and holds the
  // Register button until it is strong enough (a pasted password races the meter). The meter
  // rates with zxcvbn, which WordPress loads only after the page's load event (zxcvbn-async): keys
  // typed before it arrives are rated by nothing and the meter never shows, so wait for it first.
  await tab.waitForFunction(() => typeof (window as unknown as { zxcvbn?: unknown }).zxcvbn === "function", null, {
    timeout: 60_000,
  });
  await tab.locator("#reg_password").pressSequentially(who.password);
  // A keyup the meter missed (seen on a loaded machine: no rating 30 s after the last key) is
  // given again with End, which changes nothing in the field but makes the meter rate it anew.
  const rated = tab.locator(".woocommerce-password-strength.strong, .woocommerce-password-strength.good");
  for (let i = 0; i < 10 && !(await rated.isVisible()); i++) {
    await tab.locator("#reg_password").press("End");
    await tab.waitForTimeout(1_000);
  }
  await tab.waitForSelector(".woocommerce-password-strength.strong, .woocommerce-password-strength.good");
  await tab.waitForSelector("button[name=register]:enabled");
  await Promise.all([tab.waitForNavigation(), tab.click("button[name=register]")]);
  await expect.poll(() => tab.locator(".woocommerce-MyAccount-navigation").count()).toBe(1);
}

/** Puts one more product in the cart (when given) and fills the classic checkout's billing fields. */
async function toCheckout(tab: Page, productId?: number) {
  if (productId) await tab.goto(`${wp.url}/?add-to-cart=${productId}`);
  await tab.goto(checkoutUrl);
  await tab.waitForSelector("#place_order");
  const fields: Record<string, string> = {
    "#billing_first_name": "Journey",
    "#billing_last_name": `Shopper ${tag}`,
    "#billing_address_1": "Damrak 1",
    "#billing_city": "Amsterdam",
    "#billing_postcode": "1012 LG",
    "#billing_phone": "0201234567",
  };
  for (const [selector, value] of Object.entries(fields))
    if (await tab.locator(selector).isVisible()) await tab.fill(selector, value);
}

/** Pays with cash on delivery; the order id from the order-received page's URL. */
async function placeOrder(tab: Page): Promise<number> {
  await tab.locator("#payment_method_cod").check();
  await tab.click("#place_order");
  await tab.waitForURL(/order-received/, { timeout: 60_000 });
  const match = /order-received(?:\/|=)(\d+)/.exec(tab.url());
  expect(match, tab.url()).not.toBeNull();
  return Number(match![1]);
}

/** Applies a coupon code in the classic checkout's coupon form; the discount row shows up. */
async function applyCoupon(tab: Page, code: string) {
  await tab.click("a.showcoupon");
  await tab.fill("#coupon_code", code);
  await tab.click("button[name=apply_coupon]");
  await expect.poll(() => tab.locator("tr.cart-discount").count()).toBe(1);
  await tab.waitForLoadState("networkidle");
}

/** Delivers the store's queued webhooks to the app until `done` holds. */
async function deliverUntil(done: () => Promise<boolean>) {
  await expect
    .poll(
      async () => {
        await wp.runQueue();
        return done();
      },
      { timeout: 90_000, interval: 1_000 },
    )
    .toBe(true);
}

const panel = (tab: Page) => tab.locator(".rtn-account [data-retention-account]");

describe("a shopper's journey on the connected WooCommerce store (real WordPress)", () => {
  it("a customer registers, joins, buys with cash on delivery; the webhook brings the order and 450 points show as pending (real WordPress)", async () => {
    memberContext = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    memberTab = await memberContext.newPage();
    await register(memberTab, member, products.big);
    await screenshot(memberTab, "woocommerce-journey-01-registered");
    memberCustomerId = await customerIdOf(member.email);

    await memberTab.goto(rewardsPageUrl);
    await panel(memberTab).locator('[data-testid="rtn-join"]').click();
    await expect
      .poll(() => panel(memberTab).locator('[data-testid="rtn-points"]').textContent())
      .toBe("50 points available");

    await toCheckout(memberTab);
    await screenshot(memberTab, "woocommerce-journey-02-checkout-cod");
    const orderId = await placeOrder(memberTab);
    await screenshot(memberTab, "woocommerce-journey-03-order-received");
    const order = await wp.rest.get(`/orders/${orderId}`);
    expect(order).toMatchObject({ payment_method: "cod", status: "processing", total: "450.00" });

    // The store's order webhooks reach the app: the order and 450 pending points (1 per €1).
    await deliverUntil(async () => (await entriesOf(memberCustomerId)).some((e) => e.kind === "earn_order"));
    expect(await app.db.order.count({ where: { shopId, id: `woo-${orderId}` } })).toBe(1);
    expect((await entriesOf(memberCustomerId)).map((e) => [e.kind, e.points])).toEqual([
      ["signup", 50],
      ["earn_order", 450],
    ]);
    await memberTab.goto(rewardsPageUrl);
    await expect.poll(() => panel(memberTab).locator(".rtn-pending").textContent()).toBe("450 pending");
    expect(await panel(memberTab).locator('[data-testid="rtn-points"]').textContent()).toBe("50 points available");
    await screenshot(memberTab, "woocommerce-journey-04-points-pending");
  });

  it("after the approval period the points are spendable, redeemed for €5 off, and WooCommerce applies the coupon at checkout (real WordPress)", async () => {
    // The approval period is 30 days: instead of waiting, the earning's availableAt is moved into
    // the past in the app's database (the only shortcut in this file).
    const moved = await app.db.loyaltyEntry.updateMany({
      where: { shopId, customerId: memberCustomerId, kind: "earn_order" },
      data: { availableAt: new Date(Date.now() - 60_000) },
    });
    expect(moved.count).toBe(1);
    await memberTab.goto(rewardsPageUrl);
    await expect
      .poll(() => panel(memberTab).locator('[data-testid="rtn-points"]').textContent())
      .toBe("500 points available");
    expect(await panel(memberTab).locator(".rtn-pending").count()).toBe(0);
    await screenshot(memberTab, "woocommerce-journey-05-points-spendable");

    const fiveOff = panel(memberTab).locator("li.rtn-reward", { hasText: "€5 off" });
    await fiveOff.getByRole("button", { name: "Redeem" }).click();
    const codeLocator = panel(memberTab).locator(".rtn-status .rtn-code");
    await expect.poll(() => codeLocator.count()).toBe(1);
    const code = (await codeLocator.textContent())!.trim();
    expect(await panel(memberTab).locator('[data-testid="rtn-points"]').textContent()).toBe("0 points available");
    await screenshot(memberTab, "woocommerce-journey-06-redeemed");
    const [coupon] = await wp.rest.get("/coupons", { code });
    expect(coupon).toMatchObject({ discount_type: "fixed_cart", amount: "5.00", usage_count: 0 });

    await toCheckout(memberTab, products.small);
    await applyCoupon(memberTab, code);
    await screenshot(memberTab, "woocommerce-journey-07-coupon-at-checkout");
    const orderId = await placeOrder(memberTab);
    const order = await wp.rest.get(`/orders/${orderId}`);
    expect(order).toMatchObject({ total: "25.00", discount_total: "5.00" });
    expect((order as { coupon_lines: { code: string }[] }).coupon_lines.map((c) => c.code)).toEqual([
      code.toLowerCase(),
    ]);
    await screenshot(memberTab, "woocommerce-journey-08-order-with-coupon");
  });

  it("a friend opens the member's referral link, sees the offer, registers, gets a code, buys with it; the member is rewarded (real WordPress)", async () => {
    await memberTab.goto(rewardsPageUrl);
    const link = await panel(memberTab).locator('[data-testid="rtn-referral"]').inputValue();
    // The app writes the link on the store's registered site URL: the test store's plain http on
    // loopback, so the friend opens the link exactly as the member copied it.
    const url = new URL(link);
    expect(url.origin).toBe(new URL(wp.url).origin);
    const code = url.searchParams.get("ref")!;
    expect(code).toMatch(/^[0-9A-Za-z-]{4,40}$/);

    const tab = (friendTab = await (await chromium.newContext({ viewport: { width: 1280, height: 900 } })).newPage());
    await tab.goto(link);
    const note = tab.locator('[data-testid="rtn-referral-note"]');
    await expect.poll(() => note.textContent()).toContain("A friend gave you 10% off your first order");
    await screenshot(tab, "woocommerce-journey-09-friend-offer");

    await register(tab, friend, products.small);
    // Signed in now, the script claims the remembered code and shows the friend's own code.
    await expect.poll(() => note.textContent()).toContain("Your friend's discount code for your first order");
    const friendCode = (await note.locator(".rtn-code").textContent())!.trim();
    await screenshot(tab, "woocommerce-journey-10-friend-code");
    const friendId = await customerIdOf(friend.email);
    const account = await app.db.loyaltyAccount.findUniqueOrThrow({
      where: { shopId_customerId: { shopId, customerId: friendId } },
    });
    expect(account.referredBy).toBe(memberCustomerId);

    await toCheckout(tab);
    await applyCoupon(tab, friendCode);
    await screenshot(tab, "woocommerce-journey-11-friend-checkout");
    const orderId = await placeOrder(tab);
    const order = await wp.rest.get(`/orders/${orderId}`);
    expect(order).toMatchObject({ total: "27.00", discount_total: "3.00" }); // 10% of €30
    await screenshot(tab, "woocommerce-journey-12-friend-order-received");

    // The friend's first paid order reaches the app by webhook: the member earns 500 points
    // (pending for the approval period), beside the 25 of their own €25 order with the coupon.
    await deliverUntil(async () => {
      const kinds = (await entriesOf(memberCustomerId)).map((e) => e.kind);
      return kinds.includes("referral") && kinds.filter((k) => k === "earn_order").length === 2;
    });
    expect((await entriesOf(memberCustomerId)).map((e) => [e.kind, e.points]).sort()).toEqual(
      [
        ["signup", 50],
        ["earn_order", 450],
        ["redeem", -500],
        ["earn_order", 25],
        ["referral", 500],
      ].sort(),
    );
    await memberTab.goto(rewardsPageUrl);
    await expect.poll(() => panel(memberTab).locator(".rtn-pending").textContent()).toBe("525 pending");
    await screenshot(memberTab, "woocommerce-journey-13-referrer-rewarded");
  });

  it("the friend's NPS answer on the order-received page shows on the app's NPS page (real WordPress)", async () => {
    const tab = friendTab;
    const friendId = await customerIdOf(friend.email);
    // The survey is on the friend's order-received page (still open from the test above).
    const comment = `Delivery was slow ${tag}`;
    await tab.locator('.rtn-nps button[data-score="4"]').click();
    await tab.fill(".rtn-nps textarea", comment);
    await tab.locator(".rtn-nps button[type=submit]").click();
    await expect.poll(() => tab.locator('[data-testid="rtn-nps-thanks"]').count()).toBe(1);
    await screenshot(tab, "woocommerce-journey-14-nps-answered");
    expect(await app.db.surveyAnswer.count({ where: { shopId, customerId: friendId, score: 4 } })).toBe(1);
    await dashboard.goto(`${app.appUrl}/app/nps`);
    await expect.poll(() => dashboard.getByText(comment).count()).toBe(1);
    // The detractor is named at once (tied to the customer when answering, not at the next analysis).
    const row = dashboard.locator("tr", { hasText: comment });
    await expect
      .poll(async () => (await row.textContent()) ?? "")
      .toMatch(new RegExp(`Journey Shopper ${tag}|${friend.email}`));
    await screenshot(dashboard, "woocommerce-journey-15-app-nps");
    await friendTab.context().close();
  });
});
