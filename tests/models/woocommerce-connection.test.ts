// The WooCommerce connection model on SQLite or PostgreSQL: pending connect requests, sealed keys.
import { describe, expect, it } from "vitest";
import { deriveSecretKey } from "~/core/secret-box";
import {
  completeWooConnect,
  loadWooConnection,
  startWooConnect,
  WOO_CONNECT_TTL_MS,
} from "~/models/woocommerce-connection.server";
import { normalizeWooSiteUrl } from "~/platforms/woocommerce/site";
import { ianaTimezone } from "~/platforms/woocommerce/store.server";
import { useTestDb } from "../helpers/db";

const { db } = await useTestDb();
const key = deriveSecretKey("model-test key material, long enough");
const APP = "https://retention.test";
const details = { name: "Woo Store", currency: "EUR", timezone: "Europe/Amsterdam" };
const keys = (nonce: string) => ({
  nonce,
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

  it("refuses http except on 127.0.0.1 and localhost", () => {
    expect(() => normalizeWooSiteUrl("http://shop.example.com")).toThrow(/https/);
    expect(normalizeWooSiteUrl("http://127.0.0.1:8080").siteUrl).toBe("http://127.0.0.1:8080");
    expect(normalizeWooSiteUrl("http://localhost:8080").siteUrl).toBe("http://localhost:8080");
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

describe("WooCommerce connection model", () => {
  it("starts a connect request: the authorize URL carries the nonce, read_write and the app's return and callback URLs", async () => {
    const now = new Date("2026-01-01T10:00:00Z");
    const started = await startWooConnect(db, {
      storeUrl: "shop-start.example.com",
      appUrl: APP,
      appName: "Retention",
      now,
    });
    const url = new URL(started.authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe("https://shop-start.example.com/wc-auth/v1/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      app_name: "Retention",
      scope: "read_write",
      user_id: started.nonce,
      return_url: `${APP}/woocommerce/connected`,
      callback_url: `${APP}/api/woocommerce/auth-callback`,
    });
    expect(started.expiresAt.getTime() - now.getTime()).toBe(WOO_CONNECT_TTL_MS);
    const row = await db.wooCommerceAuthRequest.findUniqueOrThrow({ where: { nonce: started.nonce } });
    expect(row.siteUrl).toBe("https://shop-start.example.com");
  });

  it("stores the keys sealed (no plaintext in the row) and reads them back opened", async () => {
    const { nonce } = await startWooConnect(db, {
      storeUrl: "shop-sealed.example.com",
      appUrl: APP,
      appName: "Retention",
    });
    const { shopId, created } = await completeWooConnect(db, key, keys(nonce), details);
    expect(created).toBe(true);
    const row = await db.wooCommerceConnection.findUniqueOrThrow({ where: { shopId } });
    const stored = JSON.stringify(row);
    expect(stored).not.toContain("plainkey123");
    expect(stored).not.toContain("plainsecret456");
    expect(row.consumerSecret).toMatch(/^v1\./);
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
    const { nonce } = await startWooConnect(db, {
      storeUrl: "shop-otherkey.example.com",
      appUrl: APP,
      appName: "Retention",
    });
    const { shopId } = await completeWooConnect(db, key, keys(nonce), details);
    await expect(loadWooConnection(db, deriveSecretKey("a different key material entirely"), shopId)).rejects.toThrow(
      /does not open/,
    );
  });

  it("reconnecting the same store keeps the shop and its webhook secret and replaces the keys", async () => {
    const first = await startWooConnect(db, { storeUrl: "shop-again.example.com", appUrl: APP, appName: "Retention" });
    const a = await completeWooConnect(db, key, keys(first.nonce), details);
    const before = await loadWooConnection(db, key, a.shopId);
    const second = await startWooConnect(db, {
      storeUrl: "https://shop-again.example.com/",
      appUrl: APP,
      appName: "Retention",
    });
    const b = await completeWooConnect(
      db,
      key,
      { ...keys(second.nonce), consumerKey: "ck_newkey", keyId: "8" },
      details,
    );
    expect(b).toEqual({ shopId: a.shopId, created: false });
    const after = await loadWooConnection(db, key, a.shopId);
    expect(after).toMatchObject({ consumerKey: "ck_newkey", keyId: "8", webhookSecret: before!.webhookSecret });
  });

  it("refuses an unknown, expired or used nonce", async () => {
    await expect(completeWooConnect(db, key, keys("no-such-nonce"), details)).rejects.toMatchObject({ status: 403 });
    const now = new Date("2026-01-01T10:00:00Z");
    const old = await startWooConnect(db, {
      storeUrl: "shop-expired.example.com",
      appUrl: APP,
      appName: "Retention",
      now,
    });
    await expect(
      completeWooConnect(db, key, keys(old.nonce), details, new Date(now.getTime() + WOO_CONNECT_TTL_MS + 1)),
    ).rejects.toThrow(/expired/);
    const once = await startWooConnect(db, { storeUrl: "shop-once.example.com", appUrl: APP, appName: "Retention" });
    await completeWooConnect(db, key, keys(once.nonce), details);
    await expect(completeWooConnect(db, key, keys(once.nonce), details)).rejects.toMatchObject({ status: 409 });
    expect(await db.shop.count({ where: { domain: "shop-expired.example.com" } })).toBe(0);
  });

  it("lets only one of two concurrent callbacks with the same nonce through", async () => {
    const { nonce } = await startWooConnect(db, {
      storeUrl: "shop-race.example.com",
      appUrl: APP,
      appName: "Retention",
    });
    const results = await Promise.allSettled([
      completeWooConnect(db, key, keys(nonce), details),
      completeWooConnect(db, key, { ...keys(nonce), consumerKey: "ck_second" }, details),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { status: 409 } });
    expect(await db.wooCommerceConnection.count({ where: { shop: { domain: "shop-race.example.com" } } })).toBe(1);
  });

  it("removes the connection with its shop", async () => {
    const { nonce } = await startWooConnect(db, {
      storeUrl: "shop-gone.example.com",
      appUrl: APP,
      appName: "Retention",
    });
    const { shopId } = await completeWooConnect(db, key, keys(nonce), details);
    await db.shop.delete({ where: { id: shopId } });
    expect(await db.wooCommerceConnection.count({ where: { shopId } })).toBe(0);
  });
});
