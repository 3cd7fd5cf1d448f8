// kill -9 during a points → coupon redemption, against the real WordPress + WooCommerce store: a
// real child process (tests/crash/woo-child.ts, the app's storefront route and job engine) takes
// a shopper's signed /proxy/api/redeem and is SIGKILLed at one of three points of it: (1) the
// points spent and committed, the POST /wc/v3/coupons not yet sent; (2) WooCommerce answered the
// POST (the coupon exists), the app never read the answer; (3) the code recorded active, the
// shopper's answer not yet sent. A new process then runs the store's scheduled sync job (which
// settles interrupted redemptions) once the grace period for a slow store has passed, and the
// test counts in the store (REST) and the database: never points gone without a coupon, never a
// coupon paid twice, and the shopper sees every code that was made. On SQLite, or
// TEST_DATABASE=postgresql.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../scripts/wordpress-stack.mjs";
import { TEST_API_KEY, TEST_API_SECRET, useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";
import { useWordPress, type WordPress } from "../helpers/wordpress";
import { newPluginSecret, signedRequest } from "../woocommerce/plugin";
import { startWooChild, type WooChild } from "./woo-child-process";

const { db, databaseUrl } = await useAppEnv({ WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "1" });
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { ensureAccount, balanceFor, entryData } = await import("~/models/loyalty-ledger.server");
const { adjustment } = await import("~/loyalty");
const { saveProgram } = await import("~/models/loyalty-program.server");
const { PENDING_GRACE_MS } = await import("~/workflows/reward-recovery.server");

const COST = 500;
const START = 700; // + the 50 sign-up bonus
const POINTS = ["coupon-before-post", "coupon-after-answer", "coupon-after-record"] as const;
type Point = (typeof POINTS)[number];

let wp: WordPress;
let shopId: string;
let pluginSecret: string;
let port: number;
beforeAll(async () => {
  wp = await useWordPress();
  pluginSecret = newPluginSecret();
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: wp.url, pluginSecret, pluginVersion: "1.0.0" },
    { keyId: "1", consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret, permissions: "read_write" },
    { name: "Crash Woo", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
  await saveProgram(db, shopId, {
    rewards: [
      {
        id: "five-off",
        name: "€5 off",
        pointsCost: COST,
        type: "fixed_amount",
        value: 500,
        minimumOrderMinor: 0,
        combinesWith: { order: false, product: false, shipping: false },
      },
    ],
  });
  port = (await freePort()) as number;
}, 180_000);
// The store is the run's shared one: the sync registered the app's webhooks to this file's
// processes, which are gone now.
afterAll(async () => {
  const hooks = await wp.rest.get<{ id: number; delivery_url: string }[]>("/webhooks", { per_page: 100 });
  for (const h of hooks.filter((w) => w.delivery_url.includes(`/webhooks/woocommerce/${shopId}`)))
    await wp.rest.delete(`/webhooks/${h.id}`, { force: true });
});

const childEnv = (crashAt: Point | "", on = port) => ({
  NODE_ENV: "test",
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: `http://127.0.0.1:${on}`,
  DEMO_MODE: "0",
  DATABASE_URL: databaseUrl,
  WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "1",
  PORT: String(on),
  CRASH_AT: crashAt,
});

/** A registered customer of the store who is a loyalty member with START points (+ the sign-up bonus). */
async function member(tag: string) {
  const name = `crash-${tag}-${Date.now().toString(36)}`;
  const made = await wp.fixtures.createCustomer({
    username: name,
    password: "pw-1234567",
    email: `${name}@example.test`,
  });
  const customerId = `woo-${made.id}`;
  await db.customer.create({ data: { shopId, id: customerId, email: made.email } });
  await ensureAccount(db, shopId, customerId);
  await db.loyaltyEntry.create({
    data: entryData(shopId, adjustment(customerId, START, new Date(), `adjust:test:${customerId}`)),
  });
  return { wpId: made.id as number, customerId, email: made.email as string };
}

/** The plugin's signed storefront request for the logged-in WordPress user, sent to the child. */
function storefront(child: WooChild, path: "redeem" | "me", wpUserId: number) {
  const body = path === "redeem" ? JSON.stringify({ rewardId: "five-off" }) : undefined;
  const signed = signedRequest(`/proxy/api/${path}`, {
    secret: pluginSecret,
    params: { shop: shopId, logged_in_customer_id: String(wpUserId), path_prefix: "/wp-json/retention/v1/proxy" },
    body,
  });
  const url = new URL(signed.url);
  return fetch(`http://127.0.0.1:${child.port}${url.pathname}${url.search}`, {
    method: signed.method,
    headers: signed.headers,
    body,
  });
}

/** The store's coupons restricted to this shopper's address, by REST. */
async function couponsOf(email: string) {
  const all = await wp.rest.get<{ id: number; code: string; email_restrictions: string[] }[]>("/coupons", {
    per_page: 100,
    search: "rw-",
  });
  return all.filter((c) => c.email_restrictions.includes(email));
}

const codeOf = async (customerId: string) => db.rewardCode.findMany({ where: { shopId, customerId } });

describe("kill -9 during a WooCommerce coupon redemption (real WordPress)", () => {
  it(
    "never leaves points spent without a coupon nor spends them twice, and the shopper sees each coupon made",
    { timeout: 150_000 },
    async () => {
      const started = Date.now();
      const shoppers = Object.fromEntries(
        await Promise.all(POINTS.map(async (p) => [p, await member(p.replace("coupon-", ""))] as const)),
      ) as Record<Point, Awaited<ReturnType<typeof member>>>;
      const atKill: Record<string, unknown> = {};

      // GIVEN three processes side by side, each SIGKILLed at another point of a shopper's redemption
      const ports = [port, ...(await Promise.all(POINTS.slice(1).map(() => freePort())))] as number[];
      await Promise.all(
        POINTS.map(async (point, i) => {
          const child = await startWooChild(childEnv(point, ports[i]));
          const shopper = shoppers[point];
          const answer = storefront(child, "redeem", shopper.wpId).then(
            (r) => r.status,
            () => null,
          );
          await child.until(`PAUSED ${point}`);
          const [row] = await codeOf(shopper.customerId);
          // What the store and the database hold at the moment of the kill
          atKill[point] = { status: row?.status, couponsInStore: (await couponsOf(shopper.email)).length };
          await child.kill();
          expect(await answer).toBeNull(); // the shopper got no answer
        }),
      );
      const killedMs = Date.now() - started;
      expect(atKill).toEqual({
        "coupon-before-post": { status: "pending", couponsInStore: 0 },
        "coupon-after-answer": { status: "pending", couponsInStore: 1 },
        "coupon-after-record": { status: "active", couponsInStore: 1 },
      });

      // WHEN a new process starts and, once a slow store's grace period is over, its scheduled sync runs
      await db.rewardCode.updateMany({
        where: { shopId, status: "pending" },
        data: { createdAt: new Date(Date.now() - PENDING_GRACE_MS - 60_000) },
      });
      const child = await startWooChild(childEnv(""));
      const restartedMs = Date.now() - started;
      const failed = await (await child.get(`/jobs/woo-sync?shop=${shopId}`)).json();
      expect(failed).toEqual([]);
      const recoveredMs = Date.now() - started;
      const storeRequests = child.lines.filter((l) => l.startsWith("STORE")).length;

      // THEN per shopper: one coupon and the points spent once, or no coupon and the points back
      const outcome: Record<string, unknown> = {};
      for (const point of POINTS) {
        const shopper = shoppers[point];
        const rows = await codeOf(shopper.customerId);
        const coupons = await couponsOf(shopper.email);
        const ledger = await db.loyaltyEntry.findMany({
          where: { shopId, customerId: shopper.customerId },
          orderBy: { createdAt: "asc" },
        });
        const balance = await balanceFor(db, shopId, shopper.customerId);
        const me = await (await storefront(child, "me", shopper.wpId)).json();
        expect(rows).toHaveLength(1);
        const [row] = rows;
        const made = coupons.length === 1;
        if (made) {
          // the coupon, its code the app's, recorded active with the store's id, paid once
          expect(coupons[0].code).toBe(row.code.toLowerCase());
          expect([row.status, row.discountId]).toEqual(["active", String(coupons[0].id)]);
          expect(balance.available).toBe(START + 50 - COST);
          expect(me.codes).toEqual([expect.objectContaining({ code: row.code })]);
        } else {
          expect(coupons).toEqual([]);
          expect(row.status).toBe("failed");
          expect(balance.available).toBe(START + 50);
          expect(me.codes).toEqual([]);
        }
        expect(me.points.available).toBe(balance.available);
        outcome[point] = {
          coupons: coupons.length,
          status: row.status,
          ledger: ledger.map((e) => `${e.kind}:${e.points}`).filter((k) => !k.startsWith("signup")),
        };
      }
      await child.kill();
      // (1) the coupon never reached the store: the points came back, once; (2) and (3) one coupon, paid once
      expect(outcome).toEqual({
        "coupon-before-post": { coupons: 0, status: "failed", ledger: ["adjust:700", "redeem:-500", "adjust:500"] },
        "coupon-after-answer": { coupons: 1, status: "active", ledger: ["adjust:700", "redeem:-500"] },
        "coupon-after-record": { coupons: 1, status: "active", ledger: ["adjust:700", "redeem:-500"] },
      });
      console.log(
        JSON.stringify({
          crash: "woocommerce-redeem",
          database: testDatabaseKind(),
          atKill,
          outcome,
          killedMs,
          storeRequests,
          restartedMs,
          recoveredMs,
          totalMs: Date.now() - started,
        }),
      );
    },
  );
});
