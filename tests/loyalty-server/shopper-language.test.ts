// The shopper's language on the storefront API: the storefront script sends the page's language as
// `?locale=`, which Shopify's app proxy and the WordPress plugin sign with every other parameter.
// The app then words its own texts (the default tiers, their benefits and the rewards of a shop
// that saved no program of its own, and errors) in it when it is one of ours (en, nl), else in the
// shop's. A locale changed after signing is refused like any other tampered parameter.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { newPluginSecret, signedRequest } from "../woocommerce/plugin";
import { SHOP, useLoyaltyApp } from "./setup";

const { db, routes, resetShop } = await useLoyaltyApp();
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { translate } = await import("~/i18n");

type Program = {
  tiers: { name: string; benefits: string }[];
  rewards: { id: string; title: string }[];
};
const plain = (s: string) => s.replace(/\u00a0/g, " ");
const words = (p: Program) => ({
  tiers: p.tiers.map((t) => t.name),
  benefits: p.tiers.map((t) => plain(t.benefits)),
  rewards: p.rewards.map((r) => plain(r.title)),
});
const DUTCH = {
  tiers: ["Lid", "Zilver", "Goud"],
  rewards: ["€ 5 korting", "10% korting", "Gratis verzending"],
};
const ENGLISH = {
  tiers: ["Member", "Silver", "Gold"],
  rewards: ["€5 off", "10% off", "Free shipping"],
};

async function shopifyProgram(locale: string | null, shopLocale = "en") {
  const shop = await db.shop.findFirstOrThrow({ where: { domain: SHOP } });
  await db.shop.update({ where: { id: shop.id }, data: { locale: shopLocale } });
  const res = (await callRoute(
    routes.program.loader,
    proxyRequest("/api/program", {
      shop: SHOP,
      customerId: "1000",
      extraQuery: locale === null ? undefined : { locale },
    }),
  )) as Response;
  expect(res.status).toBe(200);
  return words((await res.json()) as Program);
}

beforeEach(async () => {
  await resetShop();
});

describe("Shopify app proxy: the shopper's language", () => {
  it("the same program endpoint answers Dutch for locale=nl and English for locale=en, whatever the shop's language", async () => {
    for (const shopLocale of ["en", "nl"]) {
      const nl = await shopifyProgram("nl", shopLocale);
      expect(nl.tiers).toEqual(DUTCH.tiers);
      expect(nl.rewards[0]).toMatch(/^€ 5(,00)? korting$/);
      expect(nl.rewards.slice(1)).toEqual(DUTCH.rewards.slice(1));
      expect(nl.benefits[1]).toMatch(/meer punten/);
      const en = await shopifyProgram("en", shopLocale);
      expect(en.tiers).toEqual(ENGLISH.tiers);
      expect(en.rewards[0]).toMatch(/^€5(\.00)? off$/);
      expect(en.rewards.slice(1)).toEqual(ENGLISH.rewards.slice(1));
      expect(en.benefits[1]).toMatch(/more points/);
    }
  });

  it("takes the region-tagged language a theme names (nl-NL) and falls back to the shop's language for one we do not have", async () => {
    expect((await shopifyProgram("nl-NL", "en")).tiers).toEqual(DUTCH.tiers);
    expect((await shopifyProgram("de", "nl")).tiers).toEqual(DUTCH.tiers);
    expect((await shopifyProgram("de-DE", "en")).tiers).toEqual(ENGLISH.tiers);
    expect((await shopifyProgram(null, "nl")).tiers).toEqual(DUTCH.tiers);
    expect((await shopifyProgram("", "en")).tiers).toEqual(ENGLISH.tiers);
  });

  it("refuses a locale changed after Shopify signed the request, and an added one", async () => {
    const call = (tamper: (p: URLSearchParams) => void) =>
      callRoute(
        routes.program.loader,
        proxyRequest("/api/program", { shop: SHOP, customerId: "1000", extraQuery: { locale: "nl" }, tamper }),
      ) as Promise<Response>;
    const changed = await call((p) => p.set("locale", "en"));
    expect(changed.status).toBe(401);
    // An unverified request names no shop, so its refusal is in the language it asked for.
    expect(await changed.json()).toEqual({ error: expect.any(String) });
    const added = (await callRoute(
      routes.program.loader,
      proxyRequest("/api/program", { shop: SHOP, customerId: "1000", tamper: (p) => p.set("locale", "nl") }),
    )) as Response;
    expect(added.status).toBe(401);
    const twice = await call((p) => p.append("locale", "en"));
    expect(twice.status).toBe(401);
  });

  it("words the member profile's default tier and the join offer in the shopper's language", async () => {
    const me = async (locale: string, customerId = "1000") =>
      (await (
        (await callRoute(
          routes.me.loader,
          proxyRequest("/api/me", { shop: SHOP, customerId, extraQuery: { locale } }),
        )) as Response
      ).json()) as { incentive: string | null; rewards: { title: string }[] };
    const nl = await me("nl");
    expect(nl.incentive).toBe(translate("nl", "storefront.joinIncentive", { points: 50 }));
    expect(plain(nl.rewards[2].title)).toBe("Gratis verzending");
    const en = await me("en");
    expect(en.incentive).toBe(translate("en", "storefront.joinIncentive", { points: 50 }));
    expect(en.incentive).not.toBe(nl.incentive);
    expect(en.rewards[2].title).toBe("Free shipping");
    const join = (await callRoute(
      routes.join.action,
      proxyRequest("/api/join", { shop: SHOP, customerId: "1000", body: {}, extraQuery: { locale: "nl" } }),
    )) as Response;
    expect(((await join.json()) as { tier: string }).tier).toBe("Lid");
  });
});

