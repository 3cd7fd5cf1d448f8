// Connecting a WooCommerce store through the Retention plugin (protocol v1, C1-C2) and
// WooCommerce's app-authentication endpoint
// (https://woocommerce.github.io/woocommerce-rest-api-docs/#rest-api-keys).
//
// C1 (beginWooConnect): the plugin, server to server, names its store and hands over its secret.
// Nothing reaches the store here: the address is checked as text, a pending connect is stored
// and the answer is the approval page on that same store.
// C2 (acceptWooKeys): WooCommerce posts the keys with our nonce. The nonce is claimed first
// (once), then the store must prove it holds the secret of C1 (its plugin answers
// hmac(secret, "connect-proof:" + nonce)), then the keys must work; only then is anything stored.
// Every request to the store goes to the address that was resolved and checked as public
// (store-network.server.ts), and what the store answers is never repeated to the caller.
import type { Db } from "~/db/client.server";
import { connectProof, safeEqual } from "~/core/signed-query";
import type { SecretKey } from "~/core/secret-box";
import { enqueueWooSync, scheduleWooSync } from "~/jobs/enqueue.server";
import { getJobQueue } from "~/jobs/queue.server";
import {
  claimWooAuthRequest,
  completeWooConnect,
  startWooConnect,
  type WooCallbackKeys,
} from "~/models/woocommerce-connection.server";
import { createWooClient, WooApiError } from "~/platforms/woocommerce/rest-client.server";
import { normalizeWooSiteUrl, WooConnectError, wooDomain } from "~/platforms/woocommerce/site";
import { fetchConnectProof, fetchWooShopDetails } from "~/platforms/woocommerce/store.server";
import {
  createStoreFetch,
  defaultStorePolicy,
  StoreNetworkError,
  type StoreNetworkPolicy,
} from "~/platforms/woocommerce/store-network.server";

export const APP_NAME = "Retention";

export interface PluginConnectInput {
  storeUrl: string;
  pluginSecret: string;
  returnUrl: string;
  pluginVersion: string | null;
  wpUserId: number | null;
}

/**
 * The return URL must be a page of the store that asked (same origin, inside the WordPress
 * folder): WooCommerce sends the merchant there after the approval page, so it may never point
 * anywhere else.
 */
function checkReturnUrl(siteUrl: string, returnUrl: string): string {
  let url: URL;
  try {
    url = new URL(returnUrl);
  } catch {
    throw new WooConnectError("return_url is not a web address", 400);
  }
  const site = new URL(siteUrl);
  const sitePath = site.pathname.replace(/\/+$/, "");
  if (
    url.username ||
    url.password ||
    url.origin !== site.origin ||
    !(url.pathname === sitePath || url.pathname.startsWith(`${sitePath}/`))
  )
    throw new WooConnectError("return_url must be a page of the store being connected", 400);
  url.hash = "";
  return url.toString();
}

/** C1: a pending connect for the plugin's store and the approval page to send the merchant to. */
export async function beginWooConnect(
  db: Db,
  key: SecretKey,
  input: PluginConnectInput,
  appUrl: string,
  policy: StoreNetworkPolicy = defaultStorePolicy(),
) {
  const { siteUrl } = normalizeWooSiteUrl(input.storeUrl, { allowLoopback: policy.allowLoopback });
  const returnUrl = checkReturnUrl(siteUrl, input.returnUrl);
  const started = await startWooConnect(db, key, {
    siteUrl,
    returnUrl,
    pluginSecret: input.pluginSecret,
    pluginVersion: input.pluginVersion,
    wpUserId: input.wpUserId,
    appUrl,
    appName: APP_NAME,
  });
  return { authorizeUrl: started.authorizeUrl };
}

/** Why a callback was refused, in words fit for whoever posted it: the class of problem only. */
export class WooCallbackRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const isTimeout = (e: unknown) => e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");

/**
 * C2: the keys WooCommerce posted for `nonce`. Throws WooConnectError (the nonce's state) or
 * WooCallbackRefused (the store's proof, address or keys), both with a 4xx/5xx status and a
 * message that never carries what the store answered.
 */
export async function acceptWooKeys(
  db: Db,
  key: SecretKey,
  nonce: string,
  keys: WooCallbackKeys,
  policy: StoreNetworkPolicy = defaultStorePolicy(),
) {
  const claimed = await claimWooAuthRequest(db, key, nonce);
  const storeFetch = createStoreFetch(claimed.siteUrl, policy);
  try {
    const proof = await fetchConnectProof(storeFetch, claimed.siteUrl, nonce);
    if (!proof || !safeEqual(proof, connectProof(claimed.pluginSecret, nonce)))
      throw new WooCallbackRefused(
        403,
        "the store did not prove that it runs the Retention plugin that started this connect",
      );
    const client = createWooClient({
      baseUrl: claimed.siteUrl,
      consumerKey: keys.consumerKey,
      consumerSecret: keys.consumerSecret,
      maxAttempts: 2,
      timeoutMs: 15_000,
      fetch: storeFetch,
    });
    const details = await fetchWooShopDetails(client, wooDomain(claimed.siteUrl));
    const { shopId } = await completeWooConnect(db, key, claimed, keys, details);
    const queue = await getJobQueue();
    await enqueueWooSync(queue, shopId);
    await scheduleWooSync(queue, shopId);
    return { shopId };
  } catch (e) {
    if (e instanceof WooCallbackRefused) throw e;
    if (e instanceof StoreNetworkError) throw new WooCallbackRefused(e.kind === "address" ? 403 : 502, e.message);
    if (e instanceof WooApiError && e.kind === "auth")
      throw new WooCallbackRefused(403, "the keys do not work against the store");
    if (e instanceof WooApiError || isTimeout(e))
      throw new WooCallbackRefused(502, "the store could not be reached to check the keys");
    throw e;
  }
}
