// Shared set-up of the loyalty server tests: the app on a worker database, a fake Admin API
// that the library's fetch is routed to, and shops with an offline session (what
// unauthenticated.admin loads), plus signed order webhooks.
import crypto from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import { routeShopifyToFake } from "../fakes/route-shopify-to-fake";
import { startFakeShopifyAdmin, type FakeShopifyAdmin } from "../fakes/shopify-admin";
import { TEST_API_KEY, TEST_API_SECRET, useAppEnv } from "../helpers/app-env";
import { callAction, webhookRequest } from "../helpers/webhooks";

export const SHOP = "loyal-shop.myshopify.com";
export const OTHER_SHOP = "other-shop.myshopify.com";

export async function useLoyaltyApp(fakeOptions: { primaryDomain?: string } = {}) {
  const { db } = await useAppEnv();
  await import("~/shopify.server");
  const routes = {
    me: await import("~/routes/proxy.api.me"),
    join: await import("~/routes/proxy.api.join"),
    program: await import("~/routes/proxy.api.program"),
    redeem: await import("~/routes/proxy.api.redeem"),
    nps: await import("~/routes/proxy.api.nps"),
    referral: await import("~/routes/proxy.api.referral"),
    ordersCreate: await import("~/routes/webhooks.orders.create"),
    ordersUpdated: await import("~/routes/webhooks.orders.updated"),
    ordersCancelled: await import("~/routes/webhooks.orders.cancelled"),
    refundsCreate: await import("~/routes/webhooks.refunds.create"),
    customersCreate: await import("~/routes/webhooks.customers.create"),
  };
  const { getJobQueue } = await import("~/jobs/queue.server");
  const fake = { current: undefined as unknown as FakeShopifyAdmin };
  beforeAll(async () => {
    fake.current = await startFakeShopifyAdmin({
      shop: SHOP,
      apiKey: TEST_API_KEY,
      apiSecret: TEST_API_SECRET,
      ...fakeOptions,
    });
    routeShopifyToFake(fake.current.url);
  });
  afterAll(async () => {
    await (await getJobQueue()).close();
    await fake.current.close();
  });

  /** A fresh installed shop with its offline session; everything of earlier tests removed. */
  async function resetShop(domain = SHOP, settings: Record<string, unknown> = {}) {
    await db.shop.deleteMany({ where: { domain } });
    await db.session.deleteMany({ where: { shop: domain } });
    await db.session.create({
      data: {
        id: `offline_${domain}`,
        shop: domain,
        state: "",
        isOnline: false,
        accessToken: fake.current.accessToken,
        scope: "write_discounts,write_pixels",
      },
    });
    fake.current.state.discounts.length = 0;
    fake.current.state.requests.length = 0;
    return db.shop.create({
      data: {
        platform: "shopify",
        domain,
        name: "Loyal Shop",
        currency: "EUR",
        timezone: "Europe/Amsterdam",
        settings: JSON.stringify(settings),
      },
    });
  }

  return { db, routes, fake, resetShop };
}

export interface OrderSpec {
  id: string;
  customerId: string | null;
  total: string; // "100.00"
  processedAt?: Date;
  financialStatus?: string;
  cancelledAt?: Date | null;
  refunds?: { id: string; amount: string; at: Date }[];
  updatedAt?: Date;
}

/** A REST order body as orders/* webhooks carry it (the fields the app reads). */
export function orderBody(o: OrderSpec) {
  const at = (o.processedAt ?? new Date()).toISOString();
  return {
    id: Number(o.id),
    admin_graphql_api_id: `gid://shopify/Order/${o.id}`,
    name: `#${o.id}`,
    email: null,
    currency: "EUR",
    total_price_set: { shop_money: { amount: o.total, currency_code: "EUR" } },
    financial_status: o.financialStatus ?? "paid",
    cancelled_at: o.cancelledAt ? o.cancelledAt.toISOString() : null,
    processed_at: at,
    created_at: at,
    updated_at: (o.updatedAt ?? new Date()).toISOString(),
    customer: o.customerId
      ? { id: Number(o.customerId), admin_graphql_api_id: `gid://shopify/Customer/${o.customerId}` }
      : null,
    refunds: (o.refunds ?? []).map((r) => refundBody(o.id, r)),
  };
}

export function refundBody(orderId: string, r: { id: string; amount: string; at: Date }) {
  return {
    id: Number(r.id),
    admin_graphql_api_id: `gid://shopify/Refund/${r.id}`,
    order_id: Number(orderId),
    created_at: r.at.toISOString(),
    processed_at: r.at.toISOString(),
    transactions: [{ kind: "refund", status: "success", amount: r.amount, currency: "EUR" }],
  };
}

export function customerBody(id: string, email: string, createdAt = new Date()) {
  return {
    id: Number(id),
    admin_graphql_api_id: `gid://shopify/Customer/${id}`,
    email,
    first_name: "Sam",
    last_name: "Shopper",
    created_at: createdAt.toISOString(),
    updated_at: createdAt.toISOString(),
  };
}

type Route = { action: (args: never) => Promise<Response> | Response };

/** Delivers a signed webhook; `eventId` repeats a delivery. */
export async function deliver(
  route: Route,
  topic: string,
  body: object,
  opts: { shop?: string; eventId?: string } = {},
) {
  const res = await callAction(
    route,
    webhookRequest(topic, body, { shop: opts.shop ?? SHOP, eventId: opts.eventId ?? crypto.randomUUID() }),
  );
  if (res.status !== 200) throw new Error(`${topic} answered ${res.status}: ${await res.text()}`);
  return res;
}
