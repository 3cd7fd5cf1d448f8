// The shop lookup on the raw connection returns exactly the row Prisma returns.
import { describe, expect, it } from "vitest";
import { findShopByDomain } from "~/models/shop.server";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();

describe(`shop lookup (${testDatabaseKind()})`, () => {
  it("reads every field, dates in UTC included, as Prisma does; an unknown domain gives null", async () => {
    const created = await db.shop.create({
      data: {
        platform: "shopify",
        domain: "lookup.myshopify.com",
        name: "Lookup",
        currency: "EUR",
        timezone: "Europe/Amsterdam",
        locale: "nl",
        installState: "uninstalled",
        uninstalledAt: new Date("2026-03-29T01:30:00.123Z"),
        settings: '{"inactiveAfterDays":90}',
      },
    });
    const viaPrisma = await db.shop.findUnique({ where: { id: created.id } });
    expect(await findShopByDomain(db, "shopify", "lookup.myshopify.com")).toEqual(viaPrisma);
    expect(await findShopByDomain(db, "woocommerce", "lookup.myshopify.com")).toBeNull();
    expect(await findShopByDomain(db, "shopify", "nobody.myshopify.com")).toBeNull();
  });
});