describe("WordPress plugin proxy: the shopper's language", () => {
  let secret: string;
  let shopId: string;
  beforeEach(async () => {
    await db.shop.deleteMany({ where: { platform: "woocommerce" } });
    secret = newPluginSecret();
    ({ shopId } = await completeWooConnect(
      db,
      appSecretKey(),
      { siteUrl: "https://taal-winkel.example.com", pluginSecret: secret, pluginVersion: "1.0.0" },
      { keyId: "3", consumerKey: "ck_taal", consumerSecret: "cs_taal", permissions: "read_write" },
      { name: "Taalwinkel", currency: "EUR", timezone: "Europe/Amsterdam" },
    ));
  });
  const wooProgram = (locale: string | null, tamper?: (query: string) => string) =>
    callRoute(
      routes.program.loader,
      signedRequest("/proxy/api/program", {
        secret,
        params: {
          shop: shopId,
          logged_in_customer_id: "7",
          path_prefix: "/wp-json/retention/v1/proxy",
          ...(locale === null ? {} : { locale }),
        },
        tamper,
      }),
    ) as Promise<Response>;

  it("the same program endpoint answers Dutch for WordPress's nl_NL and English for en_US; unknown falls back to the shop's", async () => {
    const nl = await wooProgram("nl_NL");
    expect(nl.status).toBe(200);
    expect(words((await nl.json()) as Program).tiers).toEqual(DUTCH.tiers);
    expect(words((await (await wooProgram("en_US")).json()) as Program).tiers).toEqual(ENGLISH.tiers);
    await db.shop.update({ where: { id: shopId }, data: { locale: "nl" } });
    expect(words((await (await wooProgram("fr_FR")).json()) as Program).tiers).toEqual(DUTCH.tiers);
    expect(words((await (await wooProgram("en_GB")).json()) as Program).tiers).toEqual(ENGLISH.tiers);
  });

  it("refuses a locale changed after the plugin signed the request", async () => {
    const res = await wooProgram("nl_NL", (q) => q.replace("locale=nl_NL", "locale=en_US"));
    expect(res.status).toBe(401);
  });
});
