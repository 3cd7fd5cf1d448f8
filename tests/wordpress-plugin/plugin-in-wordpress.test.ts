// The plugin in a real WordPress 7.0 + WooCommerce 11 + WP Consent API (../shared/wordpress),
// installed from the zip `npm run build` makes, talking to a stand-in of the app over https.
// One stack for the whole file; the tests run in order and build on each other:
// install -> admin page -> connect (real wc-auth approval) -> storefront proxy -> dashboard
// sign-in -> storefront output -> Chromium (script and consent-gated pixels) -> Dutch ->
// disconnect -> deactivate -> uninstall.
import "@shopify/shopify-api/adapters/node";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import type { Browser as Chromium, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildPluginZip } from "../../scripts/build-wp-plugin.mjs";
import { launchBrowser } from "../e2e/browser";
import { FBEVENTS_JS, GTAG_JS, TIKTOK_EVENTS_JS } from "./ad-library-stand-ins";
import { AppStandIn } from "./app-stand-in";
import { UsedTokenIds, verifyDashboardToken, verifyPluginRequest } from "./plugin-signature";
import { attributeOf, Browser, decodeHtml, startWordPress, type WpStack } from "./wp-stack";

const PLUGIN = "retention-for-woocommerce/retention-for-woocommerce.php";
const OPTIONS = [
  "retention_app_url",
  "retention_plugin_secret",
  "retention_shop_id",
  "retention_connection",
  "retention_settings_cache",
];
const AD_HOSTS = /(^|\.)(facebook\.com|facebook\.net|google-analytics\.com|googletagmanager\.com|tiktok\.com)$/;

// A real site on two shared cores: page loads take a few hundred milliseconds each.
vi.setConfig({ testTimeout: 90_000 });

let wp: WpStack;
let app: AppStandIn;
let admin: Browser;
let anna: Browser;
let annaId: number;
let chromium: Chromium | undefined;
/** Where the PHP debug log stood before this file's run (a reused stack has older lines). */
let logStart = 0;

/** The _wpnonce of the admin-post form for one of the plugin's actions on the Retention page. */
function actionNonce(html: string, action: string): string {
  const nonce = html.match(new RegExp(`value="retention_${action}"[\\s\\S]*?name="_wpnonce" value="([0-9a-f]+)"`))?.[1];
  if (!nonce) throw new Error(`no nonce for retention_${action} on the page`);
  return nonce;
}

async function retentionPage(browser = admin) {
  const res = await browser.request("/wp-admin/admin.php?page=retention");
  expect(res.status).toBe(200);
  return res.text;
}

async function postAction(browser: Browser, action: string, nonce: string, extra: Record<string, string> = {}) {
  return browser.request("/wp-admin/admin-post.php", {
    form: { action: `retention_${action}`, _wpnonce: nonce, ...extra },
  });
}

const option = (name: string) => wp.phpJson<unknown>(`return get_option(${JSON.stringify(name)}, null);`);

