// A minimal stand-in for the app's side of the plugin protocol, for the plugin's tests: an https
// server on 127.0.0.1 (self-signed; the test stack's mu-plugin skips TLS checks for loopback)
// with the routes the plugin calls. Every signed request is checked with the TypeScript
// reference (plugin-signature.ts) and recorded with the outcome, so a test can assert both what
// the plugin sent and that it verified. It is not the app: no database, one store, fixed answers.
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import {
  connectProof,
  ReplayGuard,
  UsedTokenIds,
  verifyDashboardToken,
  verifyPluginRequest,
  type VerifyResult,
} from "./plugin-signature";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** The reference's verdict for signed routes; undefined for unsigned ones. */
  verified?: VerifyResult;
}

export interface Pixels {
  meta: string | null;
  google: string | null;
  tiktok: string | null;
}

export class AppStandIn {
  readonly requests: Recorded[] = [];
  readonly shopId = "shop_4711";
  readonly storeName = "wpstack CI shop";
  /** Learned from the plugin's connect request (C1). */
  secret: string | null = null;
  storeUrl: string | null = null;
  returnUrl: string | null = null;
  pendingNonce: string | null = null;
  connected = false;
  /** Keys WooCommerce posted to the callback, once the connect proof matched. */
  wooKeys: Record<string, unknown> | null = null;
  proofChecks: { nonce: string; expected: string; answered: string }[] = [];
  pixels: Pixels = { meta: null, google: null, tiktok: null };
  /** Replaces the authorize_url the connect answer carries (to test the plugin's check). */
  authorizeUrlOverride: string | null = null;
  readonly replay = new ReplayGuard();
  readonly usedTokens = new UsedTokenIds();
  private server!: https.Server;
  url = "";

