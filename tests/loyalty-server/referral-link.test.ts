// A member's referral link is on the storefront's own address: a WooCommerce store's site URL as it
// registered when connecting (its scheme, so a store served over http gets an http link, and any
// path it lives under), a Shopify shop's primary domain (read from the Admin API at install; https),
// and the myshopify domain until the app knows the primary one.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { newPluginSecret, signedRequest } from "../woocommerce/plugin";
import { SHOP, useLoyaltyApp } from "./setup";

const PRIMARY = "www.loyal-shop.example";
const { db, routes, resetShop } = await useLoyaltyApp({ primaryDomain: PRIMARY });
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { onShopInstalled } = await import("~/workflows/install.server");
const { unauthenticated } = await import("~/shopify.server");

type Profile = { referralUrl: string | null };

describe("Shopify: referral links on the primary domain", () => {
  beforeEach(async () => {
    await resetShop();
  });
  const join = async (customerId: string) =>
    (await (
      (await callRoute(routes.join.action, proxyRequest("/api/join", { shop: SHOP, customerId, body: {} }))) as Response
    ).json()) as Profile;

  it("links to https://<primary domain>/?ref=CODE once the install read the primary domain", async () => {
    const before = await join("501");
    expect(before.referralUrl).toMatch(new RegExp(`^https://${SHOP.replace(/\./g, "\\.")}/\\?ref=[0-9A-Za-z-]+$`));
    const { admin } = await unauthenticated.admin(SHOP);
    await onShopInstalled(db, SHOP, admin.graphql as never);
    const after = await join("501");
    const url = new URL(after.referralUrl!);
    expect(url.protocol).toBe("https:");
    expect(url.host).toBe(PRIMARY);
    // The same member keeps the same code: only the address changed.
    expect(url.searchParams.get("ref")).toBe(new URL(before.referralUrl!).searchParams.get("ref"));
    const me = (await (
      (await callRoute(routes.me.loader, proxyRequest("/api/me", { shop: SHOP, customerId: "501" }))) as Response
    ).json()) as Profile;
    expect(me.referralUrl).toBe(after.referralUrl);
  });
});

describe("WooCommerce: referral links on the store's registered site URL", () => {
  beforeEach(async () => {
    await db.shop.deleteMany({ where: { platform: "woocommerce" } });
  });
  async function linkFor(siteUrl: string) {
    const secret = newPluginSecret();
    const { shopId } = await completeWooConnect(
      db,
      appSecretKey(),
      { siteUrl, pluginSecret: secret, pluginVersion: "1.0.0" },
      { keyId: "3", consumerKey: "ck_ref", consumerSecret: "cs_ref", permissions: "read_write" },
      { name: "Referral Store", currency: "EUR", timezone: "Europe/Amsterdam" },
    );
    const res = (await callRoute(
      routes.join.action,
      signedRequest("/proxy/api/join", {
        secret,
        params: { shop: shopId, logged_in_customer_id: "12", path_prefix: "/wp-json/retention/v1/proxy" },
        body: "{}",
      }),
    )) as Response;
    expect(res.status).toBe(200);
    return new URL(((await res.json()) as Profile).referralUrl!);
  }

  it("keeps an http store's scheme and port (a loopback development store)", async () => {
    const url = await linkFor("http://127.0.0.1:8089");
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe("http://127.0.0.1:8089/");
    expect(url.searchParams.get("ref")).toMatch(/^[0-9A-Za-z-]{4,40}$/);
  });

  it("keeps an https store's host and the path WordPress lives under", async () => {
    const url = await linkFor("https://shop.example.com/winkel");
    expect(`${url.protocol}//${url.host}${url.pathname}`).toBe("https://shop.example.com/winkel/");
    expect(url.searchParams.get("ref")).toMatch(/^[0-9A-Za-z-]{4,40}$/);
  });
});
