// A Shopify install (and every re-install): the shop row with the shop's currency and time
// zone, and on first install the history backfill.
import type { Db } from "~/db/client.server";
import { getJobQueue } from "~/jobs/queue.server";
import { findShopByDomain, upsertInstalledShop } from "~/models/shop.server";
import { saveShopifyPrimaryHost } from "~/models/storefront-url.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { fetchShopDetails } from "~/platforms/shopify/shop.server";
import { requestBackfill } from "./sync/shopify-backfill.server";

/** Creates the shop on first install, reactivates it on re-install; returns its row. */
export async function onShopInstalled(db: Db, domain: string, graphql: AdminGraphql) {
  const details = await fetchShopDetails(graphql);
  // Whoever creates the row (this hook, or an admin page that got there first) asks for the
  // backfill; the unique (platform, domain) key lets only one of them create it, and the
  // backfill's SyncState row is written with the shop, so a crash before the job is queued
  // leaves it for the restart to queue (restoreJobs).
  const { shop, created } = await upsertInstalledShop(
    db,
    "shopify",
    domain,
    { name: details.name, currency: details.currencyCode, timezone: details.ianaTimezone },
    { askBackfill: true },
  );
  if (created) await requestBackfill(db, await getJobQueue(), shop.id);
  // Links the app hands shoppers (referral links) go to the primary domain.
  await saveShopifyPrimaryHost(db, shop.id, details.primaryDomain?.host);
  return (await findShopByDomain(db, "shopify", domain)) ?? shop;
}

/**
 * The shop of an admin request: the stored row, or, when the page came before the install
 * hook had stored it, the row the install would create (with its one backfill).
 */
export async function shopOnFirstSight(db: Db, domain: string, graphql: AdminGraphql) {
  return (await findShopByDomain(db, "shopify", domain)) ?? (await onShopInstalled(db, domain, graphql));
}