  async start() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "wpplugin-cert-"));
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"].concat([
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ]),
      { stdio: "ignore" },
    );
    const key = fs.readFileSync(path.join(dir, "key.pem"));
    const cert = fs.readFileSync(path.join(dir, "cert.pem"));
    fs.rmSync(dir, { recursive: true, force: true });
    this.server = https.createServer({ key, cert }, (req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        this.handle(req.method ?? "GET", new URL(req.url ?? "/", "https://127.0.0.1"), body, req.headers)
          .then(({ status, json, headers }) => {
            res.writeHead(status, { "Content-Type": "application/json", ...headers });
            res.end(json === undefined ? "" : JSON.stringify(json));
          })
          .catch((e: unknown) => {
            res.writeHead(500, { "Content-Type": "application/json" });
            res.end(JSON.stringify({ error: String(e) }));
          });
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  stop() {
    this.server?.close();
  }

  /** A GET to the stand-in itself (its certificate is self-signed, so not through fetch). */
  get(pathAndQuery: string): Promise<{ status: number; location: string | undefined }> {
    return new Promise((resolve, reject) => {
      https
        .get(`${this.url}${pathAndQuery}`, { rejectUnauthorized: false }, (res) => {
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
        })
        .on("error", reject);
    });
  }

  /** Requests to one route, in order. */
  to(pathname: string) {
    return this.requests.filter((r) => r.path === pathname);
  }

  private verify(url: URL, method: string, body: string): VerifyResult {
    if (!this.secret) return { ok: false, reason: "bad-signature" };
    return verifyPluginRequest(url, {
      secret: this.secret,
      body: method === "POST" ? body : null,
      replay: this.replay,
    });
  }

  /** The plugin names the store by the app's shop id once it has it, by its host before. */
  private knownStore(store: string | null): boolean {
    return store === new URL(this.storeUrl ?? "http://unknown").hostname || (this.connected && store === this.shopId);
  }

  private async handle(
    method: string,
    url: URL,
    body: string,
    headers: Recorded["headers"],
  ): Promise<{ status: number; json?: unknown; headers?: Record<string, string> }> {
    const rec: Recorded = { method, path: url.pathname, query: url.searchParams, body, headers };
    this.requests.push(rec);
    const refuse = (status = 401) => ({ status, json: { error: "This request could not be verified." } });

    if (url.pathname === "/api/woocommerce/plugin/connect" && method === "POST") {
      const input = JSON.parse(body) as Record<string, unknown>;
      this.secret = String(input.plugin_secret);
      this.storeUrl = String(input.store_url);
      this.returnUrl = String(input.return_url);
      this.pendingNonce = crypto.randomBytes(24).toString("base64url");
      const authorize = new URL(`${this.storeUrl}/wc-auth/v1/authorize`);
      authorize.searchParams.set("app_name", "Retention");
      authorize.searchParams.set("scope", "read_write");
      authorize.searchParams.set("user_id", this.pendingNonce);
      authorize.searchParams.set("return_url", this.returnUrl);
      authorize.searchParams.set("callback_url", `${this.url}/api/woocommerce/auth-callback`);
      return { status: 200, json: { authorize_url: this.authorizeUrlOverride ?? authorize.toString() } };
    }

    if (url.pathname === "/api/woocommerce/auth-callback" && method === "POST") {
      const keys = JSON.parse(body) as Record<string, unknown>;
      const nonce = String(keys.user_id);
      if (nonce !== this.pendingNonce || !this.secret) return { status: 403, json: { error: "unknown nonce" } };
      // C2: before trusting the keys, the store must prove it holds the secret sent in C1.
      const res = await fetch(`${this.storeUrl}/wp-json/retention/v1/connect-proof?nonce=${encodeURIComponent(nonce)}`);
      const answered = String(((await res.json()) as { proof?: string }).proof ?? "");
      const expected = connectProof(this.secret, nonce);
      this.proofChecks.push({ nonce, expected, answered });
      if (answered !== expected) return { status: 403, json: { error: "connect proof mismatch" } };
      this.pendingNonce = null;
      this.wooKeys = keys;
      this.connected = true;
      return { status: 200, json: {} };
    }

    if (url.pathname.startsWith("/api/woocommerce/plugin/")) {
      // Before the plugin's connect request the app has never heard of the store.
      if (!this.secret) return { status: 404, json: { error: "This store is not connected." } };
      rec.verified = this.verify(url, method, body);
      if (!rec.verified.ok) return refuse();
      if (!this.knownStore(url.searchParams.get("store"))) return refuse(404);
      if (url.pathname.endsWith("/status"))
        return {
          status: 200,
          json: {
            connected: this.connected,
            shop_id: this.connected ? this.shopId : null,
            store_name: this.storeName,
            last_sync_at: this.connected ? "2026-01-02T03:04:05Z" : null,
            webhooks: "ok",
            orders: 1234,
            customers: 56,
          },
        };
      if (url.pathname.endsWith("/settings"))
        return {
          status: 200,
          json: { pixels: this.pixels, storefront: { launcher: true, locale_default: "nl" }, script_url: null },
        };
      if (url.pathname.endsWith("/disconnect") && method === "POST") {
        this.connected = false;
        return { status: 200, json: { disconnected: true } };
      }
      return { status: 404, json: { error: "not found" } };
    }

    const proxy = url.pathname.match(/^\/proxy\/api\/(me|redeem|nps|referral|join)$/);
    if (proxy) {
      rec.verified = this.verify(url, method, body);
      if (!rec.verified.ok || url.searchParams.get("shop") !== this.shopId) return refuse();
      const customer = url.searchParams.get("logged_in_customer_id") || null;
      switch (proxy[1]) {
        case "me":
          return {
            status: 200,
            json: customer
              ? {
                  loggedIn: true,
                  points: { available: 1250, pending: 40 },
                  tier: "Gold",
                  rewards: [{ id: "r5", title: "€5 off", points: 500 }],
                  referralUrl: `${this.storeUrl}/?ref=FRIEND${customer}`,
                }
              : { loggedIn: false, incentive: "Earn 100 points when you join." },
          };
        case "nps":
          return customer ? { status: 200, json: { ok: true } } : { status: 401, json: { error: "Please log in." } };
        default:
          return { status: 200, json: { ok: true } };
      }
    }

    if (url.pathname === "/woocommerce/sso") {
      if (!this.secret) return refuse();
      const result = verifyDashboardToken(url.searchParams.get("token") ?? "", {
        secret: this.secret,
        shop: this.shopId,
        used: this.usedTokens,
      });
      if (!result.ok) return { status: 401, json: { error: result.reason } };
      return {
        status: 302,
        headers: { Location: "/app", "Set-Cookie": "app_session=1; HttpOnly; Secure; SameSite=Lax; Path=/" },
      };
    }
    return { status: 404, json: { error: "not found" } };
  }
}