beforeAll(async () => {
  const started = Date.now();
  app = await new AppStandIn().start();
  wp = await startWordPress();
  console.log(`WordPress stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const log = path.join(wp.workDir, "logs", "wp-debug.log");
  logStart = fs.existsSync(log) ? fs.statSync(log).size : 0;
  // The plugin as a merchant gets it: the zip, through WordPress's own plugin installer.
  const zip = path.join(wp.workDir, "retention-for-woocommerce.zip");
  fs.writeFileSync(zip, await buildPluginZip());
  // One PHP process (each one loads all of WordPress): install, activate, test pages, anna's id.
  annaId = await wp.phpJson<number>(`
    delete_transient( '_wc_activation_redirect' ); // a new store's first admin page would go to the setup wizard
    deactivate_plugins( '${PLUGIN}', true );
    delete_plugins( array( '${PLUGIN}' ) );
    foreach ( ${JSON.stringify(OPTIONS).replace(/^\[/, "array(").replace(/\]$/, ")")} as $o ) delete_option( $o );
    $upgrader = new Plugin_Upgrader( new Automatic_Upgrader_Skin() );
    $installed = $upgrader->install( ${JSON.stringify(zip)} );
    if ( true !== $installed ) { fwrite( STDERR, print_r( $upgrader->skin->get_upgrade_messages(), true ) ); exit( 1 ); }
    $activated = activate_plugin( '${PLUGIN}' );
    if ( is_wp_error( $activated ) ) { fwrite( STDERR, $activated->get_error_message() ); exit( 1 ); }
    foreach ( array( 'rewards-test', 'invite' ) as $slug ) { $p = get_page_by_path( $slug ); if ( $p ) wp_delete_post( $p->ID, true ); }
    wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_name' => 'rewards-test', 'post_title' => 'Rewards test',
      'post_content' => '<!-- wp:retention/account {"incentive":"Earn 100 points today"} /--><!-- wp:shortcode -->[retention_nps guests="yes" question="Would you recommend us?"]<!-- /wp:shortcode -->' ) );
    wp_insert_post( array( 'post_type' => 'page', 'post_status' => 'publish', 'post_name' => 'invite', 'post_title' => 'Invite',
      'post_content' => '<!-- wp:retention/referral /-->' ) );
    return get_user_by( 'login', 'anna' )->ID;
  `);
  // TEST ONLY: stands in for a consent management plugin, which sets the WP Consent API's
  // consent type (opt-in in the EU); off until a test switches it on.
  fs.writeFileSync(
    path.join(wp.site, "wp-content/mu-plugins/wpplugin-test-cmp.php"),
    `<?php add_filter( 'wp_get_consent_type', function ( $type ) { $t = get_option( 'wpplugin_test_consent_type' ); return $t ? $t : $type; } );\n`,
  );
  [admin, anna] = await Promise.all([
    new Browser(wp.url).login(wp.adminUser, wp.adminPassword),
    new Browser(wp.url).login("anna", wp.customerPassword),
  ]);
}, 300_000);

afterAll(async () => {
  await chromium?.close();
  app?.stop();
  wp?.stop();
});

describe("install", () => {
  it("the zip installs through WordPress's plugin installer and activates: a 64-hex secret, the connection state, an hourly settings refresh, HPOS compatibility declared", async () => {
    const state = await wp.phpJson<Record<string, unknown>>(`
      return array(
        'active' => is_plugin_active( '${PLUGIN}' ),
        'secret' => get_option( 'retention_plugin_secret' ),
        'connection' => get_option( 'retention_connection' ),
        'cron' => wp_get_schedule( 'retention_refresh_settings' ),
        'hpos' => \\Automattic\\WooCommerce\\Utilities\\FeaturesUtil::get_compatible_plugins_for_feature( 'custom_order_tables', true )['compatible'],
        'header' => get_plugin_data( WP_PLUGIN_DIR . '/${PLUGIN}', false, false ),
        'rules' => array_keys( (array) get_option( 'rewrite_rules' ) ),
      );`);
    expect(state.active).toBe(true);
    expect(state.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(state.connection).toEqual({ status: "disconnected", connected_at: null, last_error: null });
    expect(state.cron).toBe("hourly");
    expect(state.hpos).toContain(PLUGIN);
    expect(state.header).toMatchObject({
      Name: "Retention for WooCommerce",
      TextDomain: "retention-for-woocommerce",
      RequiresPHP: "8.1",
      RequiresPlugins: "woocommerce",
    });
    expect((state.rules as string[]).some((rule) => rule.includes("rewards(/(.*))?/?$"))).toBe(true);
  });

  it("WooCommerce -> Retention is shown to an admin and refused to a customer, page and actions alike", async () => {
    const page = await retentionPage();
    expect(page).toContain('id="retention_app_url"');
    expect(page).toContain('data-retention-state="disconnected"');
    const menu = await admin.request("/wp-admin/admin.php?page=wc-settings");
    expect(menu.text).toMatch(/href=['"]admin\.php\?page=retention['"][^>]*>Retention</);

    const asCustomer = await anna.request("/wp-admin/admin.php?page=retention");
    expect(asCustomer.status).not.toBe(200);
    expect(asCustomer.text).not.toContain("retention_app_url");
    for (const action of ["save", "connect", "disconnect", "dashboard"]) {
      const res = await postAction(anna, action, "0000000000", { retention_app_url: "https://evil.example" });
      expect(res.status, action).toBe(403);
      expect(res.text).toContain("not allowed to manage Retention");
    }
    // An admin without the action's nonce is refused too (cross-site request forgery).
    const forged = await postAction(admin, "save", "0000000000", { retention_app_url: "https://evil.example" });
    expect(forged.status).toBe(403);
    expect(await option("retention_app_url")).toBeNull();
  });
});

describe("connect (C1-C3)", () => {
  it("the app URL must be https; a valid one is saved", async () => {
    const bad = await postAction(admin, "save", actionNonce(await retentionPage(), "save"), {
      retention_app_url: "http://app.example.com",
    });
    expect(bad.location).toContain("retention_notice=invalid_url");
    expect(await option("retention_app_url")).toBeNull();
    const ok = await postAction(admin, "save", actionNonce(await retentionPage(), "save"), {
      retention_app_url: `${app.url}/`,
    });
    expect(ok.location).toContain("retention_notice=saved");
    expect(await option("retention_app_url")).toBe(app.url);
  });

  it("Connect sends the secret to the app, goes to this store's wc-auth page, and after approval (keys posted once the store proved the secret) the page shows Connected", async () => {
    const page = await retentionPage();
    // Before connecting, the page asked the app with store = this site's host (the app, not
    // knowing the store yet, answered 404, which the page shows as "Not connected").
    const before = app.to("/api/woocommerce/plugin/status");
    expect(before.length).toBeGreaterThan(0);
    expect(page).toContain('data-retention-state="disconnected"');
    expect(page).not.toContain("Last error");

    const connect = await postAction(admin, "connect", actionNonce(page, "connect"));
    expect(connect.status).toBe(302);
    expect(connect.location!.startsWith(`${wp.url}/wc-auth/v1/authorize?`)).toBe(true);
    const [c1] = app.to("/api/woocommerce/plugin/connect");
    expect(JSON.parse(c1.body)).toEqual({
      store_url: wp.url,
      plugin_secret: await option("retention_plugin_secret"),
      return_url: `${wp.url}/wp-admin/admin.php?page=retention`,
      plugin_version: "0.1.0",
      wp_user_id: 1,
    });
    expect(await option("retention_connection")).toMatchObject({ status: "pending" });
    // Those early status requests were signed with the secret the app has now.
    for (const early of before) {
      const url = new URL(`https://app.example${early.path}?${early.query}`);
      const now = Number(early.query.get("timestamp"));
      expect(verifyPluginRequest(url, { secret: app.secret!, now })).toMatchObject({
        ok: true,
        params: { store: "127.0.0.1", wp_user_id: "1" },
      });
    }

    // WooCommerce's own approval page, as the logged-in admin.
    const grant = await admin.request(connect.location!);
    expect(grant.status).toBe(200);
    const approve = grant.text.match(/href="([^"]+)" class="button button-primary wc-auth-approve"/)?.[1];
    expect(approve).toBeTruthy();
    const approved = await admin.request(decodeHtml(approve!));
    expect(approved.status).toBe(302);
    expect(app.proofChecks).toHaveLength(1);
    expect(app.proofChecks[0].answered).toBe(app.proofChecks[0].expected);
    expect(app.wooKeys).toMatchObject({ key_permissions: "read_write", consumer_key: expect.stringMatching(/^ck_/) });
    expect(approved.location).toContain("page=retention");
    expect(approved.location).toContain("success=1");

    const back = await admin.request(approved.location!);
    expect(back.text).toContain('data-retention-notice="approved"');
    expect(back.text).toContain('data-retention-state="connected"');
    expect(back.text).toContain(app.storeName);
    expect(back.text).toContain("1,234 orders, 56 customers");
    expect(back.text).toContain('id="retention-dashboard"');
    expect(await option("retention_shop_id")).toBe(app.shopId);
    // That status request still named the store by its host; from now on it uses the shop id.
    await retentionPage();
    const last = app.to("/api/woocommerce/plugin/status").at(-1)!;
    expect(last.verified).toMatchObject({ ok: true, params: { store: app.shopId, wp_user_id: "1" } });
  });

  it("connect-proof answers hex(hmac_sha256(secret, 'connect-proof:' + nonce)) and refuses a malformed nonce", async () => {
    const nonce = "n0nce_for-the-proof-1234567890ab";
    const res = await fetch(`${wp.url}/wp-json/retention/v1/connect-proof?nonce=${nonce}`);
    expect(res.status).toBe(200);
    const { connectProof } = await import("./plugin-signature");
    expect(await res.json()).toEqual({ proof: connectProof(app.secret!, nonce) });
    expect(res.headers.get("cache-control")).toContain("no-store");
    expect((await fetch(`${wp.url}/wp-json/retention/v1/connect-proof?nonce=short`)).status).toBe(400);
  });

  it("an authorize_url outside this store is refused: the browser is not sent there", async () => {
    for (const outside of [
      "https://evil.example/wc-auth/v1/authorize?user_id=x",
      `${wp.url}/wc-auth/v1/authorizeX?user_id=x`,
      `${wp.url}.evil.example/wc-auth/v1/authorize?user_id=x`,
    ]) {
      app.authorizeUrlOverride = outside;
      const res = await postAction(admin, "connect", actionNonce(await retentionPage(), "connect"));
      expect(res.status).toBe(302);
      expect(res.location).toContain("retention_notice=bad_authorize");
    }
    app.authorizeUrlOverride = null;
    expect(await option("retention_connection")).toMatchObject({ status: "connected" });
  });
});

