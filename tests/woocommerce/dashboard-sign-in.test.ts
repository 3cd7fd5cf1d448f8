// "Open dashboard": the plugin's one-time token signs a WooCommerce merchant in to the app's
// admin for that one store (a cookie naming a WooCommerceAdminSession row), and the admin pages
// then run for the WooCommerce shop without Shopify. Forged, stale, reused, other-store and
// disconnected-store tokens are refused with a 4xx and store nothing.
import crypto from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { signDashboardToken, type DashboardClaims } from "~/core/dashboard-token";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { newPluginSecret } from "./plugin";

const { db } = await useAppEnv();
const sso = await import("~/routes/woocommerce.sso");
const logout = await import("~/routes/woocommerce.logout");
const layout = await import("~/routes/app");
const dashboard = await import("~/routes/app._index");
const pixels = await import("~/routes/app.pixels");
const winback = await import("~/routes/app.winback");
const sync = await import("~/routes/app.sync");
const settings = await import("~/routes/app.settings");
const { completeWooConnect, disconnectWooStore } = await import("~/models/woocommerce-connection.server");
const { findWooAdminSession, WOO_ADMIN_SESSION_TTL_MS } = await import("~/models/woocommerce-admin-session.server");
const { appSecretKey } = await import("~/crypto/app-key.server");

interface Store {
  shopId: string;
  secret: string;
}

async function connectStore(host: string): Promise<Store> {
  const secret = newPluginSecret();
  const { shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: `https://${host}`, pluginSecret: secret, pluginVersion: "1.0.0" },
    { keyId: "1", consumerKey: "ck_x", consumerSecret: "cs_x", permissions: "read_write" },
    { name: `Shop ${host}`, currency: "EUR", timezone: "Europe/Amsterdam" },
  );
  return { shopId, secret };
}

let a: Store;
let b: Store;
beforeEach(async () => {
  await db.shop.deleteMany({});
  a = await connectStore("a-shop.example.com");
  b = await connectStore("b-shop.example.com");
});

const nowSeconds = () => Math.floor(Date.now() / 1000);
const claims = (shop: string, over: Partial<DashboardClaims> = {}): DashboardClaims => ({
  v: 1,
  shop,
  wp_user_id: 1,
  wp_user_email: "manager@a-shop.example.com",
  iat: nowSeconds(),
  exp: nowSeconds() + 60,
  jti: crypto.randomBytes(16).toString("hex"),
  ...over,
});

const ssoRequest = (token: string) => new Request(`${TEST_APP_URL}/woocommerce/sso?token=${encodeURIComponent(token)}`);

/** The loader's outcome as status, redirect target, cookie and refusal reason. */
async function signIn(token: string) {
  const result = (await callRoute(sso.loader, ssoRequest(token))) as unknown;
  if (result instanceof Response)
    return {
      status: result.status,
      location: result.headers.get("location"),
      cookie: result.headers.get("set-cookie"),
      reason: null,
    };
  const { data, init } = result as { data: { reason: string }; init: { status: number } };
  return { status: init.status, location: null, cookie: null, reason: data.reason };
}

const cookiePair = (setCookie: string) => setCookie.split(";")[0]!;
const adminRequest = (path: string, cookie: string, init: RequestInit = {}) =>
  new Request(`${TEST_APP_URL}${path}`, { ...init, headers: { ...(init.headers ?? {}), cookie } });

