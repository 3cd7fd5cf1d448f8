// Shop rows: created on install, marked on uninstall, looked up by domain. Every other
// model takes the shop's id, so a shop is always resolved first.
import { dbKind, type Db } from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";
import { rawSqlFor } from "~/db/raw-sql.server";
import { epochMs, timestampColumn } from "~/db/sql-rows.server";
import { SHOP_DETAILS_QUERY, type ShopDetails } from "~/platforms/shopify/graphql/shop";
import { parseSettings, settingsObject, type ShopSettings } from "./settings";

/** A GraphQL caller shaped like `admin.graphql` from @shopify/shopify-app-remix. */
export type AdminGraphql = (
  query: string,
  options?: { variables?: Record<string, unknown>; signal?: AbortSignal; tries?: number },
) => Promise<Response>;

export class UnknownShopError extends Error {
  readonly code = "UNKNOWN_SHOP";
  constructor(readonly domain: string) {
    super(`Unknown shop: ${domain} has not installed the app`);
  }
}

export async function fetchShopDetails(graphql: AdminGraphql): Promise<ShopDetails> {
  const response = await graphql(SHOP_DETAILS_QUERY);
  const body = (await response.json()) as { data?: { shop?: ShopDetails }; errors?: unknown };
  if (!body.data?.shop) throw new Error(`ShopDetails query failed: ${JSON.stringify(body.errors ?? body)}`);
  return body.data.shop;
}

/** Creates the shop on first install, reactivates it on re-install; returns its id. */
export async function onShopInstalled(db: Db, domain: string, graphql: AdminGraphql) {
  const details = await fetchShopDetails(graphql);
  const data = {
    name: details.name,
    currency: details.currencyCode,
    timezone: details.ianaTimezone,
    installState: "installed",
    uninstalledAt: null,
  };
  const existing = await findShopByDomain(db, "shopify", domain);
  const shop = await db.shop.upsert({
    where: { platform_domain: { platform: "shopify", domain } },
    create: { platform: "shopify", domain, ...data },
    update: data,
  });
  // First install: the history backfill starts by itself.
  if (!existing) {
    const { getJobQueue } = await import("~/jobs/queue.server");
    const { JOBS } = await import("~/jobs/registry.server");
    await (
      await getJobQueue()
    ).enqueue(JOBS.startBackfill, {}, { shopId: shop.id, jobId: `backfill-start:${shop.id}` });
  }
  return shop;
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
  const p = (n: number) => (dialect === "postgresql" ? `$${n}` : "?");
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
