// Rewards as WooCommerce coupons on the real WordPress 7 + WooCommerce 11 store: a shopper
// redeems through the plugin's signed storefront proxy (/proxy/api/redeem), the app creates the
// coupon over REST v3, and WooCommerce itself decides at the Store API cart and checkout who may
// use it. Parallel redemptions, a refused coupon call and interrupted redemptions on the
// points ledger.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { useWordPress, type WordPress } from "../helpers/wordpress";
import { Shopper } from "../helpers/wordpress-shopper";
import { newPluginSecret, signedRequest } from "./plugin";

const { db } = await useAppEnv();
const redeemRoute = await import("~/routes/proxy.api.redeem");
const referralRoute = await import("~/routes/proxy.api.referral");
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { ensureAccount, balanceFor, entryData } = await import("~/models/loyalty-ledger.server");
const { adjustment } = await import("~/loyalty");
const { saveProgram } = await import("~/models/loyalty-program.server");
const { settlePendingRewardCodes } = await import("~/workflows/reward-recovery.server");
const { wooRewardIssuer, wooClientForShop, WOO_CODE_VALID_DAYS } = await import("~/workflows/reward-issuer.server");
const { redeemReward } = await import("~/workflows/rewards.server");
const { getJobQueue } = await import("~/jobs/queue.server");

let wp: WordPress;
let shopId: string;
let pluginSecret: string;
const PASSWORD = "shopper-password-1";
const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const none = { order: false, product: false, shipping: false };

beforeAll(async () => {
  wp = await useWordPress();
  pluginSecret = newPluginSecret();
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: wp.url, pluginSecret, pluginVersion: "1.0.0" },
    { keyId: "1", consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret, permissions: "read_write" },
    { name: "Real Woo", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
  await saveProgram(db, shopId, {
    rewards: [
      {
        id: "five-off",
        name: "€5 off",
        pointsCost: 500,
        type: "fixed_amount",
        value: 500,
        minimumOrderMinor: 0,
        combinesWith: none,
      },
      {
        id: "ten-percent",
        name: "10% off",
        pointsCost: 1000,
        type: "percentage",
        value: 10,
        minimumOrderMinor: 2000,
        combinesWith: { order: true, product: false, shipping: false },
      },
      {
        id: "free-shipping",
        name: "Free shipping",
        pointsCost: 300,
        type: "free_shipping",
        value: 0,
        minimumOrderMinor: 0,
        combinesWith: none,
      },
    ],
  });
}, 300_000);
afterAll(async () => {
  await (await getJobQueue()).close();
});

/** A registered customer of the store (with a password to log in) who is a loyalty member with `points` to spend. */
async function member(points: number) {
  const name = `shopper-${unique()}`;
  const made = await wp.fixtures.createCustomer({ username: name, password: PASSWORD, email: `${name}@example.test` });
  const customerId = `woo-${made.id}`;
  await db.customer.create({ data: { shopId, id: customerId, email: made.email } });
  await ensureAccount(db, shopId, customerId);
  const now = new Date();
  if (points !== 0)
    await db.loyaltyEntry.create({
      data: entryData(shopId, adjustment(customerId, points, now, `adjust:test:${customerId}`)),
    });
  return { id: made.id as number, customerId, username: name, email: made.email as string };
}

/** POST /proxy/api/<path> as the plugin forwards it for the logged-in WordPress user. */
function storefront(route: "redeem" | "referral", wpUserId: number, body: object) {
  const request = signedRequest(`/proxy/api/${route}`, {
    secret: pluginSecret,
    params: { shop: shopId, logged_in_customer_id: String(wpUserId), path_prefix: "/wp-json/retention/v1/proxy" },
    body: JSON.stringify(body),
  });
  return callRoute(
    (route === "redeem" ? redeemRoute.action : referralRoute.action) as never,
    request,
  ) as Promise<Response>;
}

