// A client for the WooCommerce REST API v3 list endpoints the sync reads (GET
// /wp-json/wc/v3/orders and /customers). Authentication is the shop's REST API consumer key and
// secret as HTTP Basic auth (WooCommerce's way over https; the same header is sent to an http://
// test server). Each request has a timeout; 429 and 5xx answers, lost connections and timeouts
// are retried with exponential backoff (Retry-After honoured); 401/403 (wrong or read-less
// keys) and a non-JSON answer (a WordPress HTML error page, a security plugin's challenge)
// fail at once with a clear error. Answers are returned raw: mapping is rest-payloads.ts.

export interface WooClientOptions {
  /** The shop's site URL, e.g. https://shop.example.com (a WordPress in a folder keeps its path). */
  baseUrl: string;
  consumerKey: string;
  consumerSecret: string;
  perPage?: number; // default 100 (WooCommerce's maximum)
  timeoutMs?: number; // per request, default 30 s
  maxAttempts?: number; // default 5
  sleep?: (ms: number) => Promise<void>; // injectable for tests
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
}

export interface WooClient {
  readonly baseUrl: string;
  ordersPage(query?: OrdersQuery): Promise<WooPage>;
  customersPage(query?: { page?: number }): Promise<WooPage>;
  /** Every page of orders, following X-WP-TotalPages. */
  orderPages(query?: Omit<OrdersQuery, "page">): AsyncGenerator<WooPage>;
}

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

  async function getPage(resource: "orders" | "customers", params: Record<string, string>): Promise<WooPage> {
    const url = new URL(`${base}/wp-json/wc/v3/${resource}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const where = `GET ${url.pathname}${url.search}`;
    let lastReason = "";
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      let response: Response;
      try {
        response = await fetch(url, { headers: { authorization, accept: "application/json" }, signal: AbortSignal.timeout(timeoutMs) });
      } catch (e) {
        const timedOut = e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError");
        lastReason = timedOut ? `no answer within ${timeoutMs} ms` : `connection failed (${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)})`;
        if (attempt < maxAttempts) await sleep(backoffMs(attempt));
        continue;
      }
      if (response.status === 429 || response.status >= 500) {
        lastReason = `HTTP ${response.status}`;
        await response.body?.cancel();
        if (attempt < maxAttempts) await sleep(Math.min(MAX_RETRY_AFTER_MS, retryAfterMs(response.headers.get("retry-after")) ?? backoffMs(attempt)));
        continue;
      }
      const text = await response.text();
      if (response.status === 401 || response.status === 403) {
        throw new WooApiError(
          `WooCommerce at ${base} refused the REST API keys (HTTP ${response.status}${wooErrorCode(text)}): check the consumer key and secret and that they have read access`,
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
      if (!response.ok) throw new WooApiError(`${where} at ${base} failed: HTTP ${response.status}${wooErrorCode(text)}`, "http", response.status);
      if (!Array.isArray(body)) throw new WooApiError(`${where} at ${base} answered a JSON ${typeof body} instead of a list`, "not_json", response.status);
      const total = Number(response.headers.get("x-wp-total") ?? body.length);
      const totalPages = Number(response.headers.get("x-wp-totalpages") ?? 1);
      return { items: body, total: Number.isFinite(total) ? total : body.length, totalPages: Number.isFinite(totalPages) ? totalPages : 1 };
    }
    throw new WooApiError(`${where} at ${base} failed after ${maxAttempts} attempts: ${lastReason}`, lastReason.startsWith("HTTP") ? "http" : "network");
  }

  function orderParams(query: OrdersQuery): Record<string, string> {
    const params: Record<string, string> = { per_page: String(perPage), page: String(query.page ?? 1), orderby: "modified", order: "asc", dates_are_gmt: "true" };
    if (query.modifiedAfter) params.modified_after = wooDate(query.modifiedAfter);
    return params;
  }

  return {
    baseUrl: base,
    ordersPage: (query = {}) => getPage("orders", orderParams(query)),
    customersPage: (query = {}) => getPage("customers", { per_page: String(perPage), page: String(query.page ?? 1), orderby: "id", order: "asc" }),
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

function snippet(text: string): string {
  const t = text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
  return t.length > 160 ? `${t.slice(0, 160)}…` : t || "(empty body)";
}
