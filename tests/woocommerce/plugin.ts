// The Retention plugin's side of the protocol, as the tests need it: its connect request (C1)
// and signed requests (S, P) exactly as extensions/retention-woocommerce builds them (query
// parameters, a random request_id, body_sha256 for a body, Shopify's app-proxy signature with
// the plugin secret).
import crypto from "node:crypto";
import { sha256Hex, signQuery } from "~/core/signed-query";
import { TEST_APP_URL } from "../helpers/app-env";

export const newPluginSecret = () => crypto.randomBytes(32).toString("hex");

export function connectRequest(body: Record<string, unknown> | string) {
  return new Request(`${TEST_APP_URL}/api/woocommerce/plugin/connect`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

export const connectBody = (storeUrl: string, secret: string, over: Record<string, unknown> = {}) => ({
  store_url: storeUrl,
  plugin_secret: secret,
  return_url: `${storeUrl}/wp-admin/admin.php?page=retention`,
  plugin_version: "1.0.0",
  wp_user_id: 1,
  ...over,
});

export interface SignedOptions {
  secret: string;
  params: Record<string, string>;
  body?: string | null;
  /** Unix seconds; default now. */
  timestamp?: number;
  /** Changes the signed query after signing (forgery, duplicated parameters). */
  tamper?: (query: string) => string;
}

/** A query string signed as the plugin signs it. */
export function signedQuery(opts: SignedOptions): string {
  const params = new URLSearchParams(opts.params);
  params.set("timestamp", String(opts.timestamp ?? Math.floor(Date.now() / 1000)));
  params.set("request_id", crypto.randomBytes(16).toString("hex"));
  if (opts.body !== undefined && opts.body !== null) params.set("body_sha256", sha256Hex(opts.body));
  const query = signQuery(params, opts.secret).toString();
  return opts.tamper ? opts.tamper(query) : query;
}

/** An S or P request: GET without a body, POST with one. */
export function signedRequest(path: string, opts: SignedOptions) {
  const url = `${TEST_APP_URL}${path}?${signedQuery(opts)}`;
  return opts.body === undefined || opts.body === null
    ? new Request(url)
    : new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: opts.body });
}
