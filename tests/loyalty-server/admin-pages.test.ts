// The admin pages behind authenticate.admin: loyalty program settings (validated server-side,
// errors returned by field, nothing saved on error) and the pixel ids pushed to the web pixel.
import { beforeEach, describe, expect, it } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { SHOP, useLoyaltyApp } from "./setup";

const { db, fake, resetShop } = await useLoyaltyApp();
const loyaltyPage = await import("~/routes/app.loyalty");
const pixelsPage = await import("~/routes/app.pixels");
const { draftFromProgram } = await import("~/loyalty/draft");
const { defaultProgram } = await import("~/loyalty");

const post = (path: string, fields: Record<string, string>) =>
  new Request(`${TEST_APP_URL}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
    },
    body: new URLSearchParams(fields),
  });
const webPixel = () => fake.current.state.webPixel;
/** An action's `data(..., { status })` result, as Remix gets it. */
type Rejected = { data: { errors: Record<string, string> }; init: { status: number } };
const settingsOf = async (id: string) =>
  JSON.parse((await db.shop.findUniqueOrThrow({ where: { id } })).settings) as Record<string, unknown>;

let shopId: string;
beforeEach(async () => {
  shopId = (await resetShop(SHOP, { inactiveAfterDays: 90 })).id;
});

describe("loyalty settings page", () => {
  it("saves a valid program under settings.loyalty, converting amounts to cents and keeping other settings", async () => {
    // GIVEN the default program as the page shows it, with changes typed by the merchant
    const draft = draftFromProgram(defaultProgram(), "EUR");
    draft.pointsPerUnit = "2";
    draft.approvalDays = "14";
    draft.rewards[0] = { ...draft.rewards[0], value: "7,50", combinesShipping: true };
    // WHEN it is posted
    const res = await callRoute(loyaltyPage.action, post("/app/loyalty", { program: JSON.stringify(draft) }));
    // THEN it is stored, validated, next to the other settings
    expect(res instanceof Response ? res.status : 200).toBe(200);
    const settings = await settingsOf(shopId);
    expect(settings.inactiveAfterDays).toBe(90);
    expect(settings.loyalty).toMatchObject({
      pointsPerUnit: 2,
      approvalDays: 14,
      rewards: expect.arrayContaining([
        expect.objectContaining({
          id: "five-off",
          value: 750,
          combinesWith: { order: false, product: false, shipping: true },
        }),
      ]),
    });
  });

  it("gives a reward added on the page an id made from its name, and the page reports the program as saved", async () => {
    const get = () => {
      const r = post("/app/loyalty", {});
      return new Request(r.url, { headers: r.headers });
    };
    type Loaded = { saved: boolean; summary: { accounts: number } };
    expect(((await callRoute(loyaltyPage.loader, get())) as unknown as Loaded).saved).toBe(false);
    const draft = draftFromProgram(defaultProgram(), "EUR");
    draft.rewards.push({ ...draft.rewards[0], id: "", name: "Gratis cadeaupapier", value: "2" });
    await callRoute(loyaltyPage.action, post("/app/loyalty", { program: JSON.stringify(draft) }));
    const saved = (await settingsOf(shopId)).loyalty as { rewards: { id: string }[] };
    expect(saved.rewards.map((r) => r.id)).toEqual([
      ...defaultProgram().rewards.map((r) => r.id),
      "gratis-cadeaupapier",
    ]);
    expect(((await callRoute(loyaltyPage.loader, get())) as unknown as Loaded).saved).toBe(true);
  });

  it("sends each tier's benefits to the storefront (GET /api/program), as the field promises", async () => {
    const { programOffer } = await import("~/models/loyalty-offer.server");
    const draft = draftFromProgram(defaultProgram(), "EUR");
    draft.tiers[1].benefits = "Free gift wrapping";
    await callRoute(loyaltyPage.action, post("/app/loyalty", { program: JSON.stringify(draft) }));
    const offer = await programOffer(db, { id: shopId, currency: "EUR" }, null);
    expect(offer.tiers[1]).toMatchObject({ name: draft.tiers[1].name, benefits: "Free gift wrapping" });
  });

  it("returns 422 with an error per field and saves nothing when the program is invalid", async () => {
    const draft = draftFromProgram(defaultProgram(), "EUR");
    draft.approvalDays = "400";
    draft.tiers[1].earnMultiplier = "";
    draft.rewards[1].value = "abc";
    draft.rewards[2].id = "five-off";
    const res = (await callRoute(
      loyaltyPage.action,
      post("/app/loyalty", { program: JSON.stringify(draft) }),
    )) as unknown as Rejected;
    expect(res.init.status).toBe(422);
    expect(Object.keys(res.data.errors).sort()).toEqual([
      "approvalDays",
      "rewards[1].value",
      "rewards[2].id",
      "tiers[1].earnMultiplier",
    ]);
    expect((await settingsOf(shopId)).loyalty).toBeUndefined();
  });

  it("words the field errors in Dutch on the Dutch page (?locale=nl)", async () => {
    const draft = draftFromProgram(defaultProgram(), "EUR");
    draft.approvalDays = "400";
    draft.tiers[1].name = "Member";
    draft.rewards[0].value = "5 euro";
    const res = (await callRoute(
      loyaltyPage.action,
      post("/app/loyalty?locale=nl", { program: JSON.stringify(draft) }),
    )) as unknown as Rejected;
    expect(res.init.status).toBe(422);
    expect(res.data.errors).toEqual({
      approvalDays: "Moet tussen 0 en 365 liggen",
      "tiers[1].name": "Niveau 1 heeft al deze naam",
      "rewards[0].value": "Vul een bedrag in zoals 5,00",
    });
  });

  it("offers a shop without a saved program the default tiers and rewards in the page's language and currency", async () => {
    const get = (path: string) => {
      const r = post(path, {});
      return new Request(r.url, { headers: r.headers });
    };
    const nl = (await callRoute(loyaltyPage.loader, get("/app/loyalty?locale=nl"))) as unknown as {
      draft: { tiers: { name: string; benefits: string }[]; rewards: { name: string }[] };
    };
    expect(nl.draft.tiers.map((t) => t.name)).toEqual(["Lid", "Zilver", "Goud"]);
    // Intl keeps "€" and the amount together with a no-break space.
    expect(nl.draft.tiers.map((t) => t.benefits.replace(/\u00a0/g, " "))).toEqual([
      "1 punt per € 1 besteed",
      "25% meer punten op elke bestelling",
      "50% meer punten op elke bestelling",
    ]);
    expect(nl.draft.rewards.map((r) => r.name.replace(/\u00a0/g, " "))).toEqual([
      "€ 5 korting",
      "10% korting",
      "Gratis verzending",
    ]);
    // Decimals are written the Dutch way in the fields, and saving the page as shown stores the same program.
    const nlDraft = nl.draft as unknown as { tiers: { minSpend: string; earnMultiplier: string }[] };
    expect(nlDraft.tiers.map((t) => [t.minSpend, t.earnMultiplier])).toEqual([
      ["0,00", "1"],
      ["500,00", "1,25"],
      ["1500,00", "1,5"],
    ]);
    await callRoute(loyaltyPage.action, post("/app/loyalty?locale=nl", { program: JSON.stringify(nl.draft) }));
    const saved = (await settingsOf(shopId)).loyalty as {
      tiers: { name: string; minSpendMinor: number; earnMultiplier: number }[];
    };
    expect(saved.tiers).toEqual([
      expect.objectContaining({ name: "Lid", minSpendMinor: 0, earnMultiplier: 1 }),
      expect.objectContaining({ name: "Zilver", minSpendMinor: 50_000, earnMultiplier: 1.25 }),
      expect.objectContaining({ name: "Goud", minSpendMinor: 150_000, earnMultiplier: 1.5 }),
    ]);
    await db.shop.update({ where: { id: shopId }, data: { settings: "{}" } });
    // In English they are the defaults app/loyalty has always had.
    const en = (await callRoute(loyaltyPage.loader, get("/app/loyalty"))) as unknown as typeof nl;
    const d = defaultProgram();
    expect(en.draft.tiers.map((t) => [t.name, t.benefits])).toEqual(d.tiers.map((t) => [t.name, t.benefits]));
    expect(en.draft.rewards.map((r) => r.name)).toEqual(d.rewards.map((r) => r.name));
  });

  it("summarises points issued, redeemed and taken back on the page", async () => {
    // GIVEN a member's signup bonus, an earning, a refund reversal, a redemption and a failed one given back
    const now = new Date();
    const e = (key: string, kind: string, points: number) => ({
      shopId,
      key,
      customerId: "1",
      kind,
      points,
      createdAt: now,
      availableAt: now,
    });
    await db.loyaltyAccount.create({ data: { shopId, customerId: "1", referralCode: "AAAAAAAAAA" } });
    await db.loyaltyEntry.createMany({
      data: [
        e("signup:1", "signup", 50),
        e("order:9:earn", "earn_order", 600),
        e("refund:8", "reverse_refund", -100),
        e("redeem:A", "redeem", -500),
        e("redeem:B", "redeem", -300),
        e("restore:redeem:B", "adjust", 300),
      ],
    });
    const get = new Request(`${TEST_APP_URL}/app/loyalty`, {
      headers: {
        authorization: `Bearer ${signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
      },
    });
    const data = (await loyaltyPage.loader({ request: get, params: {}, context: {} })) as {
      summary: Record<string, number>;
    };
    // THEN the given-back redemption does not count as redeemed
    expect(data.summary).toMatchObject({ accounts: 1, issued: 650, reversed: 100, redeemed: 500, adjusted: 0 });
  });

  it("refuses a request without a valid session token", async () => {
    const res = await callRoute(
      loyaltyPage.action,
      new Request(`${TEST_APP_URL}/app/loyalty`, {
        method: "POST",
        headers: { authorization: "Bearer forged" },
        body: new URLSearchParams({ program: "{}" }),
      }),
    );
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBe(401);
  });
});

