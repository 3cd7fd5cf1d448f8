// A Shopify install (and every re-install): the shop row with the shop's currency and time
// zone, and on first install the history backfill.
import type { Db } from "~/db/client.server";
import { getJobQueue } from "~/jobs/queue.server";
import { upsertInstalledShop } from "~/models/shop.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { fetchShopDetails } from "~/platforms/shopify/shop.server";
import { requestBackfill } from "./sync/shopify-backfill.server";

/** Creates the shop on first install, reactivates it on re-install; returns its row. */
export async function onShopInstalled(db: Db, domain: string, graphql: AdminGraphql) {
  const details = await fetchShopDetails(graphql);
  const { shop, created } = await upsertInstalledShop(db, "shopify", domain, {
    name: details.name,
    currency: details.currencyCode,
    timezone: details.ianaTimezone,
  });
  // First install: the history backfill starts by itself.
  if (created) await requestBackfill(db, await getJobQueue(), shop.id);
  return shop;
}