describe("storefront proxy (P)", () => {
  async function storefrontApi(browser: Browser) {
    const page = await browser.request("/rewards-test/");
    expect(page.status).toBe(200);
    const nonce = attributeOf(page.text, "data-retention-embed", "data-retention-nonce");
    const base = attributeOf(page.text, "data-retention-embed", "data-retention-proxy");
    expect(base).toBe("/wp-json/retention/v1/proxy");
    return { nonce: nonce!, base: base! };
  }

  it("forwards the signed-in customer's request signed with the store, WordPress user id and timestamp; the app verifies it, also with Shopify's app-proxy verifier", async () => {
    const { nonce, base } = await storefrontApi(anna);
    const count = app.requests.length;
    const res = await anna.request(`${base}/api/me?ref=AB12&shop=evil&logged_in_customer_id=999`, {
      headers: { "X-WP-Nonce": nonce },
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ loggedIn: true, points: { available: 1250 } });
    // WordPress's own no-cache headers for a signed-in user include both.
    expect(res.headers.get("cache-control")).toMatch(/(^|, )private(,|$)/);
    expect(res.headers.get("cache-control")).toMatch(/(^|, )no-store(,|$)/);
    const forwarded = app.requests.slice(count);
    expect(forwarded.map((r) => r.path)).toEqual(["/proxy/api/me"]);
    const { verified, query, headers } = forwarded[0];
    expect(verified).toMatchObject({
      ok: true,
      params: {
        shop: app.shopId,
        logged_in_customer_id: String(annaId),
        path_prefix: "/wp-json/retention/v1/proxy",
        ref: "AB12",
        // No language from the caller: the plugin sends WordPress's (determine_locale()), signed.
        locale: "en_US",
      },
    });
    expect(query.getAll("shop")).toEqual([app.shopId]); // the shopper's copy was dropped
    expect(headers["x-forwarded-for"]).toBe("127.0.0.1");
    const shopify = shopifyApi({
      apiKey: "plugin",
      apiSecretKey: app.secret!,
      apiVersion: ApiVersion.April25,
      hostName: "app.example",
      isEmbeddedApp: false,
      logger: { level: 0 },
    });
    expect(await shopify.utils.validateHmac(new URLSearchParams(query), { signator: "appProxy" })).toBe(true);
    // The storefront script sends the page's language; the plugin signs it as it came.
    const before = app.requests.length;
    const dutch = await anna.request(`${base}/api/me?locale=nl-NL`, { headers: { "X-WP-Nonce": nonce } });
    expect(dutch.status).toBe(200);
    const sent = app.requests.slice(before);
    expect(sent.map((r) => [r.path, r.query.getAll("locale")])).toEqual([["/proxy/api/me", ["nl-NL"]]]);
    expect(sent[0].verified).toMatchObject({ ok: true, params: { locale: "nl-NL" } });
  });

  it("passes a POST body through, signed by its sha256", async () => {
    const { nonce, base } = await storefrontApi(anna);
    const body = JSON.stringify({ score: 9, comment: "Snelle levering" });
    const res = await anna.request(`${base}/api/nps`, {
      method: "POST",
      body,
      headers: { "X-WP-Nonce": nonce, "Content-Type": "application/json" },
    });
    expect(res.status).toBe(200);
    const rec = app.to("/proxy/api/nps").at(-1)!;
    expect(rec.body).toBe(body);
    expect(rec.verified).toMatchObject({ ok: true, params: { logged_in_customer_id: String(annaId) } });
  });

  it("a guest is forwarded with an empty customer id; the app's refusal comes back with its status", async () => {
    const guest = new Browser(wp.url);
    const { nonce, base } = await storefrontApi(guest);
    const me = await guest.request(`${base}/api/me`, { headers: { "X-WP-Nonce": nonce } });
    expect(JSON.parse(me.text)).toMatchObject({ loggedIn: false });
    expect(me.headers.get("cache-control")).toBe("private, no-store");
    expect(app.to("/proxy/api/me").at(-1)!.verified).toMatchObject({ ok: true, params: { logged_in_customer_id: "" } });
    const nps = await guest.request(`${base}/api/nps`, {
      method: "POST",
      body: '{"score":3}',
      headers: { "X-WP-Nonce": nonce, "Content-Type": "application/json" },
    });
    expect(nps.status).toBe(401);
    expect(JSON.parse(nps.text)).toEqual({ error: "Please log in." });
  });

  it("refuses a request without the REST nonce, with a wrong one, with a parameter given twice, or to another path; nothing reaches the app", async () => {
    const { nonce, base } = await storefrontApi(anna);
    const count = app.requests.length;
    const none = await anna.request(`${base}/api/me`);
    expect(none.status).toBe(403);
    const wrong = await anna.request(`${base}/api/me`, { headers: { "X-WP-Nonce": "0123456789" } });
    expect(wrong.status).toBe(403);
    const guestNonce = (await storefrontApi(new Browser(wp.url))).nonce;
    const crossed = await anna.request(`${base}/api/me`, { headers: { "X-WP-Nonce": guestNonce } });
    expect(crossed.status).toBe(403);
    const twice = await anna.request(`${base}/api/me?ref=A&ref=B`, { headers: { "X-WP-Nonce": nonce } });
    expect(twice.status).toBe(400);
    const reservedTwice = await anna.request(`${base}/api/me?timestamp=1&timestamp=2`, {
      headers: { "X-WP-Nonce": nonce },
    });
    expect(reservedTwice.status).toBe(400);
    const other = await anna.request(`${base}/api/admin`, { headers: { "X-WP-Nonce": nonce } });
    expect(other.status).toBe(404);
    expect(app.requests.length).toBe(count);
  });

  it("the app refuses the plugin's signed request when replayed, tampered with or stale", async () => {
    const rec = app.to("/proxy/api/me").find((r) => r.query.get("logged_in_customer_id") === String(annaId))!;
    const url = new URL(`https://app.example/proxy/api/me?${rec.query}`);
    const secret = app.secret!;
    // The stand-in accepted it once already; the same URL again is a replay.
    expect(verifyPluginRequest(url, { secret, replay: app.replay })).toEqual({ ok: false, reason: "replay" });
    const tampered = new URL(url);
    tampered.searchParams.set("logged_in_customer_id", "1");
    expect(verifyPluginRequest(tampered, { secret })).toMatchObject({ reason: "bad-signature" });
    const later = Number(url.searchParams.get("timestamp")) + 91;
    expect(verifyPluginRequest(url, { secret, now: later })).toMatchObject({ reason: "stale" });
  });
});

