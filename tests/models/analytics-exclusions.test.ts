// The dashboard refresh with an order in a second currency and one stamped after "now" (a
// platform clock ahead of ours): it used to stop on the first such order, leaving the shop
// without figures. Now they are left out, counted, and the dashboard says how many.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { AppProvider } from "@shopify/polaris";
import polarisEn from "@shopify/polaris/locales/en.json";
import { beforeEach, describe, expect, it } from "vitest";
import type { NormalizedOrder } from "~/core/records";
import { useAppEnv } from "../helpers/app-env";
import { testDatabaseKind } from "../helpers/db";

const { db } = await useAppEnv();
const { upsertOrders } = await import("~/models/ingest.server");
const { readDashboardSnapshot, refreshAnalyticsSnapshot } = await import("~/models/analytics-snapshot.server");
const { ExcludedOrdersNote } = await import("~/components/dashboard/DashboardView");
const { translate } = await import("~/i18n");

const NOW = new Date("2026-04-01T08:00:00Z");
let seq = 0;
const order = (customerId: string, at: Date, euros: number, currency = "EUR"): NormalizedOrder => ({
  id: `x${++seq}`,
  name: null,
  customerId,
  email: null,
  currency,
  totalMinor: BigInt(euros * 100),
  refundedMinor: 0n,
  financialStatus: "paid",
  cancelledAt: null,
  processedAt: at,
  createdAt: at,
  updatedAt: at,
  sourceName: "web",
  refunds: [],
});

let shopId: string;
beforeEach(async () => {
  await db.shop.deleteMany({});
  shopId = (
    await db.shop.create({
      data: {
        platform: "shopify",
        domain: "strays.myshopify.com",
        name: "Strays",
        currency: "EUR",
        timezone: "Europe/Amsterdam",
      },
    })
  ).id;
});

describe(`analytics refresh with orders it cannot place (${testDatabaseKind()})`, () => {
  it("computes the figures without an order in USD and one dated 5 minutes after now, and counts both", async () => {
    // GIVEN A's two orders and B's one in EUR, B's order in USD, C's order stamped after now
    await upsertOrders(db, shopId, [
      order("A", new Date("2026-01-10T12:00:00Z"), 10),
      order("A", new Date("2026-02-10T12:00:00Z"), 20),
      order("B", new Date("2026-03-01T12:00:00Z"), 30),
      order("B", new Date("2026-03-05T12:00:00Z"), 99, "USD"),
      order("C", new Date(NOW.getTime() + 5 * 60_000), 50),
    ]);
    // WHEN the dashboard is refreshed as of now
    await refreshAnalyticsSnapshot(db, shopId, NOW);
    // THEN it holds the EUR orders up to now (2 customers, 1 repeat) and the two counts
    const snapshot = (await readDashboardSnapshot(db, shopId))!;
    expect(snapshot.analysis.customers).toBe(2);
    expect(snapshot.analysis.buyers).toEqual({ total: 2, oneTime: 1, repeat: 1 });
    expect(snapshot.analysis.excluded).toEqual({
      cancelled: 0,
      fullyRefunded: 0,
      unattributed: 0,
      otherCurrency: 1,
      afterObservationEnd: 1,
    });

    // AND the dashboard's note shows both counts, in English and in Dutch
    const render = (locale: "en" | "nl") =>
      renderToString(
        createElement(
          AppProvider,
          { i18n: polarisEn },
          createElement(ExcludedOrdersNote, {
            currency: snapshot.analysis.currency,
            otherCurrency: snapshot.analysis.excluded.otherCurrency,
            afterEnd: snapshot.analysis.excluded.afterObservationEnd,
            locale,
            t: (k, v) => translate(locale, k, v),
          }),
        ),
      ).replace(/<!-- -->/g, "");
    const en = render("en");
    expect(en).toContain("Some orders are not in these figures");
    expect(en).toContain("Orders in a currency other than EUR: 1.");
    expect(en).toContain("Orders dated after this calculation: 1.");
    const nl = render("nl");
    expect(nl).toContain("Bestellingen in een andere valuta dan EUR: 1.");
    expect(nl).toContain("Bestellingen gedateerd na deze berekening: 1.");
  });

  it("shows no such note when every order counts", async () => {
    await upsertOrders(db, shopId, [order("A", new Date("2026-01-10T12:00:00Z"), 10)]);
    await refreshAnalyticsSnapshot(db, shopId, NOW);
    const snapshot = (await readDashboardSnapshot(db, shopId))!;
    expect(snapshot.analysis.excluded).toMatchObject({ otherCurrency: 0, afterObservationEnd: 0 });
  });
});
