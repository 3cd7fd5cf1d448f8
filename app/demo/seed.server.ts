// Writes the demo shop into a database through the shared ingest model: the shop row,
// its customers, orders and refunds, and NPS answers. Idempotent: a second run with the
// same generator version and options finds the marker and writes nothing; a different
// version or options replace the shop's data.
import type { Db } from "~/db/client.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { DEMO_GENERATOR_VERSION, generateDemoShop, generateSurveyAnswers, type DemoShopOptions } from "./generator";
import { DEMO_SHOP_DOMAIN } from "./session.server";

export interface SeedResult {
  shopId: string;
  skipped: boolean;
  customers: number;
  orders: number;
  surveyAnswers: number;
  seconds: number;
}

export async function seedDemoShop(db: Db, opts: DemoShopOptions = {}): Promise<SeedResult> {
  const started = performance.now();
  const marker = JSON.stringify({
    v: DEMO_GENERATOR_VERSION,
    ...opts,
    observationEnd: opts.observationEnd?.toISOString(),
  });
  const shop = await db.shop.upsert({
    where: { platform_domain: { platform: "shopify", domain: DEMO_SHOP_DOMAIN } },
    create: {
      platform: "shopify",
      domain: DEMO_SHOP_DOMAIN,
      name: "Fietsenwinkel De Demo",
      currency: "EUR",
      timezone: "Europe/Amsterdam",
      locale: "en",
    },
    update: { installState: "installed", uninstalledAt: null },
  });
  const seeded = await db.syncState.findUnique({ where: { shopId_kind: { shopId: shop.id, kind: "demo-seed" } } });
  if (seeded?.status === "completed" && seeded.cursor === marker) {
    const [customers, orders, surveyAnswers] = await Promise.all([
      db.customer.count({ where: { shopId: shop.id } }),
      db.order.count({ where: { shopId: shop.id } }),
      db.surveyAnswer.count({ where: { shopId: shop.id } }),
    ]);
    return {
      shopId: shop.id,
      skipped: true,
      customers,
      orders,
      surveyAnswers,
      seconds: (performance.now() - started) / 1000,
    };
  }

  // A fresh copy: the generator's output is the whole truth about the demo shop.
  await db.$transaction([
    db.order.deleteMany({ where: { shopId: shop.id } }), // refunds cascade
    db.customer.deleteMany({ where: { shopId: shop.id } }),
    db.surveyAnswer.deleteMany({ where: { shopId: shop.id } }),
  ]);
  let customers = 0;
  let orders = 0;
  for (const chunk of generateDemoShop(opts)) {
    const c = await upsertCustomers(db, shop.id, chunk.customers);
    const o = await upsertOrders(db, shop.id, chunk.orders);
    if (c.rejected.length || o.rejected.length)
      throw new Error(
        `demo generator produced invalid records: ${JSON.stringify([...c.rejected, ...o.rejected].slice(0, 3))}`,
      );
    customers += c.written;
    orders += o.written;
  }
  const answers = [...generateSurveyAnswers({ seed: opts.seed, observationEnd: opts.observationEnd })];
  await db.surveyAnswer.createMany({ data: answers.map((a) => ({ shopId: shop.id, ...a })) });
  await db.syncState.upsert({
    where: { shopId_kind: { shopId: shop.id, kind: "demo-seed" } },
    create: {
      shopId: shop.id,
      kind: "demo-seed",
      status: "completed",
      cursor: marker,
      processed: orders,
      total: orders,
      finishedAt: new Date(),
    },
    update: { status: "completed", cursor: marker, processed: orders, total: orders, finishedAt: new Date() },
  });
  return {
    shopId: shop.id,
    skipped: false,
    customers,
    orders,
    surveyAnswers: answers.length,
    seconds: (performance.now() - started) / 1000,
  };
}
