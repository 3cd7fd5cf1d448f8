// A local fake of the WooCommerce REST API v3 (GET /wp-json/wc/v3/orders and /customers) on
// 127.0.0.1. It checks the consumer key and secret sent as HTTP Basic auth (401 otherwise, with
// WooCommerce's JSON error body), validates the paging and filter parameters the way WooCommerce
// does (per_page 1..100, orderby and order from WooCommerce's lists, modified_after as ISO 8601,
// read as UTC only with dates_are_gmt=true), pages with X-WP-Total / X-WP-TotalPages, and can
// fail on demand: 429 with Retry-After, 500, an HTML page instead of JSON, or a server that
// dies (drops every connection) after serving K pages. Orders are built from the documented
// order 727 (tests/fixtures/woocommerce/).
// For connecting a store it also serves WordPress's index (GET /wp-json/: name, time zone), GET
// /wp-json/wc/v3/settings/general (the store's currency) and the webhooks endpoint (GET lists,
// POST creates after checking name, topic, delivery_url and secret as WooCommerce does).
// With a plugin secret it also runs the Retention plugin's public connect-proof route (GET
// /wp-json/retention/v1/connect-proof?nonce=: hex(hmac_sha256(secret, "connect-proof:" + nonce)),
// as extensions/retention-woocommerce does); without one, the store has no plugin (404).
// With `tls` it serves https with that certificate (for the app's certificate check).
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import path from "node:path";

export type WooJson = Record<string, unknown>;

const example727 = fs.readFileSync(
  path.resolve(import.meta.dirname, "..", "fixtures", "woocommerce", "wc_v3_order_727_retrieve_example.json"),
  "utf8",
);

/** WooCommerce's date format: UTC wall-clock time, no zone. */
export const wooTime = (d: Date) => d.toISOString().slice(0, 19);

export interface FakeOrderSpec {
  id: number;
  modifiedAt: Date;
  createdAt?: Date;
  total?: string; // default "29.35", as order 727
  status?: string; // default "processing"
  customerId?: number; // default 0 (a guest)
  email?: string;
  refunds?: { id: number; total: string }[];
}

/** An order shaped exactly like the documented order 727, with the spec's fields. */
export function fakeWooOrder(spec: FakeOrderSpec): WooJson {
  const o = JSON.parse(example727) as WooJson;
  const created = spec.createdAt ?? spec.modifiedAt;
  return {
    ...o,
    id: spec.id,
    number: String(spec.id),
    order_key: `wc_order_fake${spec.id}`,
    status: spec.status ?? "processing",
    total: spec.total ?? "29.35",
    customer_id: spec.customerId ?? 0,
    billing: { ...(o.billing as WooJson), email: spec.email ?? `buyer${spec.id}@example.com` },
    date_created: wooTime(created),
    date_created_gmt: wooTime(created),
    date_modified: wooTime(spec.modifiedAt),
    date_modified_gmt: wooTime(spec.modifiedAt),
    date_paid: wooTime(created),
    date_paid_gmt: wooTime(created),
    refunds: spec.refunds?.map((r) => ({ id: r.id, refund: "", total: r.total })) ?? [],
    _links: {
      self: [{ href: `https://example.com/wp-json/wc/v3/orders/${spec.id}` }],
      collection: [{ href: "https://example.com/wp-json/wc/v3/orders" }],
    },
  };
}

export function fakeWooCustomer(id: number, modifiedAt: Date): WooJson {
  return {
    id,
    date_created: wooTime(modifiedAt),
    date_created_gmt: wooTime(modifiedAt),
    date_modified: wooTime(modifiedAt),
    date_modified_gmt: wooTime(modifiedAt),
    email: `customer${id}@example.com`,
    first_name: `First${id}`,
    last_name: `Last${id}`,
    role: "customer",
    username: `customer${id}`,
    billing: { first_name: `First${id}`, last_name: `Last${id}`, email: `customer${id}@example.com` },
    is_paying_customer: true,
  };
}

export type FakeFailure = "429" | "500" | "html";

export interface RecordedWooRequest {
  path: string;
  params: Record<string, string>;
  status: number;
}

export interface FakeWooCommerce {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  state: { orders: WooJson[]; customers: WooJson[]; webhooks: WooJson[]; requests: RecordedWooRequest[] };
  /** Replaces the next answers of the connect-proof route (a misbehaving or hostile store). */
  answerProofWith(answer: { status: number; body: string; headers?: Record<string, string> }): void;
  /** The next requests fail in this order, one failure each. */
  failNext(...failures: FakeFailure[]): void;
  /** After `pages` more successful list pages, every connection is dropped until heal(). */
  dieAfterPages(pages: number): void;
  heal(): void;
  close(): Promise<void>;
}

