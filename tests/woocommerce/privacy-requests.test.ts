// The plugin's privacy requests (WordPress's Export / Erase Personal Data tools), signed as the
// plugin signs them: POST /api/woocommerce/plugin/privacy/export and .../erase with
// { email, customer_id, request_id }. The export is what the shop holds about the shopper and is
// recorded like Shopify's data requests; the erasure is Shopify's customers/redact, once per request.
import { beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { newPluginSecret, signedRequest, type SignedOptions } from "./plugin";

const { db } = await useAppEnv();
const routes = {
  export: await import("~/routes/api.woocommerce.plugin.privacy.export"),
  erase: await import("~/routes/api.woocommerce.plugin.privacy.erase"),
};
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { listDataRequests } = await import("~/models/compliance.server");

const EMAIL = "Sanne.de.Vries@example.nl";
const DAY = 86_400_000;
let secret: string;
let shopId: string;
let otherSecret: string;
let otherShopId: string;

const connect = (site: string, pluginSecret: string, keyId: string) =>
  completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: site, pluginSecret, pluginVersion: "1.0.0" },
    { keyId, consumerKey: `ck_${keyId}`, consumerSecret: `cs_${keyId}`, permissions: "read_write" },
    { name: `Shop ${keyId}`, currency: "EUR", timezone: "Europe/Amsterdam" },
  );

/** Everything a shopper leaves in a shop: account, orders (one as a guest), points, codes, NPS, segment, push state. */
async function seedShopper(shop: string, customerId: string, email: string, referredBy: string | null = null) {
  const normal = email.toLowerCase();
  const n = customerId.replace(/\D/g, "");
  await db.customer.create({ data: { shopId: shop, id: customerId, email: normal, firstName: "Sanne" } });
  const order = (id: string, guest: boolean, daysAgo: number) =>
    db.order.create({
      data: {
        shopId: shop,
        id,
        name: `#${id}`,
        customerId: guest ? null : customerId,
        email: normal,
        currency: "EUR",
        totalMinor: 4250n,
        netPaidMinor: 4250n,
        financialStatus: "paid",
        processedAt: new Date(Date.now() - daysAgo * DAY),
      },
    });
  await order(`woo-${n}01`, false, 40);
  await order(`woo-${n}02`, true, 60);
  await db.loyaltyAccount.create({
    data: {
      shopId: shop,
      customerId,
      email: normal,
      referralCode: `REF${n}`,
      referredBy,
      enrolledAt: new Date(Date.now() - 50 * DAY),
    },
  });
  const entry = (key: string, kind: string, points: number, daysAgo: number, orderId: string | null = null) =>
    db.loyaltyEntry.create({
      data: {
        shopId: shop,
        key,
        customerId,
        kind,
        points,
        orderId,
        createdAt: new Date(Date.now() - daysAgo * DAY),
        availableAt: new Date(Date.now() - (daysAgo - 14) * DAY),
      },
    });
  await entry(`signup:${customerId}`, "signup", 100, 50);
  await entry(`order:woo-${n}01`, "earn_order", 42, 40, `woo-${n}01`);
  await entry(`redeem:${customerId}:1`, "redeem", -100, 20);
  await db.rewardCode.create({
    data: { shopId: shop, code: `RWD-${n}`, customerId, kind: "reward", status: "active" },
  });
  await db.surveyAnswer.create({
    data: { shopId: shop, customerId, orderId: `woo-${n}01`, score: 9, comment: `Snelle levering ${n}` },
  });
  await db.customerInsight.create({
    data: {
      shopId: shop,
      customerKey: `c:${customerId}`,
      customerId,
      email: normal,
      name: "Sanne",
      searchText: `sanne ${normal} ${customerId}`,
      orders: 1,
      revenueMinor: 4250n,
      firstOrderDate: "2026-10-23",
      lastOrderDate: "2026-10-23",
      segment: "one-time",
      rfmR: 3,
      rfmF: 1,
      rfmM: 2,
      rfmSegment: "new",
      computedAt: new Date(),
    },
  });
  await db.segmentPush.create({
    data: { shopId: shop, customerId, segment: "one-time", churnRisk: "low", lastOrderDate: "2026-10-23" },
  });
}

