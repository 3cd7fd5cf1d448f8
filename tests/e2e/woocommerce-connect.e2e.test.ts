// Connecting a real WooCommerce store to the real app, end to end in Chromium (real WordPress):
// the plugin installed from its zip, a shop manager signs in to WordPress, enters the app's
// address, refuses WooCommerce's approval once (nothing is left behind: no keys in WordPress, no
// shop in the app), then approves (the keys arrive at the app's callback and are stored sealed),
// and "Open dashboard" lands signed in on the app's dashboard for that store, outside Shopify.
//
// The app is the production build (the e2e global setup builds it) run by server.mjs on loopback
// with its own database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql). WooCommerce sends
// keys only to an https callback, so the app is reached through an https front on 127.0.0.1 with
// a self-signed certificate (the test store's mu-plugin accepts it for loopback; Chromium is told
// to). Screenshots go to tests/output/.
import crypto from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deriveSecretKey, open } from "~/core/secret-box";
import { defaultProgram } from "~/loyalty";
import type { Db } from "~/db/client.server";
import { useWordPress, type WordPress } from "../helpers/wordpress";
import { launchBrowser, screenshot } from "./browser";
import { installPluginWithManager, retentionPage, startWooApp, type WooApp } from "./woocommerce-app";

vi.setConfig({ testTimeout: 240_000 });

let wp: WordPress;
let app: WooApp;
let appUrl = "";
let API_SECRET = "";
let MANAGER: { login: string; password: string };
let db: Db;
let chromium: Browser;
let context: BrowserContext;
let page: Page;
/** The store's last REST API key id before this run. */
let keysBefore = 0;

beforeAll(async () => {
  wp = await useWordPress();
  app = await startWooApp("e2e-woocommerce");
  ({ appUrl, db, apiSecret: API_SECRET } = app);
  MANAGER = await installPluginWithManager(wp, "retention-for-woocommerce-e2e.zip");

  keysBefore = await wp.php<number>(
    `global $wpdb; return (int) $wpdb->get_var( "SELECT COALESCE(MAX(key_id), 0) FROM {$wpdb->prefix}woocommerce_api_keys" );`,
  );
  chromium = await launchBrowser();
  context = await chromium.newContext({ viewport: { width: 1280, height: 900 }, ignoreHTTPSErrors: true });
  page = await context.newPage();
}, 600_000);

afterAll(async () => {
  await chromium?.close();
  await app?.stop();
});

/** The REST API keys WooCommerce created for the app during this file's run (the store may be shared by earlier runs). */
const wooKeys = () =>
  wp.php<{ truncated_key: string; permissions: string }[]>(`
    global $wpdb;
    return $wpdb->get_results( $wpdb->prepare( "SELECT truncated_key, permissions FROM {$wpdb->prefix}woocommerce_api_keys WHERE description LIKE 'Retention%%' AND key_id > %d", ${keysBefore} ), ARRAY_A );
  `);