describe("general settings page", () => {
  it("keeps the loyalty program and pixel ids when the general settings are saved", async () => {
    // GIVEN a saved program and pixel ids
    await db.shop.update({
      where: { id: shopId },
      data: {
        settings: JSON.stringify({
          inactiveAfterDays: 90,
          loyalty: { signupBonus: 7 },
          pixels: { metaPixelId: "123456" },
        }),
      },
    });
    // WHEN the general settings form is saved
    const { saveSettingsForm } = await import("~/models/settings-form.server");
    const form = new FormData();
    for (const [k, v] of Object.entries({
      inactiveAfterDays: "60",
      activeWindowDays: "365",
      loyalMinOrders: "3",
      cacSpend: "",
      cacNewCustomers: "",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
      locale: "en",
    }))
      form.set(k, v);
    expect(await saveSettingsForm(db, shopId, form)).toEqual({ ok: true });
    // THEN the other modules' keys survive
    expect(await settingsOf(shopId)).toMatchObject({
      inactiveAfterDays: 60,
      loyalty: { signupBonus: 7 },
      pixels: { metaPixelId: "123456" },
    });
  });
});

describe("pixels page", () => {
  it("creates the web pixel with the ids as its settings, then updates the same pixel", async () => {
    const res = await callRoute(
      pixelsPage.action,
      post("/app/pixels", { metaPixelId: "1234567890", googleTagId: "g-abc123xyz", tiktokPixelId: "" }),
    );
    expect(res instanceof Response ? res.status : 200).toBe(200);
    expect(webPixel()?.settings).toEqual({ metaPixelId: "1234567890", googleTagId: "G-ABC123XYZ", tiktokPixelId: "" });
    expect((await settingsOf(shopId)).pixels).toMatchObject({ metaPixelId: "1234567890", webPixelId: webPixel()?.id });

    await callRoute(
      pixelsPage.action,
      post("/app/pixels", { metaPixelId: "", googleTagId: "", tiktokPixelId: "C4ABCDEFGHIJ" }),
    );
    expect(webPixel()?.settings).toEqual({ metaPixelId: "", googleTagId: "", tiktokPixelId: "C4ABCDEFGHIJ" });
    expect(fake.current.state.requests.map((r) => r.query.match(/mutation (\w+)/)?.[1]).filter(Boolean)).toEqual([
      "RetentionWebPixelCreate",
      "RetentionWebPixelUpdate",
    ]);
    expect(fake.current.state.rejected).toEqual([]);
  });

  it("shows an invalid id inline without calling Shopify", async () => {
    const before = fake.current.state.requests.length;
    const res = (await callRoute(
      pixelsPage.action,
      post("/app/pixels", { metaPixelId: "abc", googleTagId: "", tiktokPixelId: "" }),
    )) as unknown as Rejected;
    expect(res.init.status).toBe(422);
    expect(res.data.errors).toEqual({ metaPixelId: "Use the digits of your Meta pixel ID" });
    expect(fake.current.state.requests.length).toBe(before);
    // On the Dutch page the same error is Dutch.
    const nl = (await callRoute(
      pixelsPage.action,
      post("/app/pixels?locale=nl", { metaPixelId: "abc", googleTagId: "x", tiktokPixelId: "" }),
    )) as unknown as Rejected;
    expect(nl.data.errors).toEqual({
      metaPixelId: "Gebruik de cijfers van je Meta-pixel-ID",
      googleTagId: "Gebruik een ID zoals G-ABC123XYZ of AW-123456789",
    });
  });

  it("recovers when the stored pixel id is stale (update answers NOT_FOUND): finds or creates the pixel", async () => {
    await db.shop.update({
      where: { id: shopId },
      data: {
        settings: JSON.stringify({
          pixels: {
            metaPixelId: "111111",
            googleTagId: "",
            tiktokPixelId: "",
            webPixelId: "gid://shopify/WebPixel/999",
          },
        }),
      },
    });
    fake.current.state.webPixel = null;
    const res = await callRoute(
      pixelsPage.action,
      post("/app/pixels", { metaPixelId: "222222", googleTagId: "", tiktokPixelId: "" }),
    );
    expect(res instanceof Response ? res.status : 200).toBe(200);
    expect(webPixel()?.settings).toMatchObject({ metaPixelId: "222222" });
  });

  it("shows Shopify's userErrors inline (422) and keeps the saved ids unchanged", async () => {
    // GIVEN saved ids WHEN Shopify refuses the new settings
    await db.shop.update({
      where: { id: shopId },
      data: { settings: JSON.stringify({ pixels: { metaPixelId: "111111", googleTagId: "", tiktokPixelId: "" } }) },
    });
    fake.current.state.webPixel = null;
    fake.current.control.webPixelUserErrorsNext([
      { field: ["webPixel", "settings"], message: "Settings are invalid for this extension", code: "INVALID_SETTINGS" },
    ]);
    const res = (await callRoute(
      pixelsPage.action,
      post("/app/pixels", { metaPixelId: "222222", googleTagId: "", tiktokPixelId: "" }),
    )) as unknown as Rejected;
    // THEN the message is shown and nothing is saved
    expect(res.init.status).toBe(422);
    expect(res.data.errors).toEqual({ form: "Settings are invalid for this extension" });
    expect((await settingsOf(shopId)).pixels).toEqual({ metaPixelId: "111111", googleTagId: "", tiktokPixelId: "" });
  });
});
