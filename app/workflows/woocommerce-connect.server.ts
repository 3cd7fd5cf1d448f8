// Connecting a WooCommerce store (WooCommerce's app-authentication endpoint,
// https://woocommerce.github.io/woocommerce-rest-api-docs/#rest-api-keys): the merchant is sent
// to the store's approval page; WooCommerce posts the REST keys to our callback, which tries them
// against the store the merchant named (never one the callback names), stores them sealed and
// queues the first sync.
import type { Db } from "~/db/client.server";
import type { SecretKey } from "~/core/secret-box";
import { enqueueWooSync, scheduleWooSync } from "~/jobs/enqueue.server";
import { getJobQueue } from "~/jobs/queue.server";
import {
  completeWooConnect,
  startWooConnect,
  usableWooAuthRequest,
  type WooCallbackKeys,
} from "~/models/woocommerce-connection.server";
import { createWooClient } from "~/platforms/woocommerce/rest-client.server";
import { normalizeWooSiteUrl } from "~/platforms/woocommerce/site";
import { fetchWooShopDetails } from "~/platforms/woocommerce/store.server";

export const APP_NAME = "Retention";

/** Where to send the merchant to approve the app on their store. */
export async function beginWooConnect(db: Db, storeUrl: string, appUrl: string) {
  return startWooConnect(db, { storeUrl, appUrl, appName: APP_NAME });
}

/**
 * The keys WooCommerce posted: tried against the site named when the connect started (keys for
 * any other store, or made up, are refused before anything is stored), then stored sealed; the
 * first sync and the periodic one are queued. Throws WooConnectError (4xx) or WooApiError.
 */
export async function acceptWooKeys(db: Db, key: SecretKey, keys: WooCallbackKeys) {
  const pending = await usableWooAuthRequest(db, keys.nonce);
  const client = createWooClient({
    baseUrl: pending.siteUrl,
    consumerKey: keys.consumerKey,
    consumerSecret: keys.consumerSecret,
    maxAttempts: 2,
    timeoutMs: 15_000,
  });
  const details = await fetchWooShopDetails(client, normalizeWooSiteUrl(pending.siteUrl).domain);
  const { shopId } = await completeWooConnect(db, key, keys, details);
  const queue = await getJobQueue();
  await enqueueWooSync(queue, shopId);
  await scheduleWooSync(queue, shopId);
  return { shopId };
}