describe("connecting WooCommerce to the app (real WordPress, Chromium)", () => {
  it("the shop manager signs in to WordPress and saves the app's address on WooCommerce → Retention", async () => {
    await page.goto(`${wp.url}/wp-login.php`);
    await page.fill("#user_login", MANAGER.login);
    await page.fill("#user_pass", MANAGER.password);
    await page.click("#wp-submit");
    await page.waitForURL(/wp-admin/);
    await page.goto(`${wp.url}${retentionPage}`);
    await page.fill("#retention_app_url", appUrl);
    await page.click("form:has(#retention_app_url) [type=submit]");
    await expect.poll(() => page.locator('[data-retention-notice="saved"]').count()).toBe(1);
    expect(await page.locator("[data-retention-state]").getAttribute("data-retention-state")).toBe("disconnected");
    await screenshot(page, "woocommerce-connect-1-app-url-saved");
  });

  it("refusing on WooCommerce's approval page leaves nothing behind: no keys in WordPress, no shop in the app", async () => {
    await page.click("#retention-connect");
    await page.waitForURL(/\/wc-auth\/v1\/authorize/);
    await screenshot(page, "woocommerce-connect-2-authorize");
    await page.click("a.wc-auth-deny");
    await page.waitForURL(/page=retention/);
    expect(page.url()).toContain("success=0");
    await expect.poll(() => page.locator('[data-retention-notice="denied"]').count()).toBe(1);
    await screenshot(page, "woocommerce-connect-3-denied");

    expect(await wooKeys()).toEqual([]);
    expect(await db.shop.count({ where: { platform: "woocommerce" } })).toBe(0);
    expect(await db.wooCommerceConnection.count()).toBe(0);
    // Only the pending connect is on record, unused (it expires in 30 minutes).
    expect(await db.wooCommerceAuthRequest.findMany({ select: { usedAt: true } })).toEqual([{ usedAt: null }]);
  });

  it("approving sends the keys to the app's callback, which stores them sealed; the plugin's page then shows Connected", async () => {
    await page.click("#retention-connect");
    await page.waitForURL(/\/wc-auth\/v1\/authorize/);
    await page.click("a.wc-auth-approve");
    await page.waitForURL(/page=retention/, { timeout: 150_000 });
    expect(page.url()).toContain("success=1");
    await expect
      .poll(() => page.locator("[data-retention-state]").getAttribute("data-retention-state"))
      .toBe("connected");
    await screenshot(page, "woocommerce-connect-4-connected");

    const [key] = await wooKeys();
    expect(key).toMatchObject({ permissions: "read_write" });
    const shop = await db.shop.findFirstOrThrow({
      where: { platform: "woocommerce" },
      include: { wooConnection: true },
    });
    expect(shop.domain).toBe(new URL(wp.url).host);
    const connection = shop.wooConnection!;
    // Sealed at rest: neither the key nor the secret is in the row as WooCommerce sent it ...
    expect(connection.consumerKey).not.toMatch(/^ck_/);
    expect(connection.consumerSecret).not.toMatch(/^cs_/);
    // ... and it opens, with the app's key, to the key WordPress holds (it keeps the last 7 characters).
    const consumerKey = open(
      deriveSecretKey(API_SECRET),
      connection.consumerKey,
      `WooCommerceConnection:${shop.id}:consumerKey`,
    );
    expect(consumerKey).toMatch(/^ck_[0-9a-f]{40}$/);
    expect(consumerKey.slice(-7)).toBe(key!.truncated_key);
    expect(await wp.php(`return get_option( 'retention_shop_id' );`)).toBe(shop.id);
  });

  it("Open dashboard lands signed in on the app's dashboard for that store (own navigation, no Shopify)", async () => {
    const ssoUrls: string[] = [];
    context.on("request", (r) => {
      if (r.url().includes("/woocommerce/sso?")) ssoUrls.push(r.url());
    });
    const [dashboard] = await Promise.all([context.waitForEvent("page"), page.click("#retention-dashboard")]);
    await dashboard.waitForURL(`${appUrl}/app`, { timeout: 60_000 });
    const shop = await db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } });
    // The app's own menu names the store (the page's title also goes to a hidden live region first).
    const menu = dashboard.locator('nav[aria-label="Retention menu"]');
    await expect.poll(() => menu.getByText(shop.name, { exact: false }).isVisible()).toBe(true);
    expect(await menu.count()).toBe(1);
    expect(await dashboard.locator('script[src*="app-bridge"]').count()).toBe(0);
    await screenshot(dashboard, "woocommerce-connect-5-dashboard");

    const cookie = (await context.cookies(appUrl)).find((c) => c.name === "__Host-retention_woo_admin");
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax" });
    expect(await db.wooCommerceAdminSession.count({ where: { shopId: shop.id } })).toBe(1);

    // A WooCommerce page of the admin: Pixels says how the plugin serves the ids.
    await dashboard.getByRole("link", { name: "Pixels & consent" }).click();
    await dashboard.waitForURL(`${appUrl}/app/pixels`);
    await expect.poll(() => dashboard.getByText("WP Consent API", { exact: false }).count()).toBeGreaterThan(0);
    await screenshot(dashboard, "woocommerce-connect-6-pixels");

    // Every admin page loads for the WooCommerce shop, with no console error.
    const errors: string[] = [];
    dashboard.on("pageerror", (e) => errors.push(e.message));
    dashboard.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    for (const path of [
      "/app/segments",
      "/app/winback",
      "/app/customers",
      "/app/loyalty",
      "/app/nps",
      "/app/sync",
      "/app/import",
      "/app/settings",
    ]) {
      const res = await dashboard.goto(`${appUrl}${path}`);
      expect(res?.status(), path).toBe(200);
      await dashboard.waitForLoadState("networkidle");
      expect(dashboard.url(), path).toBe(`${appUrl}${path}`);
    }
    expect(errors).toEqual([]);
    await dashboard.goto(`${appUrl}/app/winback`);
    await expect.poll(() => dashboard.getByText("Segment webhook").count()).toBeGreaterThan(0);
    await screenshot(dashboard, "woocommerce-connect-6b-winback");
    await dashboard.goto(`${appUrl}/app/sync`);
    await expect.poll(() => dashboard.getByText("WooCommerce sync (every 15 minutes)").count()).toBe(1);
    await screenshot(dashboard, "woocommerce-connect-6c-sync");

    // The sign-in link worked once: opening it again is refused.
    expect(ssoUrls).toHaveLength(1);
    const again = await dashboard.goto(ssoUrls[0]!);
    expect(again?.status()).toBe(409);
    await screenshot(dashboard, "woocommerce-connect-7-link-used");

    // Log out: the session row is gone.
    await dashboard.goto(`${appUrl}/app`);
    await dashboard.getByRole("button", { name: "Log out" }).click();
    await dashboard.waitForURL(`${appUrl}/woocommerce/logout`);
    expect(await db.wooCommerceAdminSession.count({ where: { shopId: shop.id } })).toBe(0);
    await screenshot(dashboard, "woocommerce-connect-8-signed-out");
  });
});