describe("Open dashboard (O)", () => {
  it("mints a 60-second token for this store and this admin that the app accepts once", async () => {
    const res = await postAction(admin, "dashboard", actionNonce(await retentionPage(), "dashboard"));
    expect(res.status).toBe(302);
    const location = new URL(res.location!);
    expect(`${location.origin}${location.pathname}`).toBe(`${app.url}/woocommerce/sso`);
    const token = location.searchParams.get("token")!;
    const used = new UsedTokenIds();
    const verified = verifyDashboardToken(token, { secret: app.secret!, shop: app.shopId, used });
    expect(verified).toMatchObject({
      ok: true,
      claims: { v: 1, shop: app.shopId, wp_user_id: 1, wp_user_email: "admin@example.test" },
    });
    if (!verified.ok) return;
    expect(verified.claims.exp - verified.claims.iat).toBe(60);
    expect(verified.claims.jti).toMatch(/^[0-9a-f]{32}$/);
    expect(verifyDashboardToken(token, { secret: app.secret!, used })).toMatchObject({ reason: "reused" });
    expect(
      verifyDashboardToken(token, { secret: app.secret!, used: new UsedTokenIds(), now: verified.claims.exp }),
    ).toMatchObject({ reason: "expired" });
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("the stand-in app signs the admin in with a fresh token once, and refuses it the second time", async () => {
    const res = await postAction(admin, "dashboard", actionNonce(await retentionPage(), "dashboard"));
    const location = new URL(res.location!);
    const first = await app.get(`${location.pathname}${location.search}`);
    expect(first).toEqual({ status: 302, location: "/app" });
    const second = await app.get(`${location.pathname}${location.search}`);
    expect(second.status).toBe(401);
    const asCustomer = await postAction(anna, "dashboard", actionNonce(await retentionPage(), "dashboard"));
    expect(asCustomer.status).toBe(403);
  });
});

describe("storefront output", () => {
  it("a guest gets the deferred script, the launcher, the account block's invitation, the NPS shortcode and the data the script needs", async () => {
    const page = (await new Browser(wp.url).request("/rewards-test/")).text;
    const script = page.match(/<script[^>]+id="retention-storefront-js"[^>]*>/)?.[0] ?? "";
    expect(script).toMatch(
      /src="[^"]*\/wp-content\/plugins\/retention-for-woocommerce\/assets\/retention\.js\?ver=0\.1\.0"/,
    );
    expect(script).toMatch(/\sdefer[\s>=]/);
    expect(page).toContain("data-retention-embed");
    expect(attributeOf(page, "data-retention-embed", "data-launcher")).toBe("true");
    expect(attributeOf(page, "data-retention-embed", "data-logged-in")).toBe("0");
    expect(attributeOf(page, "data-retention-embed", "data-locale")).toBe("en-US");
    expect(attributeOf(page, "data-retention-embed", "data-retention-nonce")).toMatch(/^[0-9a-f]{10}$/);
    expect(attributeOf(page, "data-retention-account", "data-incentive")).toBe("Earn 100 points today");
    expect(page).toContain("Join our rewards programme");
    expect(attributeOf(page, "data-retention-nps", "data-question")).toBe("Would you recommend us?");
  });

  it("the referral landing keeps ?ref= on its sign-up links; a customer has a Rewards tab in My Account", async () => {
    const landing = (await new Browser(wp.url).request("/invite/?ref=FRIEND42")).text;
    expect(landing).toContain("data-retention-referral");
    expect(landing).toContain("A friend invited you");
    expect(landing).toMatch(/href="[^"]*\/my-account\/\?ref=FRIEND42"/);

    const account = (await anna.request("/my-account/")).text;
    expect(account).toMatch(/href="[^"]*\/my-account\/rewards\/"[^>]*>\s*Rewards\s*</);
    const tab = await anna.request("/my-account/rewards/");
    expect(tab.status).toBe(200);
    expect(tab.text).toContain("data-retention-account");
    expect(tab.text).toContain("data-retention-nps");
    expect(attributeOf(tab.text, "data-retention-account", "data-logged-in")).toBe("1");
  });

  it("the order-received page shows the NPS survey to the customer who placed the order, not on a guest order", async () => {
    const urls = await wp.phpJson<{ own: string; guest: string }>(`
      $own = wc_create_order( array( 'customer_id' => ${annaId} ) );
      $own->add_product( wc_get_product( wc_get_products( array( 'limit' => 1, 'return' => 'ids' ) )[0] ), 1 );
      $own->calculate_totals(); $own->update_status( 'processing' );
      $guest = wc_create_order();
      $guest->add_product( wc_get_product( wc_get_products( array( 'limit' => 1, 'return' => 'ids' ) )[0] ), 1 );
      $guest->set_billing_email( 'guest@example.test' ); $guest->calculate_totals(); $guest->update_status( 'processing' );
      return array( 'own' => $own->get_checkout_order_received_url(), 'guest' => $guest->get_checkout_order_received_url() );`);
    const own = await anna.request(urls.own);
    expect(own.status).toBe(200);
    expect(own.text).toContain("data-retention-nps");
    const guest = await new Browser(wp.url).request(urls.guest);
    expect(guest.status).toBe(200);
    expect(guest.text).not.toContain("data-retention-nps");
  });
});

describe("in Chromium", () => {
  async function contextFor(browser: Browser | null) {
    chromium ??= await launchBrowser();
    const context = await chromium.newContext({ viewport: { width: 1280, height: 900 } });
    if (browser) await context.addCookies(browser.playwrightCookies());
    return context;
  }

  it("the storefront script reaches the app through the plugin: a signed-in customer sees her points and sends an NPS score", async () => {
    const context = await contextFor(anna);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${wp.url}/my-account/rewards/`);
    const slow = { timeout: 20_000 }; // a cold PHP worker plus the round trip to the app
    await expect
      .poll(() => page.locator("[data-testid=rtn-points]").textContent(), slow)
      .toBe("1,250 points available");
    await expect.poll(() => page.locator("[data-testid=rtn-tier]").textContent(), slow).toBe("Tier: Gold");
    const before = app.to("/proxy/api/nps").length;
    await page.locator('[data-retention-nps] button[data-score="9"]').click();
    await page.locator("[data-retention-nps] textarea").fill("Fijne winkel");
    await page.locator("[data-retention-nps] button[type=submit]").click();
    await expect.poll(() => page.locator("[data-testid=rtn-nps-thanks]").count(), slow).toBe(1);
    const nps = app.to("/proxy/api/nps").slice(before);
    expect(nps).toHaveLength(1);
    expect(JSON.parse(nps[0].body)).toEqual({ score: 9, comment: "Fijne winkel" });
    expect(nps[0].verified).toMatchObject({ ok: true, params: { logged_in_customer_id: String(annaId) } });
    await page.locator(".rtn-launcher").click();
    await expect.poll(() => page.locator("#rtn-panel").isVisible(), slow).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  describe("pixels only after consent (WP Consent API)", () => {
    interface Seen {
      url: URL;
      method: string;
      body: string | null;
    }

    async function record(context: BrowserContext) {
      const seen: Seen[] = [];
      const unexpected: string[] = [];
      const origin = new URL(wp.url).origin;
      await context.route("**/*", async (route: Route) => {
        const req = route.request();
        const url = new URL(req.url());
        seen.push({ url, method: req.method(), body: req.postData() });
        if (url.origin === origin) return route.fallback();
        if (AD_HOSTS.test(url.hostname)) {
          const js = (body: string) => route.fulfill({ status: 200, contentType: "text/javascript", body });
          if (url.hostname === "connect.facebook.net") return js(FBEVENTS_JS);
          if (url.hostname === "www.googletagmanager.com") return js(GTAG_JS);
          if (url.hostname === "analytics.tiktok.com" && url.pathname.endsWith("/events.js"))
            return js(TIKTOK_EVENTS_JS);
          return route.fulfill({ status: 204 });
        }
        unexpected.push(url.href);
        return route.abort();
      });
      return { seen, unexpected, ads: () => seen.filter((r) => AD_HOSTS.test(r.url.hostname)) };
    }

    /** What reached each network, as "host path event". */
    function describeAds(ads: Seen[]) {
      return ads.map((r) => {
        const event =
          r.url.searchParams.get("ev") ??
          r.url.searchParams.get("en") ??
          (r.body ? (JSON.parse(r.body) as { event?: string }).event : null);
        return `${r.url.hostname}${r.url.pathname}${event ? ` ${event}` : ""}`;
      });
    }

    async function settle(page: Page) {
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 600)));
    }

    let productUrl: string;

    beforeAll(async () => {
      app.pixels = { meta: "1234567890", google: "G-TEST1234", tiktok: "CTESTPIXEL0000001" };
      await wp.php(`Retention_Lifecycle::refresh_settings();`);
      expect(await option("retention_settings_cache")).toMatchObject({ pixels: app.pixels });
      productUrl = await wp.phpJson<string>(
        `return get_permalink( wc_get_products( array( 'limit' => 1, 'return' => 'ids' ) )[0] );`,
      );
    });

    it("without a consent management plugin nothing goes to an ad network, even with an 'allow' cookie", async () => {
      await wp.php(`delete_option( 'wpplugin_test_consent_type' );`);
      const context = await contextFor(null);
      await context.addCookies([{ name: "wp_consent_marketing", value: "allow", url: `${wp.url}/` }]);
      const net = await record(context);
      const page = await context.newPage();
      await page.goto(productUrl);
      expect(await page.evaluate(() => typeof (window as { retentionPixels?: unknown }).retentionPixels)).toBe(
        "object",
      );
      await settle(page);
      expect(describeAds(net.ads())).toEqual([]);
      expect(net.unexpected).toEqual([]);
      await context.close();
    });

    it("opt-in: zero ad requests before consent; granting through wp_set_consent starts all three; withdrawing stops every request", async () => {
      await wp.php(`update_option( 'wpplugin_test_consent_type', 'optin' );`);
      const context = await contextFor(null);
      const net = await record(context);
      const page = await context.newPage();
      await page.goto(productUrl);
      await settle(page);
      expect(describeAds(net.ads())).toEqual([]);
      // Another plugin's entry on Google's shared dataLayer, which a withdrawal must leave alone.
      await page.evaluate(() => {
        const w = window as unknown as { dataLayer?: unknown[] };
        (w.dataLayer ??= []).push({ event: "other_plugin" });
      });

      await page.evaluate(() =>
        (window as unknown as { wp_set_consent(c: string, v: string): void }).wp_set_consent("marketing", "allow"),
      );
      const expected = [
        "connect.facebook.net/en_US/fbevents.js",
        "www.facebook.com/tr PageView",
        "www.facebook.com/tr ViewContent",
        "www.googletagmanager.com/gtag/js",
        "www.google-analytics.com/g/collect page_view",
        "www.google-analytics.com/g/collect view_item",
        "analytics.tiktok.com/i18n/pixel/events.js",
        "analytics.tiktok.com/api/v2/pixel Pageview",
        "analytics.tiktok.com/api/v2/pixel ViewContent",
      ];
      await expect.poll(() => describeAds(net.ads()).sort(), { timeout: 10_000 }).toEqual(expected.sort());
      // WooCommerce's add-to-cart event is tracked while consent lasts.
      await page.evaluate(() => document.body.dispatchEvent(new CustomEvent("wc-blocks_added_to_cart")));
      await expect
        .poll(
          () =>
            describeAds(net.ads())
              .filter((a) => /AddToCart|add_to_cart/.test(a))
              .sort(),
          { timeout: 5_000 },
        )
        .toEqual([
          "analytics.tiktok.com/api/v2/pixel AddToCart",
          "www.facebook.com/tr AddToCart",
          "www.google-analytics.com/g/collect add_to_cart",
        ]);

      const sent = net.ads().length;
      await page.evaluate(() =>
        (window as unknown as { wp_set_consent(c: string, v: string): void }).wp_set_consent("marketing", "deny"),
      );
      const callsAtWithdrawal = await page.evaluate(() => (window as { __adCalls?: unknown[] }).__adCalls!.length);
      await page.evaluate(() => new Promise((r) => setTimeout(r, 1100))); // past the add-to-cart de-duplication
      await page.evaluate(() => document.body.dispatchEvent(new CustomEvent("wc-blocks_added_to_cart")));
      // Any other script's gtag() call for this tag after the withdrawal.
      await page.evaluate(() => {
        const layer = (window as unknown as { dataLayer: unknown[] }).dataLayer;
        (function (..._args: unknown[]) {
          // eslint-disable-next-line prefer-rest-params
          layer.push(arguments);
        })("event", "late_event", { send_to: "G-TEST1234" });
      });
      await settle(page);
      expect(describeAds(net.ads().slice(sent))).toEqual([]);
      // The plugin itself stopped (no add-to-cart call after withdrawal) and switched each network off.
      const calls = await page.evaluate(() => (window as { __adCalls?: string[][] }).__adCalls!);
      const after = calls.slice(callsAtWithdrawal).map((c) => c.join(" "));
      expect(after.filter((c) => /AddToCart|add_to_cart/.test(c))).toEqual([]);
      expect(calls.map((c) => c.join(" "))).toContain("meta consent revoke");
      expect(calls.map((c) => c.join(" "))).toContain("tiktok revokeConsent");
      expect(await page.evaluate(() => (window as unknown as Record<string, unknown>)["ga-disable-G-TEST1234"])).toBe(
        true,
      );
      expect(
        await page.evaluate(() => JSON.stringify((window as unknown as { dataLayer: unknown[] }).dataLayer)),
      ).toContain("other_plugin");
      expect(net.unexpected).toEqual([]);
      await context.close();
    });

    it("opt-in: the server starts the pixels on a page load that already has consent, and not after it was withdrawn", async () => {
      const context = await contextFor(null);
      await context.addCookies([{ name: "wp_consent_marketing", value: "allow", url: `${wp.url}/` }]);
      const net = await record(context);
      const page = await context.newPage();
      await page.goto(productUrl);
      expect(
        await page.evaluate(() => (window as { retentionPixels?: { consent: boolean } }).retentionPixels!.consent),
      ).toBe(true);
      await expect.poll(() => net.ads().length, { timeout: 10_000 }).toBeGreaterThanOrEqual(9);
      await context.addCookies([{ name: "wp_consent_marketing", value: "deny", url: `${wp.url}/` }]);
      const sent = net.ads().length;
      await page.reload();
      await settle(page);
      expect(describeAds(net.ads().slice(sent))).toEqual([]);
      await context.close();
      await wp.php(`delete_option( 'wpplugin_test_consent_type' );`);
    });

    it("declares the pixels' cookies to the WP Consent API and registers the plugin with it", async () => {
      const info = await wp.phpJson<{ cookies: string[]; registered: boolean }>(`
        return array( 'cookies' => array_keys( wp_get_cookie_info() ), 'registered' => consent_api_registered( '${PLUGIN}' ) );`);
      expect(info.registered).toBe(true);
      expect(info.cookies).toEqual(expect.arrayContaining(["_fbp", "_ga", "_ga_*", "_gcl_au", "_ttp"]));
    });
  });
});

describe("Dutch (nl_NL)", () => {
  it("the Retention page, the storefront blocks and the block titles are in Dutch when the site language is nl_NL", async () => {
    // WordPress accepts a site language only when its core translation is installed; a
    // header-only catalogue stands in for the core nl_NL pack (no internet to download it).
    const languages = path.join(wp.site, "wp-content/languages");
    fs.mkdirSync(languages, { recursive: true });
    execFileSync("msgfmt", ["-o", path.join(languages, "nl_NL.mo"), "-"], {
      input: 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: nl_NL\\n"\n',
    });
    expect(await wp.phpJson(`update_option( 'WPLANG', 'nl_NL' ); return get_option( 'WPLANG' );`)).toBe("nl_NL");
    let reset = false;
    try {
      const page = await retentionPage();
      expect(page).toContain("Koppeling");
      expect(page).toContain("Dashboard openen");
      expect(page).toContain("Ontkoppelen");
      expect(page).toMatch(/1[.,]234 bestellingen, 56 klanten/);
      const store = (await new Browser(wp.url).request("/rewards-test/")).text;
      expect(store).toContain('lang="nl-NL"');
      expect(store).toContain("Word lid van ons spaarprogramma");
      expect(attributeOf(store, "data-retention-embed", "data-locale")).toBe("nl-NL");
      // Registered on init in Dutch; the same process then puts the site back to English.
      const title = await wp.phpJson<string>(`
        $title = WP_Block_Type_Registry::get_instance()->get_registered( 'retention/account' )->title;
        update_option( 'WPLANG', '' );
        return $title;`);
      reset = true;
      expect(title).toBe("Beloningenaccount");
    } finally {
      if (!reset) await wp.php(`update_option( 'WPLANG', '' );`);
    }
  });
});

describe("disconnect, deactivate, uninstall (C4)", () => {
  it("Disconnect asks the app to stop (signed, with its body) and the storefront output goes", async () => {
    const res = await postAction(admin, "disconnect", actionNonce(await retentionPage(), "disconnect"));
    expect(res.location).toContain("retention_notice=disconnected");
    const sent = app.to("/api/woocommerce/plugin/disconnect").at(-1)!;
    expect(JSON.parse(sent.body)).toEqual({ reason: "disconnect" });
    expect(sent.verified).toMatchObject({ ok: true, params: { store: app.shopId, wp_user_id: "1" } });
    expect(await option("retention_connection")).toMatchObject({ status: "disconnected" });
    const store = (await new Browser(wp.url).request("/rewards-test/")).text;
    expect(store).not.toContain("data-retention-embed");
    expect(store).not.toContain("retention-storefront-js");
  });

  it("deactivation tells the app, removes the scheduled refresh and the Rewards endpoint, and keeps the options", async () => {
    const before = app.to("/api/woocommerce/plugin/disconnect").length;
    const state = await wp.phpJson<Record<string, unknown>>(`
      deactivate_plugins( '${PLUGIN}' );
      return array(
        'cron' => wp_next_scheduled( 'retention_refresh_settings' ),
        'rules' => array_keys( (array) get_option( 'rewrite_rules' ) ),
        'secret' => get_option( 'retention_plugin_secret' ),
      );`);
    expect(state.cron).toBe(false);
    expect((state.rules as string[]).some((rule) => rule.includes("rewards(/(.*))?/?$"))).toBe(false);
    expect(state.secret).toMatch(/^[0-9a-f]{64}$/);
    const sent = app.to("/api/woocommerce/plugin/disconnect").slice(before);
    expect(sent.map((r) => JSON.parse(r.body).reason)).toEqual(["deactivate"]);
    expect(sent[0].verified).toMatchObject({ ok: true });
  });

  it("uninstall tells the app and deletes every option and scheduled event the plugin added, and its files", async () => {
    const before = app.to("/api/woocommerce/plugin/disconnect").length;
    const state = await wp.phpJson<Record<string, unknown>>(`
      activate_plugin( '${PLUGIN}' );
      wp_schedule_single_event( time() + 60, 'retention_refresh_settings' );
      deactivate_plugins( '${PLUGIN}' );
      wp_schedule_single_event( time() + 120, 'retention_refresh_settings' );
      $deleted = delete_plugins( array( '${PLUGIN}' ) );
      global $wpdb;
      $hooks = array();
      foreach ( _get_cron_array() as $events ) { $hooks = array_merge( $hooks, array_keys( $events ) ); }
      return array(
        'deleted' => $deleted,
        'options' => $wpdb->get_col( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE 'retention\\\\_%'" ),
        'hooks' => array_values( array_filter( $hooks, fn( $h ) => str_starts_with( $h, 'retention' ) ) ),
        'files' => file_exists( WP_PLUGIN_DIR . '/retention-for-woocommerce' ),
      );`);
    expect(state).toEqual({ deleted: true, options: [], hooks: [], files: false });
    const reasons = app
      .to("/api/woocommerce/plugin/disconnect")
      .slice(before)
      .map((r) => [JSON.parse(r.body).reason, r.verified?.ok]);
    expect(reasons).toEqual([
      ["deactivate", true],
      ["uninstall", true],
    ]);
  });
});

describe("PHP log", () => {
  it("WordPress logged no PHP error, warning, notice or deprecation from the plugin during all of the above", () => {
    const log = path.join(wp.workDir, "logs", "wp-debug.log");
    const lines = fs.existsSync(log) ? fs.readFileSync(log).subarray(logStart).toString("utf8").split("\n") : [];
    expect(lines.filter((line) => /retention/i.test(line))).toEqual([]);
  });
});