/** Every shop-keyed table of prisma/schema.prisma, as JSON text, for "nothing names the person". */
async function shopRowsText(shop: string): Promise<string> {
  const schema = fs.readFileSync(path.resolve(__dirname, "../../prisma/schema.prisma"), "utf8");
  const models = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
    .filter(([, , body]) => /^\s+shopId\s+String\b/m.test(body))
    .map(([, name]) => name[0].toLowerCase() + name.slice(1));
  expect(models).toEqual(expect.arrayContaining(["order", "loyaltyEntry", "complianceRequest", "surveyAnswer"]));
  const rows = await Promise.all(
    models.map((m) =>
      (db as unknown as Record<string, { findMany(a: object): Promise<unknown[]> }>)[m].findMany({
        where: { shopId: shop },
      }),
    ),
  );
  return JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

beforeEach(async () => {
  await db.shop.deleteMany({});
  secret = newPluginSecret();
  otherSecret = newPluginSecret();
  ({ shopId } = await connect("https://winkel.example.nl", secret, "1"));
  ({ shopId: otherShopId } = await connect("https://andere-winkel.example.nl", otherSecret, "2"));
  await seedShopper(shopId, "woo-7", EMAIL);
  // A friend she referred, and the same e-mail in another store: theirs to keep.
  await seedShopper(shopId, "woo-8", "friend@example.nl", "woo-7");
  await seedShopper(otherShopId, "woo-7", EMAIL);
});

type Body = { email: string; customer_id?: number | null; request_id?: number | null };
const send = (kind: "export" | "erase", body: Body | string, opts: Partial<SignedOptions> = {}) =>
  callRoute(
    routes[kind].action,
    signedRequest(`/api/woocommerce/plugin/privacy/${kind}`, {
      secret,
      params: { store: shopId, wp_user_id: "1" },
      body: typeof body === "string" ? body : JSON.stringify(body),
      ...opts,
    }),
  ) as Promise<Response>;

describe("privacy export", () => {
  it("answers the shopper's points, ledger, referral and reward codes, NPS answer, segment and orders, and records the request for Settings once per request", async () => {
    const res = await send("export", { email: EMAIL, customer_id: 7, request_id: 31 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.request_id).toBe("wp-export-31");
    expect(body.loyalty).toEqual([
      expect.objectContaining({
        customer_id: "woo-7",
        referral_code: "REF7",
        referred: false,
        points: { available: 42, pending: 0, lifetime_earned: 142 },
      }),
    ]);
    expect(body.ledger.map((e: { kind: string; points: number }) => [e.kind, e.points])).toEqual([
      ["signup", 100],
      ["earn_order", 42],
      ["redeem", -100],
    ]);
    expect(body.reward_codes).toEqual([expect.objectContaining({ code: "RWD-7", status: "active" })]);
    expect(body.nps).toEqual([
      expect.objectContaining({ score: 9, comment: "Snelle levering 7", order_id: "woo-701" }),
    ]);
    expect(body.segments).toEqual([expect.objectContaining({ segment: "one-time", rfm_segment: "new" })]);
    expect(body.winback).toEqual([expect.objectContaining({ segment: "one-time", churn_risk: "low" })]);
    expect(body.orders.map((o: { id: string; total: string }) => [o.id, o.total]).sort()).toEqual([
      ["woo-701", "42.50"],
      ["woo-702", "42.50"],
    ]);
    // Nothing of the friend's or the other store's.
    expect(JSON.stringify(body)).not.toMatch(/woo-8|REF8|friend@/);

    const listed = await listDataRequests(db, shopId);
    expect(listed).toEqual([
      expect.objectContaining({ id: "wp-export-31", email: EMAIL.toLowerCase(), available: true }),
    ]);
    // The admin downloads the same request again: refreshed, still one record.
    expect((await send("export", { email: EMAIL, customer_id: 7, request_id: 31 })).status).toBe(200);
    expect(await listDataRequests(db, shopId)).toHaveLength(1);
    expect(await listDataRequests(db, otherShopId)).toHaveLength(0);
  });

  it("finds the shopper by e-mail alone (no account in the store any more), in any letter case", async () => {
    const body = await (await send("export", { email: EMAIL.toUpperCase(), request_id: 32 })).json();
    expect(body.loyalty).toEqual([expect.objectContaining({ customer_id: "woo-7" })]);
    expect(body.ledger).toHaveLength(3);
  });

  it("answers an unknown e-mail with empty lists and records nothing", async () => {
    const res = await send("export", { email: "nobody@example.nl", customer_id: 99, request_id: 33 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      request_id: null,
      loyalty: [],
      ledger: [],
      reward_codes: [],
      nps: [],
      segments: [],
      winback: [],
      orders: [],
    });
    expect(await listDataRequests(db, shopId)).toEqual([]);
  });
});

describe("privacy erase", () => {
  it("erases the shopper's personal data in this store only: no row of the shop names her e-mail, id, orders or codes; the friend keeps theirs under a pseudonym", async () => {
    await send("export", { email: EMAIL, customer_id: 7, request_id: 40 });
    const res = await send("erase", { email: EMAIL, customer_id: 7, request_id: 41 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      repeated: false,
      erased: expect.objectContaining({ orders: 2, customers: 1, surveyAnswers: 1, insights: 1, loyaltyRows: 5 }),
    });
    const left = await shopRowsText(shopId);
    for (const trace of [EMAIL.toLowerCase(), '"woo-7"', "woo-701", "woo-702", "REF7", "RWD-7", "Snelle levering 7"])
      expect(left).not.toContain(trace);
    // The friend: account, orders and points kept; who referred them is a pseudonym now.
    const friend = await db.loyaltyAccount.findUniqueOrThrow({
      where: { shopId_customerId: { shopId, customerId: "woo-8" } },
    });
    expect(friend.referredBy).toMatch(/^redacted-/);
    expect(await db.loyaltyEntry.count({ where: { shopId, customerId: "woo-8" } })).toBe(3);
    // The export recorded earlier keeps no copy; the erasure is logged without an identifier.
    expect(await listDataRequests(db, shopId)).toEqual([
      expect.objectContaining({ id: "wp-export-40", available: false }),
    ]);
    const log = await db.complianceRequest.findUniqueOrThrow({ where: { shopId_id: { shopId, id: "wp-erase-41" } } });
    expect(log).toMatchObject({
      kind: "customers/redact",
      email: null,
      customerId: expect.stringMatching(/^redacted-/),
    });
    // The other store's copy of the same shopper is untouched.
    expect(await shopRowsText(otherShopId)).toContain(EMAIL.toLowerCase());
    expect(await db.loyaltyEntry.count({ where: { shopId: otherShopId, customerId: "woo-7" } })).toBe(3);
  });

  it("is idempotent: the same request again answers its first counts and logs nothing more; a new request finds nothing left", async () => {
    const first = await (await send("erase", { email: EMAIL, customer_id: 7, request_id: 50 })).json();
    const again = await (await send("erase", { email: EMAIL, customer_id: 7, request_id: 50 })).json();
    expect(again).toEqual({ ...first, repeated: true });
    expect(await db.complianceRequest.count({ where: { shopId, kind: "customers/redact" } })).toBe(1);
    const later = await (await send("erase", { email: EMAIL, customer_id: 7, request_id: 51 })).json();
    expect(later.repeated).toBe(false);
    expect(Object.values(later.erased).every((n) => n === 0)).toBe(true);
  });

  it("erases two requests for the same shopper at the same time once", async () => {
    const answers = await Promise.all([
      send("erase", { email: EMAIL, customer_id: 7, request_id: 60 }),
      send("erase", { email: EMAIL, customer_id: 7, request_id: 60 }),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(await db.complianceRequest.count({ where: { shopId, id: { startsWith: "wp-erase-60" } } })).toBe(1);
    expect(await shopRowsText(shopId)).not.toContain(EMAIL.toLowerCase());
  });

  it("answers an unknown e-mail with nothing erased, not an error", async () => {
    const res = await send("erase", { email: "nobody@example.nl", request_id: 70 });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.values(body.erased).every((n) => n === 0)).toBe(true);
    expect(await db.order.count({ where: { shopId } })).toBe(4);
  });
});

describe("privacy requests that are refused", () => {
  it.each<[string, Partial<SignedOptions>]>([
    ["signed with another secret (forged)", { secret: "f".repeat(64) }],
    ["signed by another store naming this one", { secret: "other" }],
    ["without a signature", { tamper: (q) => q.replace(/&?signature=[0-9a-f]+/, "") }],
    [
      "with the body changed after signing",
      { tamper: (q) => q.replace(/body_sha256=[0-9a-f]+/, `body_sha256=${"0".repeat(64)}`) },
    ],
  ])("refuses an erasure %s with 401 and erases nothing", async (_what, opts) => {
    const o = opts.secret === "other" ? { ...opts, secret: otherSecret } : opts;
    for (const kind of ["erase", "export"] as const) {
      const res = await send(kind, { email: EMAIL, customer_id: 7, request_id: 80 }, o);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "This request could not be verified." });
    }
    expect(await shopRowsText(shopId)).toContain(EMAIL.toLowerCase());
    expect(await db.complianceRequest.count()).toBe(0);
  });

  it("refuses another store's signature for its own shopper in this store (the other store's request names itself and only erases there)", async () => {
    const res = await send(
      "erase",
      { email: EMAIL, customer_id: 7, request_id: 81 },
      {
        secret: otherSecret,
        params: { store: otherShopId, wp_user_id: "1" },
      },
    );
    expect(res.status).toBe(200);
    expect(await shopRowsText(otherShopId)).not.toContain(EMAIL.toLowerCase());
    expect(await shopRowsText(shopId)).toContain(EMAIL.toLowerCase());
  });

  it.each([
    ["not JSON", "email="],
    ["without an e-mail address", JSON.stringify({ customer_id: 7 })],
    ["with a customer id that is not a number", JSON.stringify({ email: EMAIL, customer_id: "7 OR 1=1" })],
  ])("answers a signed body %s with 400", async (_what, body) => {
    const res = await send("erase", body);
    expect(res.status).toBe(400);
    expect(await shopRowsText(shopId)).toContain(EMAIL.toLowerCase());
  });

  it("answers GET with 405", async () => {
    const res = (await callRoute(
      routes.erase.action,
      signedRequest("/api/woocommerce/plugin/privacy/erase", { secret, params: { store: shopId, wp_user_id: "1" } }),
    )) as Response;
    expect(res.status).toBe(405);
  });
});