describe("sign-in from WordPress", () => {
  it("opens a session for the token's store: a Secure, httpOnly, SameSite=Lax cookie, then the dashboard", async () => {
    const out = await signIn(signDashboardToken(claims(a.shopId), a.secret));
    expect(out.status).toBe(302);
    expect(out.location).toBe("/app");
    expect(out.cookie).toMatch(/HttpOnly/i);
    expect(out.cookie).toMatch(/Secure/i);
    expect(out.cookie).toMatch(/SameSite=Lax/i);
    expect(out.cookie).toMatch(/Path=\//);
    expect(out.cookie).toMatch(/^__Host-retention_woo_admin=/);
    expect(out.cookie).not.toMatch(/Domain=/i);
    // The session row holds the WordPress user and only the token's hash.
    const rows = await db.wooCommerceAdminSession.findMany({ where: { shopId: a.shopId } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.wpUserEmail).toBe("manager@a-shop.example.com");
    expect(out.cookie).not.toContain(rows[0]!.tokenHash);

    const page = (await callRoute(layout.loader, adminRequest("/app", cookiePair(out.cookie!)))) as {
      platform: string;
      shopName: string;
    };
    expect(page.platform).toBe("woocommerce");
    expect(page.shopName).toBe("Shop a-shop.example.com");
    const home = (await callRoute(dashboard.loader, adminRequest("/app", cookiePair(out.cookie!)))) as {
      shop: { name: string };
    };
    expect(home.shop.name).toBe("Shop a-shop.example.com");
  });

  it("refuses the same token a second time (409) and opens no second session", async () => {
    const token = signDashboardToken(claims(a.shopId), a.secret);
    expect((await signIn(token)).status).toBe(302);
    const again = await signIn(token);
    expect(again).toMatchObject({ status: 409, reason: "reused", cookie: null });
    expect(await db.wooCommerceAdminSession.count({ where: { shopId: a.shopId } })).toBe(1);
  });

  it("refuses an expired token and one issued in the future (401)", async () => {
    const old = claims(a.shopId, { iat: nowSeconds() - 120, exp: nowSeconds() - 60 });
    expect(await signIn(signDashboardToken(old, a.secret))).toMatchObject({ status: 401, reason: "expired" });
    const future = claims(a.shopId, { iat: nowSeconds() + 60, exp: nowSeconds() + 120 });
    expect(await signIn(signDashboardToken(future, a.secret))).toMatchObject({
      status: 401,
      reason: "not-yet-valid",
    });
    expect(await db.wooCommerceAdminSession.count()).toBe(0);
  });

  it("refuses a forged token, and a token naming another store than the one whose secret signed it (401)", async () => {
    expect(await signIn(signDashboardToken(claims(a.shopId), newPluginSecret()))).toMatchObject({
      status: 401,
      reason: "bad-signature",
    });
    // Store B's plugin tries to sign in to store A.
    expect(await signIn(signDashboardToken(claims(a.shopId), b.secret))).toMatchObject({
      status: 401,
      reason: "bad-signature",
    });
    // A token whose payload was changed after signing (shop swapped) fails its MAC.
    const [, mac] = signDashboardToken(claims(a.shopId), a.secret).split(".");
    const swapped = Buffer.from(JSON.stringify(claims(b.shopId))).toString("base64url");
    expect((await signIn(`${swapped}.${mac}`)).status).toBe(401);
    expect(await db.wooCommerceAdminSession.count()).toBe(0);
  });

  it("refuses malformed tokens and over-long lifetimes (400)", async () => {
    for (const token of ["", "abc", "a.b.c", `${Buffer.from("{}").toString("base64url")}.${"x".repeat(43)}`])
      expect((await signIn(token)).status).toBe(400);
    const long = claims(a.shopId, { exp: nowSeconds() + 3600 });
    expect((await signIn(signDashboardToken(long, a.secret))).status).toBe(400);
  });

  it("refuses a disconnected store (403), and disconnecting ends the store's open sessions", async () => {
    const out = await signIn(signDashboardToken(claims(a.shopId), a.secret));
    await disconnectWooStore(db, a.shopId);
    expect(await signIn(signDashboardToken(claims(a.shopId), a.secret))).toMatchObject({
      status: 403,
      reason: "not-connected",
    });
    const page = await callRoute(dashboard.loader, adminRequest("/app", cookiePair(out.cookie!)));
    expect(page).toBeInstanceOf(Response);
    expect((page as Response).headers.get("location")).toBe("/woocommerce/logout?ended=1");
  });
});

describe("the WooCommerce admin session", () => {
  async function signedIn(store: Store = a) {
    const out = await signIn(signDashboardToken(claims(store.shopId), store.secret));
    return cookiePair(out.cookie!);
  }

  it("is one store's only: store B's session sees B's shop, never A's", async () => {
    const cookieB = await signedIn(b);
    const home = (await callRoute(dashboard.loader, adminRequest("/app", cookieB))) as { shop: { name: string } };
    expect(home.shop.name).toBe("Shop b-shop.example.com");
  });

  it("ends after 8 hours", async () => {
    const cookie = await signedIn();
    const value = decodeURIComponent(cookie.split("=")[1]!);
    const parsed = JSON.parse(Buffer.from(value, "base64").toString("utf8")) as string;
    expect(await findWooAdminSession(db, parsed)).not.toBeNull();
    expect(await findWooAdminSession(db, parsed, new Date(Date.now() + WOO_ADMIN_SESSION_TTL_MS + 1000))).toBeNull();
  });

  it("logout deletes the session row and clears the cookie; the old cookie then leads to the signed-out page", async () => {
    const cookie = await signedIn();
    const out = (await callRoute(
      logout.action,
      adminRequest("/woocommerce/logout", cookie, { method: "POST", headers: { origin: TEST_APP_URL } }),
    )) as Response;
    expect(out.status).toBe(302);
    expect(out.headers.get("location")).toBe("/woocommerce/logout");
    expect(out.headers.get("set-cookie")).toMatch(/Max-Age=0/i);
    expect(await db.wooCommerceAdminSession.count({ where: { shopId: a.shopId } })).toBe(0);
    const page = (await callRoute(dashboard.loader, adminRequest("/app", cookie))) as Response;
    expect(page.headers.get("location")).toBe("/woocommerce/logout?ended=1");
  });

  it("refuses a page's POST from another site (403)", async () => {
    const cookie = await signedIn();
    const body = new URLSearchParams({ metaPixelId: "123456789012345" });
    const out = (await callRoute(
      pixels.action,
      adminRequest("/app/pixels", cookie, { method: "POST", body, headers: { origin: "https://evil.example" } }),
    )) as Response;
    expect(out.status).toBe(403);
  });

  it("saves the pixel ids of a WooCommerce shop for the plugin, without Shopify's webPixelCreate", async () => {
    const cookie = await signedIn();
    const body = new URLSearchParams({ metaPixelId: "123456789012345", googleTagId: "g-abc123", tiktokPixelId: "" });
    const out = await callRoute(
      pixels.action,
      adminRequest("/app/pixels", cookie, { method: "POST", body, headers: { origin: TEST_APP_URL } }),
    );
    expect(out).toEqual({ ok: true, errors: {} });
    const shop = await db.shop.findUniqueOrThrow({ where: { id: a.shopId } });
    expect(JSON.parse(shop.settings).pixels).toEqual({
      metaPixelId: "123456789012345",
      googleTagId: "G-ABC123",
      tiktokPixelId: "",
    });
  });

  it("shows the WooCommerce sync on Sync status, WooCommerce's win-back (segment webhook) and no GDPR requests on Settings", async () => {
    const cookie = await signedIn();
    await db.syncState.create({
      data: { shopId: a.shopId, kind: "woocommerce", status: "completed", processed: 12, total: 12 },
    });
    const status = (await callRoute(sync.loader, adminRequest("/app/sync", cookie))) as {
      status: { runs: { kind: string; processed: number }[] };
    };
    expect(status.status.runs).toEqual([expect.objectContaining({ kind: "woocommerce", processed: 12 })]);
    const page = (await callRoute(winback.loader, adminRequest("/app/winback", cookie))) as {
      platform: string;
      webhook: { secret: string } | null;
    };
    expect(page.platform).toBe("woocommerce");
    expect(page.webhook?.secret).toEqual(expect.any(String));
    const s = (await callRoute(settings.loader, adminRequest("/app/settings", cookie))) as {
      platform: string;
      dataRequests: unknown[];
    };
    // Data requests come from WordPress's Export Personal Data tool through the plugin: the page lists them.
    expect(s).toMatchObject({ platform: "woocommerce", dataRequests: [] });
  });
});
