// App-proxy requests as Shopify forwards them: the storefront path /apps/retention/<x>
// arrives at /proxy/<x> with shop, path_prefix, timestamp, logged_in_customer_id and a
// `signature` = hex HMAC-SHA256 (app secret) of the other query parameters sorted by name
// and joined as key=value with no separator.
import crypto from "node:crypto";
import { TEST_API_SECRET, TEST_APP_URL } from "./app-env";

export interface ProxyOptions {
  shop: string;
  customerId?: string | null; // null/undefined: a guest (Shopify sends an empty value)
  body?: unknown; // POST with this JSON body
  extraQuery?: Record<string, string>; // signed like every other parameter
  secret?: string;
  timestamp?: number; // seconds
  omitSignature?: boolean;
  tamper?: (params: URLSearchParams) => void; // applied after signing
}

export function proxySignature(params: URLSearchParams, secret = TEST_API_SECRET): string {
  const entries = [...params.entries()].filter(([k]) => k !== "signature").sort(([a], [b]) => a.localeCompare(b));
  return crypto
    .createHmac("sha256", secret)
    .update(entries.map(([k, v]) => `${k}=${v}`).join(""))
    .digest("hex");
}

export function proxyRequest(path: string, opts: ProxyOptions): Request {
  const params = new URLSearchParams({
    shop: opts.shop,
    logged_in_customer_id: opts.customerId ?? "",
    path_prefix: "/apps/retention",
    timestamp: String(opts.timestamp ?? Math.floor(Date.now() / 1000)),
    ...opts.extraQuery,
  });
  if (!opts.omitSignature) params.set("signature", proxySignature(params, opts.secret));
  opts.tamper?.(params);
  const init: RequestInit =
    opts.body === undefined
      ? { method: "GET" }
      : {
          method: "POST",
          body: typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body),
          headers: { "Content-Type": "application/json" },
        };
  return new Request(`${TEST_APP_URL}/proxy${path}?${params}`, init);
}

/** Calls a route's loader or action as Remix does; a thrown Response is returned. */
export async function callRoute<T>(fn: (args: never) => Promise<T> | T, request: Request): Promise<T | Response> {
  try {
    return await fn({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
