// The WooCommerce connection model on SQLite or PostgreSQL: pending connect requests (claimed once),
// sealed keys and plugin secret.
import { describe, expect, it } from "vitest";
import { deriveSecretKey } from "~/core/secret-box";
import {
  claimWooAuthRequest,
  completeWooConnect,
  loadWooConnection,
  MAX_PENDING_CONNECTS_PER_STORE,
  startWooConnect,
  WOO_CONNECT_TTL_MS,
} from "~/models/woocommerce-connection.server";
import { normalizeWooSiteUrl, WooConnectError } from "~/platforms/woocommerce/site";
import { ianaTimezone } from "~/platforms/woocommerce/store.server";
import { useTestDb } from "../helpers/db";

const { db } = await useTestDb();
const key = deriveSecretKey("model-test key material, long enough");
const APP = "https://retention.test";
const details = { name: "Woo Store", currency: "EUR", timezone: "Europe/Amsterdam" };
const PLUGIN_SECRET = "5".repeat(64);
const keys = () => ({
  keyId: "7",
  consumerKey: "ck_plainkey123",
  consumerSecret: "cs_plainsecret456",
  permissions: "read_write",
});

describe("normalizeWooSiteUrl", () => {
  it("adds https, lower-cases the host, keeps a WordPress folder and drops query and trailing slash", () => {
    expect(normalizeWooSiteUrl(" Shop.Example.COM/ ")).toEqual({
      siteUrl: "https://shop.example.com",
      domain: "shop.example.com",
    });
    expect(normalizeWooSiteUrl("https://example.com/store/?x=1#y")).toEqual({
      siteUrl: "https://example.com/store",
      domain: "example.com/store",
    });
  });

  it("refuses http, another port and hosts that cannot be public; loopback only when the policy allows it", () => {
    expect(() => normalizeWooSiteUrl("http://shop.example.com")).toThrow(/https/);
    expect(() => normalizeWooSiteUrl("https://shop.example.com:8443")).toThrow(/port/);
    for (const host of [
      "http://127.0.0.1:8080",
      "https://127.0.0.1",
      "https://localhost",
      "https://10.0.0.5",
      "https://169.254.169.254",
      "https://[::1]",
      "https://[fd00::1]",
      "https://2130706433", // 127.0.0.1 as one number
      "https://intranet",
      "https://nas.local",
      "https://db.internal",
    ])
      expect(() => normalizeWooSiteUrl(host), host).toThrow(WooConnectError);
    expect(normalizeWooSiteUrl("https://93.184.215.14").siteUrl).toBe("https://93.184.215.14");
    expect(normalizeWooSiteUrl("http://127.0.0.1:8080", { allowLoopback: true }).siteUrl).toBe("http://127.0.0.1:8080");
    expect(normalizeWooSiteUrl("http://localhost:8080", { allowLoopback: true }).siteUrl).toBe("http://localhost:8080");
    expect(() => normalizeWooSiteUrl("https://10.0.0.5", { allowLoopback: true })).toThrow(WooConnectError);
  });

  it("refuses addresses with credentials and non-addresses", () => {
    expect(() => normalizeWooSiteUrl("https://user:pw@shop.example.com")).toThrow(/user name/);
    expect(() => normalizeWooSiteUrl("")).toThrow();
    expect(() => normalizeWooSiteUrl("https://exa mple.com")).toThrow(/not a web address/);
  });
});

describe("ianaTimezone", () => {
  it("uses WordPress's timezone_string, or a whole-hour offset as Etc/GMT with POSIX's inverted sign", () => {
    expect(ianaTimezone("Europe/Amsterdam", 1)).toBe("Europe/Amsterdam");
    expect(ianaTimezone("", 2)).toBe("Etc/GMT-2");
    expect(ianaTimezone("", -5)).toBe("Etc/GMT+5");
    expect(ianaTimezone("", 5.5)).toBeNull();
    expect(ianaTimezone("Not/AZone", 0)).toBeNull();
  });
});

const start = (siteUrl: string, now?: Date) =>
  startWooConnect(db, key, {
    siteUrl,
    returnUrl: `${siteUrl}/wp-admin/admin.php?page=retention`,
    pluginSecret: PLUGIN_SECRET,
    pluginVersion: "1.0.0",
    wpUserId: 1,
    appUrl: APP,
    appName: "Retention",
    now,
  });

/** A connect from start to finish, as the callback runs it once the store proved itself. */
async function connect(siteUrl: string, over: Partial<ReturnType<typeof keys>> = {}) {
  const { nonce } = await start(siteUrl);
  const claimed = await claimWooAuthRequest(db, key, nonce);
  return completeWooConnect(db, key, claimed, { ...keys(), ...over }, details);
}