describe("the storefront of the connected store (real WordPress, Chromium)", () => {
  it("a signed-in customer chooses Join through the plugin's proxy, gets the sign-up bonus, and sends an NPS score", async () => {
    const shop = await db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } });
    const customer = wp.customers[0]!;
    const slug = `rewards-e2e-${crypto.randomBytes(3).toString("hex")}`;
    const { url, userId } = await wp.php<{ url: string; userId: number }>(`
      $id = wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_name' => '${slug}',
        'post_title' => 'Rewards', 'post_content' => '[retention_account][retention_nps]' ) );
      return array( 'url' => get_permalink( $id ), 'userId' => get_user_by( 'login', '${customer.username}' )->ID );
    `);
    const shopper = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await shopper.newPage();
    await tab.goto(`${wp.url}/wp-login.php`);
    await tab.fill("#user_login", customer.username);
    await tab.fill("#user_pass", customer.password);
    await tab.click("#wp-submit");
    await tab.waitForLoadState("load");
    await tab.goto(url);

    // Signed in but not in the programme: the block offers Join, and nothing is stored yet.
    const account = tab.locator(".rtn-account [data-retention-account]");
    await expect.poll(() => account.locator('[data-testid="rtn-join"]').count()).toBe(1);
    const customerId = `woo-${userId}`;
    expect(await db.loyaltyAccount.count({ where: { shopId: shop.id, customerId } })).toBe(0);
    await screenshot(tab, "woocommerce-storefront-1-join");

    await account.locator('[data-testid="rtn-join"]').click();
    await expect.poll(() => account.locator('[data-testid="rtn-points"]').textContent()).toBe("50 points available");
    expect(await db.loyaltyAccount.count({ where: { shopId: shop.id, customerId } })).toBe(1);
    expect(
      await db.loyaltyEntry.findMany({ where: { shopId: shop.id, customerId }, select: { kind: true, points: true } }),
    ).toEqual([{ kind: "signup", points: 50 }]);
    await screenshot(tab, "woocommerce-storefront-2-member");

    await tab.locator('.rtn-nps button[data-score="9"]').click();
    await tab.locator(".rtn-nps button[type=submit]").click();
    await expect.poll(() => tab.locator('[data-testid="rtn-nps-thanks"]').count()).toBe(1);
    expect(await db.surveyAnswer.count({ where: { shopId: shop.id, customerId, score: 9 } })).toBe(1);
    await shopper.close();
  });
  it("a friend signed in on the store claims a member's referral link; the app checks both parties with WooCommerce's REST API", async () => {
    // GIVEN a programme without a friend's coupon (WooCommerce coupons are not issued yet), and
    // the member from the test above
    const shop = await db.shop.findFirstOrThrow({ where: { platform: "woocommerce" } });
    await db.shop.update({
      where: { id: shop.id },
      data: {
        settings: JSON.stringify({
          loyalty: { ...defaultProgram(), referral: { referrerPoints: 500, friendDiscount: null } },
        }),
      },
    });
    // A new customer of the store (no orders: referral codes are for new customers).
    const member = wp.customers[0]!;
    const friend = {
      username: `friend_${crypto.randomBytes(3).toString("hex")}`,
      password: crypto.randomBytes(12).toString("hex"),
    };
    const ids = await wp.php<Record<string, number>>(`
      $friend = wp_insert_user( array( 'user_login' => '${friend.username}', 'user_pass' => '${friend.password}',
        'user_email' => '${friend.username}@example.test', 'role' => 'customer' ) );
      if ( is_wp_error( $friend ) ) throw new Exception( $friend->get_error_message() );
      return array( 'member' => get_user_by( 'login', '${member.username}' )->ID, 'friend' => $friend );
    `);
    const code = (
      await db.loyaltyAccount.findUniqueOrThrow({
        where: { shopId_customerId: { shopId: shop.id, customerId: `woo-${ids.member}` } },
      })
    ).referralCode;

    // WHEN the friend, signed in, opens the member's link
    const shopper = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await shopper.newPage();
    await tab.goto(`${wp.url}/wp-login.php`);
    await tab.fill("#user_login", friend.username);
    await tab.fill("#user_pass", friend.password);
    await tab.click("#wp-submit");
    await tab.waitForLoadState("load");
    await tab.goto(`${wp.url}/?ref=${code}`);

    // THEN the app records the referral on the friend's new account (both found in the store)
    await expect
      .poll(
        async () =>
          (
            await db.loyaltyAccount.findUnique({
              where: { shopId_customerId: { shopId: shop.id, customerId: `woo-${ids.friend}` } },
            })
          )?.referredBy,
      )
      .toBe(`woo-${ids.member}`);
    await screenshot(tab, "woocommerce-storefront-3-referral");
    await shopper.close();
  });
});
