// A shopper on the real WooCommerce store: logs in through wp-login.php (cookies) and uses the
// Store API cart (/wp-json/wc/store/v1) the way the block cart and checkout do, with the
// `Nonce` header the Store API hands out. What WooCommerce accepts or refuses here is what a
// shopper's browser would see.
import type { WordPress } from "./wordpress";

export interface StoreApiAnswer {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- WooCommerce's JSON, read field by field in tests
  body: any;
}

export class Shopper {
  private readonly cookies = new Map<string, string>();
  private nonce = "";

  constructor(private readonly wp: WordPress) {}

  private take(res: Response) {
    for (const sc of res.headers.getSetCookie()) {
      const pair = sc.split(";")[0];
      const i = pair.indexOf("=");
      const [name, value] = [pair.slice(0, i).trim(), pair.slice(i + 1)];
      if (/max-age=0|expires=[^;]*1970/i.test(sc) || value === "" || value === "deleted") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const nonce = res.headers.get("nonce");
    if (nonce) this.nonce = nonce;
  }

  private get cookieHeader() {
    return [...this.cookies].map(([n, v]) => `${n}=${v}`).join("; ");
  }

  /** Logs in with the WordPress login form; throws unless WordPress set its logged-in cookie. */
  async login(username: string, password: string) {
    this.cookies.set("wordpress_test_cookie", "WP%20Cookie%20check");
    const res = await fetch(`${this.wp.url}/wp-login.php`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: this.cookieHeader },
      body: new URLSearchParams({ log: username, pwd: password, "wp-submit": "Log In", testcookie: "1" }).toString(),
      redirect: "manual",
    });
    this.take(res);
    await res.text();
    if (![...this.cookies.keys()].some((k) => k.startsWith("wordpress_logged_in_")))
      throw new Error(`login as ${username} failed (HTTP ${res.status})`);
    await this.store("GET", "/cart"); // the Store API's nonce for this session
  }

  /** A Store API call as this shopper. */
  async store(method: string, path: string, body?: unknown): Promise<StoreApiAnswer> {
    const headers: Record<string, string> = { Accept: "application/json", Cookie: this.cookieHeader };
    if (this.nonce) headers.Nonce = this.nonce;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(`${this.wp.url}/wp-json/wc/store/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
    });
    this.take(res);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // a PHP error page: kept as text for the failure message
    }
    return { status: res.status, body: parsed };
  }

  addToCart(productId: number, quantity = 1) {
    return this.store("POST", "/cart/add-item", { id: productId, quantity });
  }

  applyCoupon(code: string) {
    return this.store("POST", "/cart/apply-coupon", { code });
  }

  /** Places the order with bank transfer (BACS), the cart's coupons included. */
  checkout(email: string) {
    const address = {
      first_name: "Test",
      last_name: "Shopper",
      address_1: "Damrak 1",
      city: "Amsterdam",
      postcode: "1012 LG",
      country: "NL",
      email,
    };
    return this.store("POST", "/checkout", {
      billing_address: address,
      shipping_address: address,
      payment_method: "bacs",
    });
  }
}