describe("WooCommerce connection model", () => {
  it("starts a connect request: the authorize URL carries the nonce, read_write, the plugin's return page and the app's callback; the secret is sealed", async () => {
    const now = new Date("2026-01-01T10:00:00Z");
    const started = await start("https://shop-start.example.com", now);
    const url = new URL(started.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe("https://shop-start.example.com/wc-auth/v1/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_name: "Retention",
      scope: "read_write",
      user_id: started.nonce,
      return_url: "https://shop-start.example.com/wp-admin/admin.php?page=retention",
      callback_url: `${APP}/api/woocommerce/auth-callback`,
    });
    expect(started.expiresAt.getTime() - now.getTime()).toBe(WOO_CONNECT_TTL_MS);
    const row = await db.wooCommerceAuthRequest.findUniqueOrThrow({ where: { nonce: started.nonce } });
    expect(row.siteUrl).toBe("https://shop-start.example.com");
    expect(row.pluginSecret).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain(PLUGIN_SECRET);
  });

  it("keeps at most a few pending connects per store", async () => {
    const now = new Date();
    for (let i = 0; i < MAX_PENDING_CONNECTS_PER_STORE; i++) await start("https://shop-busy.example.com", now);
    await expect(start("https://shop-busy.example.com", now)).rejects.toMatchObject({ status: 429 });
    // Another store is not affected.
    await expect(start("https://shop-quiet.example.com", now)).resolves.toMatchObject({ nonce: expect.any(String) });
  });

  it("stores the keys and the plugin secret sealed (no plaintext in the row) and reads the keys back opened", async () => {
    const { shopId, created } = await connect("https://shop-sealed.example.com");
    expect(created).toBe(true);
    const row = await db.wooCommerceConnection.findUniqueOrThrow({ where: { shopId } });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain("plainkey123");
    expect(stored).not.toContain("plainsecret456");
    expect(stored).not.toContain(PLUGIN_SECRET);
    expect(row.consumerSecret).toMatch(/^v1\./);
    expect(row.pluginSecret).toMatch(/^v1\./);
    const loaded = await loadWooConnection(db, key, shopId);
    expect(loaded).toMatchObject({
      siteUrl: "https://shop-sealed.example.com",
      consumerKey: "ck_plainkey123",
      consumerSecret: "cs_plainsecret456",
      keyId: "7",
    });
    expect(loaded!.webhookSecret.length).toBeGreaterThanOrEqual(32);
    expect(row.webhookSecret).not.toContain(loaded!.webhookSecret);
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(shop).toMatchObject({
      platform: "woocommerce",
      domain: "shop-sealed.example.com",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
    });
  });

  it("does not open the keys under another app key", async () => {
    const { shopId } = await connect("https://shop-otherkey.example.com");
    await expect(loadWooConnection(db, deriveSecretKey("a different key material entirely"), shopId)).rejects.toThrow(
      /does not open/,
    );
  });

  it("reconnecting the same store keeps the shop and its webhook secret and replaces the keys", async () => {
    const a = await connect("https://shop-again.example.com");
    const before = await loadWooConnection(db, key, a.shopId);
    const b = await connect("https://shop-again.example.com", { consumerKey: "ck_newkey", keyId: "8" });
    expect(b).toEqual({ shopId: a.shopId, created: false });
    const after = await loadWooConnection(db, key, a.shopId);
    expect(after).toMatchObject({ consumerKey: "ck_newkey", keyId: "8", webhookSecret: before!.webhookSecret });
  });

  it("claims a nonce once, and refuses an unknown or expired one", async () => {
    await expect(claimWooAuthRequest(db, key, "no-such-nonce-at-all")).rejects.toMatchObject({ status: 403 });
    const now = new Date("2026-01-01T10:00:00Z");
    const old = await start("https://shop-expired.example.com", now);
    await expect(
      claimWooAuthRequest(db, key, old.nonce, new Date(now.getTime() + WOO_CONNECT_TTL_MS + 1)),
    ).rejects.toThrow(/expired/);
    const once = await start("https://shop-once.example.com");
    await expect(claimWooAuthRequest(db, key, once.nonce)).resolves.toEqual({
      siteUrl: "https://shop-once.example.com",
      pluginSecret: PLUGIN_SECRET,
      pluginVersion: "1.0.0",
    });
    await expect(claimWooAuthRequest(db, key, once.nonce)).rejects.toMatchObject({ status: 409 });
  });

  it("lets only one of two concurrent claims of the same nonce through", async () => {
    const { nonce } = await start("https://shop-race.example.com");
    const results = await Promise.allSettled([
      claimWooAuthRequest(db, key, nonce),
      claimWooAuthRequest(db, key, nonce),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
  });

  it("removes the connection with its shop", async () => {
    const { shopId } = await connect("https://shop-gone.example.com");
    await db.shop.delete({ where: { id: shopId } });
    expect(await db.wooCommerceConnection.count({ where: { shopId } })).toBe(0);
  });
});
