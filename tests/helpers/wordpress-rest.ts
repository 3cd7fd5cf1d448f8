// A small client for the real WooCommerce REST API (v3) of the test store, with Basic auth
// (the store's test-only mu-plugin accepts it over http from loopback), and the fixture calls
// tests use to set a store up. Kept apart from the app's own client on purpose: it is the
// independent side a test checks the app against.

/* eslint-disable @typescript-eslint/no-explicit-any -- WooCommerce's JSON, read field by field in tests */
export type WooJson = any;

export interface WooResponse<T = WooJson> {
  status: number;
  headers: Headers;
  body: T;
}

export interface WooRequestOptions {
  /** REST namespace under /wp-json (default wc/v3). */
  namespace?: string;
  /** Query parameters. */
  query?: Record<string, string | number | boolean>;
  /** false: send no credentials (to test refusals). */
  auth?: boolean;
}

export class WooRestError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly response: WooResponse,
  ) {
    super(`${method} ${path} -> HTTP ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
  }
}

export class WooRest {
  private readonly authHeader: string;

  constructor(
    readonly baseUrl: string,
    consumerKey: string,
    consumerSecret: string,
  ) {
    this.authHeader = `Basic ${Buffer.from(`${consumerKey}:${consumerSecret}`).toString("base64")}`;
  }

  /** Any request; answers every status (fixture helpers below throw on non-2xx instead). */
  async request<T = WooJson>(
    method: string,
    path: string,
    body?: unknown,
    { namespace = "wc/v3", query, auth = true }: WooRequestOptions = {},
  ): Promise<WooResponse<T>> {
    const url = new URL(`${this.baseUrl}/wp-json/${namespace}${path}`);
    for (const [k, v] of Object.entries(query ?? {})) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { Accept: "application/json" };
    if (auth) headers.Authorization = this.authHeader;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (a PHP fatal error page): keep the text for the failure message
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  async ok<T = WooJson>(method: string, path: string, body?: unknown, options?: WooRequestOptions): Promise<T> {
    const res = await this.request<T>(method, path, body, options);
    if (res.status < 200 || res.status > 299) throw new WooRestError(method, path, res);
    return res.body;
  }

  get<T = WooJson>(path: string, query?: WooRequestOptions["query"]) {
    return this.ok<T>("GET", path, undefined, { query });
  }

  post<T = WooJson>(path: string, body: unknown) {
    return this.ok<T>("POST", path, body);
  }

  put<T = WooJson>(path: string, body: unknown) {
    return this.ok<T>("PUT", path, body);
  }

  delete<T = WooJson>(path: string, query?: WooRequestOptions["query"]) {
    return this.ok<T>("DELETE", path, undefined, { query });
  }
}

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Fixture calls on the real store: each returns WooCommerce's JSON for what it made. */
export class WooFixtures {
  constructor(private readonly rest: WooRest) {}

  createProduct(data: WooJson = {}) {
    return this.rest.post("/products", {
      name: `Test product ${unique()}`,
      type: "simple",
      regular_price: "10.00",
      status: "publish",
      ...data,
    });
  }

  createCustomer(data: WooJson = {}) {
    const id = unique();
    return this.rest.post("/customers", {
      email: `customer-${id}@example.test`,
      first_name: "Test",
      last_name: `Customer ${id}`,
      ...data,
    });
  }

  /** POST /orders: pass line_items ({ product_id, quantity }), customer_id, status, ... */
  createOrder(data: WooJson = {}) {
    return this.rest.post("/orders", { currency: "EUR", payment_method: "bacs", ...data });
  }

  updateOrder(id: number, data: WooJson) {
    return this.rest.put(`/orders/${id}`, data);
  }

  /** A refund recorded in WooCommerce only (api_refund false: no payment gateway is asked). */
  createRefund(orderId: number, data: WooJson) {
    return this.rest.post(`/orders/${orderId}/refunds`, { api_refund: false, ...data });
  }

  /** Moves the order to the trash (what a merchant's "Move to trash" does). */
  trashOrder(id: number) {
    return this.rest.delete(`/orders/${id}`, { force: false });
  }

  /** Deletes the order for good. */
  deleteOrder(id: number) {
    return this.rest.delete(`/orders/${id}`, { force: true });
  }

  /** An active webhook; WooCommerce pings its URL at once. Secrets must avoid &<>"' (WooCommerce decodes them). */
  createWebhook(data: { topic: string; delivery_url: string; secret: string } & WooJson) {
    return this.rest.post("/webhooks", { name: `test ${data.topic} ${unique()}`, status: "active", ...data });
  }

  deleteWebhook(id: number) {
    return this.rest.delete(`/webhooks/${id}`, { force: true });
  }
}
