// Shop rows: created on install, marked on uninstall, looked up by domain. Every other
// model takes the shop's id, so a shop is always resolved first.
import { dbKind, type Db } from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";
import { rawSqlFor } from "~/db/raw-sql.server";
import { epochMs, placeholder, timestampColumn } from "~/db/sql-rows.server";
import { parseSettings, settingsObject, type ShopSettings } from "./settings";

export class UnknownShopError extends Error {
  readonly code = "UNKNOWN_SHOP";
  constructor(readonly domain: string) {
    super(`Unknown shop: ${domain} has not installed the app`);
  }
}

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";

/**
 * Creates the shop, or updates and reactivates it; returns the row and whether it is new.
 * "New" is decided by the unique (platform, domain) key, not by a look first: of two requests
 * creating the same shop at once exactly one gets created: true. `askBackfill` writes the
 * history backfill's SyncState row ("running", no checkpoint) in the same statement as a new
 * shop, so the backfill is asked for with the shop or not at all.
 */
export async function upsertInstalledShop(
  db: Db,
  platform: "shopify" | "woocommerce",
  domain: string,
  details: { name: string; currency: string; timezone: string },
  onCreate: { askBackfill?: boolean } = {},
) {
  const data = { ...details, installState: "installed", uninstalledAt: null };
  const backfill = { kind: "backfill", status: "running", processed: 0, startedAt: new Date() };
  try {
    const shop = await db.shop.create({
      data: {
        platform,
        domain,
        ...data,
        ...(onCreate.askBackfill ? { syncStates: { create: backfill } } : {}),
      },
    });
    return { shop, created: true };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const shop = await db.shop.update({ where: { platform_domain: { platform, domain } }, data });
  return { shop, created: false };
}

const SHOP_DATES = ["installedAt", "uninstalledAt", "createdAt", "updatedAt"] as const;
const SHOP_TEXT = [
  "id",
  "platform",
  "domain",
  "name",
  "currency",
  "timezone",
  "locale",
  "installState",
  "settings",
] as const;

/**
 * The shop row for a domain. Every webhook and storefront request starts here, so it reads
 * on the raw connection: a Prisma query's compilation costs more than the lookup itself.
 */
export async function findShopByDomain(
  db: Db,
  platform: "shopify" | "woocommerce",
  domain: string,
): Promise<Shop | null> {
  const dialect = dbKind(db);
  const p = placeholder(dialect);
  const cols = [...SHOP_TEXT.map((c) => `"${c}"`), ...SHOP_DATES.map((c) => timestampColumn(c, dialect))].join(", ");
  const [row] = await rawSqlFor(db).rows<Record<string, unknown>>(
    `SELECT ${cols} FROM "Shop" WHERE "platform" = ${p(1)} AND "domain" = ${p(2)}`,
    [platform, domain],
  );
  if (!row) return null;
  const date = (v: unknown) => (v === null || v === undefined ? null : new Date(epochMs(v)));
  return {
    ...(Object.fromEntries(SHOP_TEXT.map((c) => [c, row[c]])) as Pick<Shop, (typeof SHOP_TEXT)[number]>),
    installedAt: date(row.installedAt)!,
    uninstalledAt: date(row.uninstalledAt),
    createdAt: date(row.createdAt)!,
    updatedAt: date(row.updatedAt)!,
  };
}

/** Stores one module's section of the settings JSON (loyalty, pixels, winback); the other sections stay as they are. */
export async function saveSettingsSection(db: Db, shopId: string, key: string, value: unknown) {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { settings: true } });
  await db.shop.update({
    where: { id: shopId },
    data: { settings: JSON.stringify({ ...settingsObject(shop.settings), [key]: value }) },
  });
}

export async function requireShop(db: Db, platform: "shopify" | "woocommerce", domain: string) {
  const shop = await findShopByDomain(db, platform, domain);
  if (!shop) throw new UnknownShopError(domain);
  return shop;
}

export async function getShopSettings(db: Db, shopId: string): Promise<ShopSettings> {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { settings: true } });
  return parseSettings(shop.settings);
}
