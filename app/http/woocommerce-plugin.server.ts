// The front door of the WordPress plugin's signed requests (protocol v1, "S": status, settings,
// disconnect; and "P", the storefront proxy, through app-proxy.server.ts). The plugin signs the
// query string like Shopify's app proxy, with its own secret (app/core/signed-query.ts): the
// store is found by the `store` (or `shop`) parameter, the signature must verify with that
// store's secret, the timestamp be within 90 s, a body match its signed body_sha256, no
// parameter appear twice, and the signature not have been accepted before (replay; the seen
// signatures are kept per shop in the database, so any web process can check them).
import { appSecretKey } from "~/crypto/app-key.server";
import db from "~/db/client.server";
import { verifySignedQuery, TIMESTAMP_TOLERANCE_SECONDS } from "~/core/signed-query";
import { claimPluginSignature, pluginStoresFor, type PluginStore } from "~/models/woocommerce-connection.server";

export const MAX_PLUGIN_BODY_BYTES = 16_384;

export const pluginJson = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { "Cache-Control": "private, no-store" } });

const NOT_VERIFIED = "This request could not be verified.";
export const NOT_CONNECTED = "This store is not connected.";

export type PluginVerification =
  { ok: true; store: PluginStore; params: Record<string, string> } | { ok: false; status: 401 | 404; error: string };

/**
 * Verifies a request signed with a store's plugin secret. `store` names the store (its shop id,
 * or its host before the plugin knows the id); with `byIdOnly` only the shop id is accepted
 * (the storefront proxy always sends it). Only a verified signature is remembered.
 */
export async function verifyPluginSignature(
  url: URL,
  rawBody: string | null,
  store: string,
  opts: { byIdOnly?: boolean; now?: number } = {},
): Promise<PluginVerification> {
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  const candidates = (await pluginStoresFor(db, appSecretKey(), store)).filter(
    (c) => !opts.byIdOnly || c.shop.id === store,
  );
  if (candidates.length === 0) return { ok: false, status: 404, error: NOT_CONNECTED };
  for (const candidate of candidates) {
    const result = verifySignedQuery(url.searchParams, {
      secret: candidate.pluginSecret,
      now,
      body: { kind: "signed", raw: rawBody },
    });
    if (!result.ok) {
      // Only the signature depends on the store's secret: another failure fails for all.
      if (result.reason === "bad-signature") continue;
      return { ok: false, status: 401, error: NOT_VERIFIED };
    }
    // Kept until the timestamp could no longer verify (with room for the clocks' drift).
    const expiresAt = new Date((result.timestamp + 2 * TIMESTAMP_TOLERANCE_SECONDS) * 1000);
    if (!(await claimPluginSignature(db, candidate.shop.id, result.signature, expiresAt)))
      return { ok: false, status: 401, error: NOT_VERIFIED };
    return { ok: true, store: candidate, params: result.params };
  }
  return { ok: false, status: 401, error: NOT_VERIFIED };
}

export interface PluginContext {
  store: PluginStore;
  /** The WordPress user who acted, 0 for none (cron, uninstall). */
  wpUserId: number;
  /** The raw JSON body of a POST (verified against body_sha256), or null. */
  body: string | null;
}

/** An S request: verified as above, then `handler`; refusals are `{ error }` JSON. */
export async function withPluginRequest(
  request: Request,
  handler: (ctx: PluginContext) => Promise<Response>,
): Promise<Response> {
  const url = new URL(request.url);
  let body: string | null = null;
  if (request.method === "POST") {
    body = await request.text();
    if (body.length > MAX_PLUGIN_BODY_BYTES) return pluginJson({ error: "The request is too large." }, 413);
  }
  const verified = await verifyPluginSignature(url, body, url.searchParams.get("store") ?? "");
  if (!verified.ok) return pluginJson({ error: verified.error }, verified.status);
  const wpUserId = Number(verified.params.wp_user_id ?? "0");
  return handler({ store: verified.store, wpUserId: Number.isSafeInteger(wpUserId) ? wpUserId : 0, body });
}
