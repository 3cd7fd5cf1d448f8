// A client for the WooCommerce REST API v3: the list endpoints the sync reads (GET
// /wp-json/wc/v3/orders and /customers), and what connecting a store needs (the site's name
// and time zone from /wp-json/, its currency from settings/general, webhooks). Authentication
// is the shop's REST API consumer key and secret as HTTP Basic auth (WooCommerce's way over https; the same header is sent to an http://
// test server). Each request has a timeout; 429 and 5xx answers, lost connections and timeouts
// are retried with exponential backoff (Retry-After honoured; a POST is retried only on 429,
// as after a 5xx or a lost answer it may have been done); 401/403 (wrong or read-less
// keys) and a non-JSON answer (a WordPress HTML error page, a security plugin's challenge)
// fail at once with a clear error. Answers are returned raw: mapping is rest-payloads.ts.
// Every request goes through the store's pinned fetch (store-network.server.ts): public https
// addresses only, connected to the address that was checked, no redirects.
import { createStoreFetch, StoreNetworkError, type StoreFetch, type StoreResponse } from "./store-network.server";

export interface WooClientOptions {
  /** The shop's site URL, e.g. https://shop.example.com (a WordPress in a folder keeps its path). */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  perPage?: number; // default 100 (WooCommerce's maximum)
  timeoutMs?: number; // per request, default 30 s
  maxAttempts?: number; // default 5
  sleep?: (ms: number) => Promise<void>; // injectable for tests
  /** How the store is reached; default: createStoreFetch(baseUrl) under the process's policy. */
  fetch?: StoreFetch;
}

export type WooErrorKind = "auth" | "not_json" | "http" | "network";

export class WooApiError extends Error {
  readonly code = "WOOCOMMERCE_API";
  constructor(
    message: string,
    readonly kind: WooErrorKind,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface WooPage {
  items: unknown[];
  total: number; // X-WP-Total
  totalPages: number; // X-WP-TotalPages
}

export interface OrdersQuery {
  page?: number;
  /** Only orders modified strictly after this instant (sent as UTC, dates_are_gmt=true), oldest change first. */
  modifiedAfter?: Date | null;
  /** Only orders modified before this instant. */
  modifiedBefore?: Date | null;
  /** This request's page size (default: the client's). */
  perPage?: number;
  /**
   * "trash": only trashed orders. Default: WooCommerce's "any", every status (a plugin's own
   * statuses too) except the trash and checkout drafts.
   */
  status?: "trash";
}

export interface WooSiteInfo {
  name?: string;
  url?: string;
  timezone_string?: string; // "Europe/Amsterdam", or "" when the site is set to a UTC offset
  gmt_offset?: number | string;
}

export interface WooSetting {
  id: string;
  value?: unknown;
}

export interface WooWebhookSpec {
  name: string;
  topic: string; // "order.created", ...
  delivery_url: string;
  secret: string;
}

export interface WooClient {
  readonly baseUrl: string;
  ordersPage(query?: OrdersQuery): Promise<WooPage>;
  customersPage(query?: { page?: number }): Promise<WooPage>;
  webhooksPage(query?: { page?: number }): Promise<WooPage>;
  /** GET /wp-json/ (WordPress's index): the site's name and time zone. */
  siteInfo(): Promise<WooSiteInfo>;
  /** GET /wp-json/wc/v3/settings/general: the store's settings, among them woocommerce_currency. */
  generalSettings(): Promise<WooSetting[]>;
  /** POST /wp-json/wc/v3/webhooks (WooCommerce pings delivery_url first and refuses the webhook when that fails). */
  createWebhook(webhook: WooWebhookSpec): Promise<{ id: number; topic: string; delivery_url: string }>;
  /** Every page of orders, following X-WP-TotalPages. */
  orderPages(query?: Omit<OrdersQuery, "page">): AsyncGenerator<WooPage>;
  /** Any other resource under /wp-json/ (coupons, customers): its JSON answer, with the retry rules above. */
  request(
    method: WooMethod,
    resource: string,
    opts?: { params?: Record<string, string>; body?: unknown },
  ): Promise<unknown>;
  /** Ids only ({ id }), by id ascending, every status but the trash and drafts: the orders the store still holds. */
  orderIdsPage(query?: { page?: number }): Promise<WooPage>;
  /** GET /orders/<id>: the order (any status, the trash too), or null when the store answers 404 (deleted for good). */
  order(id: number): Promise<unknown | null>;
  /** POST /wp-json/wc/v3/webhooks/<id> with a new status ("active" turns a disabled webhook back on). */
  setWebhookStatus(id: number, status: "active" | "paused" | "disabled"): Promise<{ id: number; status: string }>;
}

export type WooMethod = "GET" | "POST" | "PUT" | "DELETE";

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const backoffMs = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1));
const MAX_RETRY_AFTER_MS = 120_000;

/** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** "2024-03-01T10:00:00.000Z" -> "2024-03-01T10:00:00": WooCommerce's own format, read as UTC with dates_are_gmt. */
const wooDate = (d: Date) => d.toISOString().slice(0, 19);

export function createWooClient(opts: WooClientOptions): WooClient {
  const { perPage = 100, timeoutMs = 30_000, maxAttempts = 5, sleep = defaultSleep } = opts;
  const base = opts.baseUrl.replace(/\/+$/, "");
  const authorization = "Basic " + Buffer.from(`${opts.consumerKey}:${opts.consumerSecret}`).toString("base64");
  const storeFetch = opts.fetch ?? createStoreFetch(base);

  /** One call with retries (a POST only on 429: after a 5xx or a lost answer it may have been done). */
  async function call(
    method: WooMethod,
    resource: string,
    params: Record<string, string>,
    payload?: unknown,
  ): Promise<{ body: unknown; headers: Headers; status: number }> {
    const url = new URL(`${base}/wp-json/${resource}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const where = `${method} ${url.pathname}${url.search}`;
    let lastReason = "";
    let made = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      made = attempt;
      let response: StoreResponse;
      try {
        const headers: Record<string, string> = { authorization, accept: "application/json" };
        if (payload !== undefined) headers["content-type"] = "application/json";
        response = await storeFetch(url, {
          method,
          headers,
          body: payload === undefined ? undefined : JSON.stringify(payload),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        // A refused address or a redirect will not change on a retry.
        if (e instanceof StoreNetworkError && e.kind !== "unreachable") throw e;
        const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
        lastReason = timedOut
          ? `no answer within ${timeoutMs} ms`
          : `connection failed (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})`;
        if (method !== "GET") break;
        if (attempt < maxAttempts) await sleep(backoffMs(attempt));
        continue;
      }
      if (response.status === 429 || (response.status >= 500 && method === "GET")) {
        lastReason = `HTTP ${response.status}`;
        await response.body?.cancel();
        if (attempt < maxAttempts)
          await sleep(
            Math.min(MAX_RETRY_AFTER_MS, retryAfterMs(response.headers.get("retry-after")) ?? backoffMs(attempt)),
          );
        continue;
      }
      const text = await response.text();
      if (response.status === 401 || response.status === 403) {
        throw new WooApiError(
          `WooCommerce at ${base} refused the REST API keys (HTTP ${response.status}${wooErrorCode(text)}): check the consumer key and secret and that they have ${method === "GET" ? "read" : "write"} access`,
          "auth",
          response.status,
        );
      }
      const type = response.headers.get("content-type") ?? "";
      let body: unknown;
      try {
        if (!/\bjson\b/i.test(type)) throw new Error("not JSON");
        body = JSON.parse(text);
      } catch {
        throw new WooApiError(
          `${where} at ${base} answered HTTP ${response.status} with ${type || "no content type"} instead of JSON (is the WooCommerce REST API reachable at /wp-json/?): ${snippet(text)}`,
          "not_json",
          response.status,
        );
      }
      if (!response.ok)
        throw new WooApiError(
          `${where} at ${base} failed: HTTP ${response.status}${wooErrorCode(text)}${wooErrorMessage(body)}`,
          "http",
          response.status,
        );
      return { body, headers: response.headers, status: response.status };
    }
    throw new WooApiError(
      `${where} at ${base} failed after ${made === 1 ? "one attempt" : `${made} attempts`}: ${lastReason}`,
      lastReason.startsWith("HTTP") ? "http" : "network",
    );
  }

  async function getPage(
    resource: "orders" | "customers" | "webhooks",
    params: Record<string, string>,
  ): Promise<WooPage> {
    const { body, headers, status } = await call("GET", `wc/v3/${resource}`, params);
    if (!Array.isArray(body))
      throw new WooApiError(
        `GET /wp-json/wc/v3/${resource} at ${base} answered a JSON ${typeof body} instead of a list`,
        "not_json",
        status,
      );
    const total = Number(headers.get("x-wp-total") ?? body.length);
    const totalPages = Number(headers.get("x-wp-totalpages") ?? 1);
    return {
      items: body,
      total: Number.isFinite(total) ? total : body.length,
      totalPages: Number.isFinite(totalPages) ? totalPages : 1,
    };
  }

  function orderParams(query: OrdersQuery): Record<string, string> {
    const params: Record<string, string> = {
      per_page: String(query.perPage ?? perPage),
      page: String(query.page ?? 1),
      orderby: "modified",
      order: "asc",
      dates_are_gmt: "true",
    };
    if (query.status) params.status = query.status;
    if (query.modifiedAfter) params.modified_after = wooDate(query.modifiedAfter);
    if (query.modifiedBefore) params.modified_before = wooDate(query.modifiedBefore);
    return params;
  }

  return {
    baseUrl: base,
    ordersPage: (query = {}) => getPage("orders", orderParams(query)),
    customersPage: (query = {}) =>
      getPage("customers", { per_page: String(perPage), page: String(query.page ?? 1), orderby: "id", order: "asc" }),
    webhooksPage: (query = {}) => getPage("webhooks", { per_page: String(perPage), page: String(query.page ?? 1) }),
    async siteInfo() {
      const { body } = await call("GET", "", { _fields: "name,url,timezone_string,gmt_offset" });
      return body as WooSiteInfo;
    },
    async generalSettings() {
      const { body, status } = await call("GET", "wc/v3/settings/general", {});
      if (!Array.isArray(body))
        throw new WooApiError(
          `GET /wp-json/wc/v3/settings/general at ${base} answered a JSON ${typeof body} instead of a list`,
          "not_json",
          status,
        );
      return body as WooSetting[];
    },
    async createWebhook(webhook) {
      const { body } = await call("POST", "wc/v3/webhooks", {}, { status: "active", ...webhook });
      return body as { id: number; topic: string; delivery_url: string };
    },
    async request(method, resource, { params = {}, body } = {}) {
      return (await call(method, resource, params, body)).body;
    },
    orderIdsPage: (query = {}) =>
      getPage("orders", {
        per_page: String(perPage),
        page: String(query.page ?? 1),
        orderby: "id",
        order: "asc",
        _fields: "id",
      }),
    async order(id) {
      try {
        return (await call("GET", `wc/v3/orders/${id}`, {})).body;
      } catch (e) {
        if (e instanceof WooApiError && e.kind === "http" && e.status === 404) return null;
        throw e;
      }
    },
    async setWebhookStatus(id, status) {
      // WooCommerce takes POST as well as PUT for an update; call() retries a POST only on 429.
      const { body } = await call("POST", `wc/v3/webhooks/${id}`, {}, { status });
      return body as { id: number; status: string };
    },
    async *orderPages(query = {}) {
      for (let page = 1; ; page++) {
        const result = await getPage("orders", orderParams({ ...query, page }));
        yield result;
        if (page >= result.totalPages || result.items.length === 0) return;
      }
    },
  };
}

/** WooCommerce's error code from a JSON error body ({"code":"woocommerce_rest_cannot_view",...}). */
function wooErrorCode(text: string): string {
  try {
    const code = (JSON.parse(text) as { code?: unknown }).code;
    return typeof code === "string" ? `, ${code}` : "";
  } catch {
    return "";
  }
}

function wooErrorMessage(body: unknown): string {
  const message = body && typeof body === "object" ? (body as { message?: unknown }).message : undefined;
  return typeof message === "string" ? `: ${message}` : "";
}

function snippet(text: string): string {
  const t = text
    .replace(/<[^>]*>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return t.length > 160 ? `${t.slice(0, 160)}…` : t || "(empty body)";
}