const ORDER_ORDERBY = ["date", "id", "include", "title", "slug", "modified"];
const CUSTOMER_ORDERBY = ["id", "include", "name", "registered_date"];

class BadRequest extends Error {}

export interface FakeWooOptions {
  consumerKey?: string;
  consumerSecret?: string;
  siteName?: string; // default "Fake Woo Store"
  currency?: string; // default "EUR"
  timezone?: string; // timezone_string, default "Europe/Amsterdam"; "" with gmtOffset for a UTC-offset site
  gmtOffset?: number;
  /** The Retention plugin's secret (64 hex); none: the plugin is not installed. */
  pluginSecret?: string;
  /** Serve https with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

/** WooCommerce's webhook topics (resource.event) for the resources the app reads. */
const WEBHOOK_TOPICS = ["order", "customer", "product", "coupon"].flatMap((r) =>
  ["created", "updated", "deleted", "restored"].map((e) => `${r}.${e}`),
);

export async function startFakeWooCommerce(opts: FakeWooOptions = {}): Promise<FakeWooCommerce> {
  const consumerKey = opts.consumerKey ?? "ck_fake0123456789";
  const consumerSecret = opts.consumerSecret ?? "cs_fake0123456789";
  const expectedAuth = "Basic " + Buffer.from(`${consumerKey}:${consumerSecret}`).toString("base64");
  const state = {
    orders: [] as WooJson[],
    customers: [] as WooJson[],
    webhooks: [] as WooJson[],
    requests: [] as RecordedWooRequest[],
  };
  const failures: FakeFailure[] = [];
  let pagesUntilDeath: number | null = null;
  let proofOverride: { status: number; body: string; headers?: Record<string, string> } | null = null;

  function list(items: WooJson[], params: URLSearchParams, orderbyAllowed: string[], defaultOrderby: string) {
    const perPage = Number(params.get("per_page") ?? 10);
    const page = Number(params.get("page") ?? 1);
    if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100)
      throw new BadRequest("per_page must be between 1 (inclusive) and 100 (inclusive)");
    if (!Number.isInteger(page) || page < 1) throw new BadRequest("page must be greater than or equal to 1");
    const orderby = params.get("orderby") ?? defaultOrderby;
    if (!orderbyAllowed.includes(orderby)) throw new BadRequest(`orderby is not one of ${orderbyAllowed.join(", ")}`);
    const order = params.get("order") ?? "desc";
    if (order !== "asc" && order !== "desc") throw new BadRequest("order is not one of asc, desc");
    let selected = items;
    // WooCommerce's default ("any") lists every status but the trash and drafts; status=trash only those.
    const status = params.get("status") ?? "any";
    selected =
      status === "any"
        ? selected.filter((o) => !["trash", "checkout-draft", "auto-draft"].includes(String(o.status ?? "")))
        : selected.filter((o) => status.split(",").includes(String(o.status ?? "")));
    const after = params.get("modified_after");
    if (after !== null) {
      if (params.get("dates_are_gmt") !== "true")
        throw new BadRequest("the fake reads modified_after only as GMT: send dates_are_gmt=true");
      if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(after))
        throw new BadRequest("modified_after is not a valid date");
      selected = selected.filter((o) => String(o.date_modified_gmt) > after); // strictly after, as WP_Date_Query
    }
    const key = (o: WooJson): string | number =>
      orderby === "modified"
        ? String(o.date_modified_gmt)
        : orderby === "date" || orderby === "registered_date"
          ? String(o.date_created_gmt)
          : Number(o.id);
    selected = [...selected].sort((a, b) => {
      const [x, y] = [key(a), key(b)];
      const c = x < y ? -1 : x > y ? 1 : Number(a.id) - Number(b.id);
      return order === "asc" ? c : -c;
    });
    const total = selected.length;
    return {
      body: selected.slice((page - 1) * perPage, page * perPage),
      total,
      totalPages: Math.ceil(total / perPage),
    };
  }

  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const params = Object.fromEntries(url.searchParams);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      state.requests.push({ path: url.pathname, params, status });
      const text = typeof body === "string" ? body : JSON.stringify(body);
      res.writeHead(status, {
        "content-type": typeof body === "string" ? "text/html; charset=UTF-8" : "application/json; charset=UTF-8",
        ...headers,
      });
      res.end(text);
    };
    if (pagesUntilDeath !== null && pagesUntilDeath <= 0) {
      state.requests.push({ path: url.pathname, params, status: 0 });
      req.socket.destroy();
      return;
    }
    if (url.pathname === "/wp-json/retention/v1/connect-proof" && req.method === "GET") {
      if (proofOverride) {
        state.requests.push({ path: url.pathname, params, status: proofOverride.status });
        res.writeHead(proofOverride.status, { "content-type": "application/json", ...proofOverride.headers });
        return res.end(proofOverride.body);
      }
      if (!opts.pluginSecret)
        return send(404, { code: "rest_no_route", message: "No route was found matching the URL and request method." });
      const nonce = url.searchParams.get("nonce") ?? "";
      if (!/^[A-Za-z0-9_-]{16,128}$/.test(nonce))
        return send(400, { code: "rest_invalid_param", message: "Invalid parameter(s): nonce" });
      const proof = crypto.createHmac("sha256", opts.pluginSecret).update(`connect-proof:${nonce}`).digest("hex");
      return send(200, { proof });
    }
    const isWebhooks = url.pathname === "/wp-json/wc/v3/webhooks";
    if (req.method !== "GET" && !(req.method === "POST" && isWebhooks)) {
      return send(404, {
        code: "rest_no_route",
        message: "No route was found matching the URL and request method.",
        data: { status: 404 },
      });
    }
    if (url.pathname === "/wp-json/" || url.pathname === "/wp-json") {
      // WordPress's index is public.
      return send(200, {
        name: opts.siteName ?? "Fake Woo Store",
        url: "https://example.com",
        timezone_string: opts.timezone ?? "Europe/Amsterdam",
        gmt_offset: opts.gmtOffset ?? 1,
        namespaces: ["wp/v2", "wc/v3"],
      });
    }
    if (req.headers.authorization !== expectedAuth) {
      return send(401, {
        code: "woocommerce_rest_cannot_view",
        message: "Sorry, you cannot list resources.",
        data: { status: 401 },
      });
    }
    const failure = failures.shift();
    if (failure === "429")
      return send(429, { code: "too_many_requests", message: "Too many requests" }, { "retry-after": "1" });
    if (failure === "500")
      return send(500, { code: "internal_server_error", message: "There has been a critical error on this website." });
    if (failure === "html") {
      return send(
        200,
        "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>",
      );
    }
    if (url.pathname === "/wp-json/wc/v3/settings/general") {
      return send(200, [
        { id: "woocommerce_default_country", label: "Country and state", value: "NL" },
        { id: "woocommerce_currency", label: "Currency", value: opts.currency ?? "EUR" },
      ]);
    }
    if (isWebhooks && req.method === "POST") {
      let raw = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (raw += chunk));
      req.on("end", () => {
        let body: WooJson;
        try {
          body = JSON.parse(raw) as WooJson;
        } catch {
          return send(400, { code: "rest_invalid_json", message: "Invalid JSON body passed.", data: { status: 400 } });
        }
        const problems: string[] = [];
        if (typeof body.name !== "string" || !body.name) problems.push("name");
        if (typeof body.topic !== "string" || !WEBHOOK_TOPICS.includes(body.topic)) problems.push("topic");
        if (typeof body.delivery_url !== "string" || !/^https?:\/\/[^/]+/.test(body.delivery_url))
          problems.push("delivery_url");
        if (typeof body.secret !== "string" || !body.secret) problems.push("secret");
        if (problems.length > 0)
          return send(400, {
            code: "rest_invalid_param",
            message: `Invalid parameter(s): ${problems.join(", ")}`,
            data: { status: 400 },
          });
        const webhook = {
          id: state.webhooks.length + 1,
          status: body.status ?? "active",
          name: body.name,
          topic: body.topic,
          delivery_url: body.delivery_url,
          secret: body.secret,
        };
        state.webhooks.push(webhook);
        return send(201, webhook);
      });
      return;
    }
    try {
      let page: ReturnType<typeof list>;
      if (url.pathname === "/wp-json/wc/v3/orders") page = list(state.orders, url.searchParams, ORDER_ORDERBY, "date");
      else if (url.pathname === "/wp-json/wc/v3/customers")
        page = list(state.customers, url.searchParams, CUSTOMER_ORDERBY, "name");
      else if (isWebhooks) page = list(state.webhooks, url.searchParams, ["date", "id"], "id");
      else
        return send(404, {
          code: "rest_no_route",
          message: "No route was found matching the URL and request method.",
          data: { status: 404 },
        });
      if (pagesUntilDeath !== null) pagesUntilDeath--;
      return send(200, page.body, { "x-wp-total": String(page.total), "x-wp-totalpages": String(page.totalPages) });
    } catch (e) {
      if (e instanceof BadRequest)
        return send(400, {
          code: "rest_invalid_param",
          message: `Invalid parameter(s): ${e.message}`,
          data: { status: 400 },
        });
      throw e;
    }
  };
  const server = opts.tls ? https.createServer(opts.tls, handler) : http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `${opts.tls ? "https" : "http"}://127.0.0.1:${port}`,
    consumerKey,
    consumerSecret,
    state,
    answerProofWith: (answer) => void (proofOverride = answer),
    failNext: (...f) => void failures.push(...f),
    dieAfterPages: (pages) => void (pagesUntilDeath = pages),
    heal: () => void (pagesUntilDeath = null),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