const couponByCode = async (code: string) => {
  const [coupon] = await wp.rest.get("/coupons", { code });
  return coupon;
};

describe("rewards as WooCommerce coupons (real WordPress)", () => {
  it("creates a single-use coupon restricted to the shopper's e-mail, with its expiry, and spends the points once", async () => {
    const anna = await member(700); // + 50 sign-up bonus = 750
    const res = await storefront("redeem", anna.id, { rewardId: "five-off" });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.code).toMatch(/^RW-[A-Z0-9]{10}$/);
    expect(body.points.available).toBe(250);

    const coupon = await couponByCode(body.code);
    expect(coupon).toMatchObject({
      code: body.code.toLowerCase(),
      discount_type: "fixed_cart",
      amount: "5.00",
      email_restrictions: [anna.email],
      usage_limit: 1,
      usage_limit_per_user: 1,
      individual_use: true,
      free_shipping: false,
    });
    const expires = new Date(`${coupon.date_expires_gmt}Z`).getTime();
    expect(Math.abs(expires - (Date.now() + WOO_CODE_VALID_DAYS * 86_400_000))).toBeLessThan(10 * 60_000);
    const row = await db.rewardCode.findUniqueOrThrow({ where: { shopId_code: { shopId, code: body.code } } });
    expect([row.status, row.discountId]).toEqual(["active", String(coupon.id)]);
    expect((await balanceFor(db, shopId, anna.customerId)).available).toBe(250);
  });

  it("maps percentage (combinable: not individual use, with its minimum) and free shipping rewards", async () => {
    const bram = await member(1250); // 1300
    const percent = await (await storefront("redeem", bram.id, { rewardId: "ten-percent" })).json();
    const shipping = await (await storefront("redeem", bram.id, { rewardId: "free-shipping" })).json();
    expect(await couponByCode(percent.code)).toMatchObject({
      discount_type: "percent",
      amount: "10.00",
      individual_use: false,
      minimum_amount: "20.00",
      email_restrictions: [bram.email],
    });
    expect(await couponByCode(shipping.code)).toMatchObject({
      discount_type: "fixed_cart",
      amount: "0.00",
      free_shipping: true,
      individual_use: true,
    });
    expect(shipping.points.available).toBe(0);
  });

  it("WooCommerce applies the coupon in the owner's Store API cart and checkout, refuses it for another customer, and only once", async () => {
    // GIVEN a coupon redeemed by one customer, and a product
    const owner = await member(500); // 550
    const other = await member(0);
    const { code } = await (await storefront("redeem", owner.id, { rewardId: "five-off" })).json();
    const product = await wp.fixtures.createProduct({ regular_price: "20.00", virtual: true });

    // WHEN another logged-in customer applies it to their cart
    const stranger = new Shopper(wp);
    await stranger.login(other.username, PASSWORD);
    expect((await stranger.addToCart(product.id)).status).toBe(201);
    const refused = await stranger.applyCoupon(code);
    // THEN WooCommerce refuses it (email restriction)
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("woocommerce_rest_cart_coupon_error");
    expect(refused.body.message).toMatch(/Please enter a valid email at checkout to use coupon code/);

    // WHEN the owner applies it and checks out
    const shopper = new Shopper(wp);
    await shopper.login(owner.username, PASSWORD);
    await shopper.addToCart(product.id);
    const applied = await shopper.applyCoupon(code);
    expect(applied.status).toBe(200);
    expect(applied.body.coupons.map((c: { code: string }) => c.code)).toEqual([code.toLowerCase()]);
    expect(applied.body.totals.total_price).toBe("1500"); // €20 - €5, in cents
    const placed = await shopper.checkout(owner.email);
    expect(placed.status).toBe(200);
    const order = await wp.rest.get(`/orders/${placed.body.order_id}`);
    expect(order.coupon_lines.map((c: { code: string }) => c.code)).toEqual([code.toLowerCase()]);
    expect(order.total).toBe("15.00");

    // THEN the coupon is used up: a second cart of the owner's is refused
    expect((await couponByCode(code)).usage_count).toBe(1);
    await shopper.addToCart(product.id);
    const again = await shopper.applyCoupon(code);
    expect(again.status).toBe(400);
  });

  it("WooCommerce's own rule: the restriction matches the logged-in user's OR the billing e-mail, so it is the address that unlocks it", async () => {
    // GIVEN a coupon of one customer, and another logged-in customer whose cart refused it
    const owner = await member(500);
    const other = await member(0);
    const { code } = await (await storefront("redeem", owner.id, { rewardId: "five-off" })).json();
    const product = await wp.fixtures.createProduct({ regular_price: "20.00", virtual: true });
    const stranger = new Shopper(wp);
    await stranger.login(other.username, PASSWORD);
    await stranger.addToCart(product.id);
    expect((await stranger.applyCoupon(code)).status).toBe(400);

    // WHEN that customer types the owner's address as billing e-mail
    const update = await stranger.store("POST", "/cart/update-customer", { billing_address: { email: owner.email } });
    expect(update.status).toBe(200);
    // THEN WooCommerce accepts the coupon (WC_Discounts::validate_coupon_allowed_emails checks either address):
    // the code itself, random and shown only to its owner, is what keeps it theirs.
    expect((await stranger.applyCoupon(code)).status).toBe(200);
  });

  it("parallel redemptions never spend the same points twice: one coupon, one refusal", async () => {
    const dana = await member(450); // 500: enough for one €5 reward
    const answers = await Promise.all([1, 2, 3].map(() => storefront("redeem", dana.id, { rewardId: "five-off" })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    const codes = await db.rewardCode.findMany({ where: { shopId, customerId: dana.customerId } });
    expect(codes.map((c) => c.status)).toEqual(["active"]);
    const inStore = await wp.rest.get("/coupons", { search: "RW-", per_page: 100, email: dana.email });
    expect(
      inStore.filter((c: { email_restrictions: string[] }) => c.email_restrictions.includes(dana.email)),
    ).toHaveLength(1);
    expect((await balanceFor(db, shopId, dana.customerId)).available).toBe(0);
  });

  it("gives the points back when WooCommerce refuses the coupon (keys without write access)", async () => {
    const eve = await member(500);
    // The store answers 401 for a key it does not know: the coupon call fails after the points were spent.
    await db.wooCommerceConnection.update({ where: { shopId }, data: { consumerSecret: await sealedWrongSecret() } });
    try {
      const res = await storefront("redeem", eve.id, { rewardId: "five-off" });
      expect(res.status).toBe(502);
      expect((await res.json()).points.available).toBe(550);
    } finally {
      await restoreSecret();
    }
    const [code] = await db.rewardCode.findMany({ where: { shopId, customerId: eve.customerId } });
    expect(code.status).toBe("failed");
    expect(code.error).toMatch(/refused the REST API keys/);
    expect(await couponByCode(code.code)).toBeUndefined();
    const balance = await balanceFor(db, shopId, eve.customerId);
    expect(balance.available).toBe(550);
  });

  it("a coupon call whose answer is lost keeps the points spent and the code pending, and the recovery activates the coupon the store made", async () => {
    // GIVEN a member, and a connection whose coupon POST reaches the store but whose answer never comes back
    const gus = await member(500); // 550
    const real = (await wooClientForShop(db, appSecretKey(), shopId))!;
    const lossy = {
      ...real,
      request: async (...args: Parameters<typeof real.request>) => {
        const answer = await real.request(...args);
        if (args[0] === "POST" && args[1] === "wc/v3/coupons") {
          const e = new Error("The operation was aborted due to timeout");
          e.name = "TimeoutError";
          throw e;
        }
        return answer;
      },
    };

    // WHEN the shopper redeems
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    const result = await redeemReward(db, shop, gus.customerId, "five-off", wooRewardIssuer(lossy));

    // THEN no points come back yet (the store may hold the coupon: no free coupon), the code waits
    expect(result).toMatchObject({ ok: false, status: 503, points: { available: 50 } });
    const [row] = await db.rewardCode.findMany({ where: { shopId, customerId: gus.customerId } });
    expect(row.status).toBe("pending");
    expect(await couponByCode(row.code)).toMatchObject({ email_restrictions: [gus.email] });

    // WHEN the recovery runs after the grace period
    const later = new Date(Date.now() + 11 * 60_000);
    expect(await settlePendingRewardCodes(db, shopId, wooRewardIssuer(real), later)).toEqual({
      activated: 1,
      restored: 0,
    });
    // THEN the coupon is the customer's and the points stay spent, once
    const settled = await db.rewardCode.findUniqueOrThrow({ where: { shopId_code: { shopId, code: row.code } } });
    expect([settled.status, settled.discountId]).toEqual(["active", String((await couponByCode(row.code)).id)]);
    expect((await balanceFor(db, shopId, gus.customerId)).available).toBe(50);
  });

  it("settles interrupted redemptions against the store: an existing coupon becomes active, a missing one gives the points back once", async () => {
    // GIVEN two redemptions whose answer never came back (spent, pending, older than the grace period)
    const finn = await member(1000); // 1050
    const client = (await wooClientForShop(db, appSecretKey(), shopId))!;
    const issuer = wooRewardIssuer(client);
    const old = new Date(Date.now() - 60 * 60_000);
    const made = `RW-MADE${unique()
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")}`.slice(0, 13);
    const lost = `RW-LOST${unique()
      .toUpperCase()
      .replace(/[^A-Z0-9]/g, "")}`.slice(0, 13);
    for (const code of [made, lost]) {
      await db.loyaltyEntry.create({
        data: {
          shopId,
          key: `redeem:${code}`,
          customerId: finn.customerId,
          kind: "redeem",
          points: -500,
          createdAt: old,
          availableAt: old,
          rewardId: "five-off",
        },
      });
      await db.rewardCode.create({
        data: {
          shopId,
          code,
          customerId: finn.customerId,
          kind: "reward",
          rewardId: "five-off",
          entryKey: `redeem:${code}`,
          status: "pending",
          createdAt: old,
        },
      });
    }
    const created = await issuer.create(
      {
        code: made,
        title: "€5 off",
        customerId: finn.customerId,
        type: "fixed_amount",
        value: 500,
        currency: "EUR",
        minimumOrderMinor: 0,
        combinesWith: none,
      },
      old,
    );
    expect(created.ok).toBe(true);

    // WHEN the recovery runs twice
    expect(await settlePendingRewardCodes(db, shopId, issuer)).toEqual({ activated: 1, restored: 1 });
    expect(await settlePendingRewardCodes(db, shopId, issuer)).toEqual({ activated: 0, restored: 0 });

    // THEN the coupon the store holds is active, the lost one's 500 points came back once
    const rows = await db.rewardCode.findMany({
      where: { shopId, customerId: finn.customerId },
      orderBy: { code: "asc" },
    });
    expect(Object.fromEntries(rows.map((r) => [r.code, r.status]))).toEqual({ [lost]: "failed", [made]: "active" });
    expect((await balanceFor(db, shopId, finn.customerId)).available).toBe(550);
  });
});

// The connection's secrets are sealed; a wrong one is sealed the same way.
let realSecret: string | null = null;
async function sealedWrongSecret() {
  const row = await db.wooCommerceConnection.findUniqueOrThrow({ where: { shopId } });
  realSecret = row.consumerSecret;
  const { seal } = await import("~/core/secret-box");
  return seal(
    appSecretKey(),
    "cs_0000000000000000000000000000000000000000",
    `WooCommerceConnection:${shopId}:consumerSecret`,
  );
}
async function restoreSecret() {
  if (realSecret) await db.wooCommerceConnection.update({ where: { shopId }, data: { consumerSecret: realSecret } });
}
