// The protocol's signatures, checked between the plugin's PHP signer (run with the PHP CLI,
// outside WordPress) and the TypeScript reference the app will use, and against
// @shopify/shopify-api's own app-proxy verifier, which the app's proxy routes already run.
import "@shopify/shopify-api/adapters/node";
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import path from "node:path";
import { ApiVersion, shopifyApi } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import {
  canonicalQuery,
  connectProof,
  ReplayGuard,
  signParams,
  UsedTokenIds,
  verifyDashboardToken,
  verifyPluginRequest,
} from "./plugin-signature";

const PLUGIN_DIR = path.resolve(__dirname, "../../extensions/retention-woocommerce");
const SECRET = crypto.randomBytes(32).toString("hex");
const now = () => Math.floor(Date.now() / 1000);

function php<T>(request: Record<string, unknown>): T {
  const out = execFileSync("php", [path.join(__dirname, "php/signer-cli.php"), PLUGIN_DIR], {
    input: JSON.stringify({ secret: SECRET, ...request }),
    encoding: "utf8",
  });
  return JSON.parse(out) as T;
}

const urlWith = (query: string, route = "/proxy/api/me") => new URL(`https://app.example${route}?${query}`);

describe("canonical string: PHP signer and TypeScript reference", () => {
  it("agree on repeated keys, underscores, digits and sorting, and leave out `signature`", () => {
    const pairs: [string, string][] = [
      ["timestamp", "1700000000"],
      ["shop", "shop_42"],
      ["logged_in_customer_id", ""],
      ["path_prefix", "/wp-json/retention/v1/proxy"],
      ["body_sha256", "ab"],
      ["ref", "FRIEND 1"],
      ["ref", "x,y"],
      ["page", "2"],
      ["signature", "ignored"],
    ];
    const fromPhp = php<string>({ op: "canonical", pairs });
    expect(fromPhp).toBe(canonicalQuery(new URLSearchParams(pairs)));
    expect(fromPhp).toBe(
      "body_sha256=ablogged_in_customer_id=page=2path_prefix=/wp-json/retention/v1/proxyref=FRIEND 1,x,yshop=shop_42timestamp=1700000000",
    );
  });

  it("byte order (PHP) and Shopify's localeCompare order agree on every key the plugin can send", () => {
    // The plugin's own keys plus random shopper keys of lower-case letters, which is all it forwards.
    const own = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "request_id", "body_sha256"];
    own.push("store", "wp_user_id");
    const letters = "abcdefghijklmnopqrstuvwxyz";
    for (let round = 0; round < 200; round++) {
      const keys = [...own];
      for (let i = 0; i < 6; i++) {
        const len = 1 + crypto.randomInt(12);
        keys.push(Array.from({ length: len }, () => letters[crypto.randomInt(26)]).join(""));
      }
      const bytes = [...new Set(keys)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const locale = [...new Set(keys)].sort((a, b) => a.localeCompare(b));
      expect(locale).toEqual(bytes);
    }
  });
});

describe("signed requests (S and P) from the PHP signer", () => {
  it("verify with the reference, including the body hash and the plugin's request_id", () => {
    const body = JSON.stringify({ score: 9, comment: "Snel geleverd — top!" });
    const query = php<string>({ op: "signed_query", params: { shop: "shop_42", logged_in_customer_id: "7" }, body });
    const result = verifyPluginRequest(urlWith(query), { secret: SECRET, body, replay: new ReplayGuard() });
    expect(result).toMatchObject({ ok: true, params: { shop: "shop_42", logged_in_customer_id: "7" } });
    if (result.ok) {
      expect(result.params.request_id).toMatch(/^[0-9a-f]{32}$/);
      expect(result.params.body_sha256).toBe(crypto.createHash("sha256").update(body).digest("hex"));
    }
  });

  it("verify with @shopify/shopify-api's app-proxy validateHmac given the plugin secret (the app's existing code path)", async () => {
    const shopify = shopifyApi({
      apiKey: "plugin",
      apiSecretKey: SECRET,
      apiVersion: ApiVersion.April25,
      hostName: "app.example",
      isEmbeddedApp: false,
      logger: { level: 0 },
    });
    const query = php<string>({
      op: "signed_query",
      params: { shop: "shop_42", logged_in_customer_id: "", path_prefix: "/wp-json/retention/v1/proxy", ref: "AB12" },
    });
    const params = new URLSearchParams(query);
    expect(await shopify.utils.validateHmac(params, { signator: "appProxy" })).toBe(true);
    params.set("logged_in_customer_id", "1");
    expect(await shopify.utils.validateHmac(params, { signator: "appProxy" })).toBe(false);
  });

  it("are refused when forged, stale, replayed, duplicated or carrying another body", () => {
    const body = '{"rewardId":"r1"}';
    const fresh = () =>
      php<string>({ op: "signed_query", params: { store: "shop_42", wp_user_id: "1" }, body, now: now() });
    const secret = SECRET;

    const forged = new URLSearchParams(fresh());
    forged.set("store", "shop_43");
    expect(verifyPluginRequest(urlWith(forged.toString()), { secret, body })).toEqual({
      ok: false,
      reason: "bad-signature",
    });

    const otherKey = crypto.randomBytes(32).toString("hex");
    expect(verifyPluginRequest(urlWith(fresh()), { secret: otherKey, body })).toMatchObject({
      reason: "bad-signature",
    });

    const stale = php<string>({
      op: "signed_query",
      params: { store: "shop_42", wp_user_id: "1" },
      body,
      now: now() - 91,
    });
    expect(verifyPluginRequest(urlWith(stale), { secret, body })).toMatchObject({ reason: "stale" });

    expect(verifyPluginRequest(urlWith(`${fresh()}&store=shop_42`), { secret, body })).toMatchObject({
      reason: "duplicate-parameter",
    });

    expect(verifyPluginRequest(urlWith(fresh()), { secret, body: '{"rewardId":"r2"}' })).toMatchObject({
      reason: "body-mismatch",
    });
    expect(verifyPluginRequest(urlWith(fresh()), { secret })).toMatchObject({ reason: "body-mismatch" });

    const replay = new ReplayGuard();
    const once = fresh();
    expect(verifyPluginRequest(urlWith(once), { secret, body, replay }).ok).toBe(true);
    expect(verifyPluginRequest(urlWith(once), { secret, body, replay })).toMatchObject({ reason: "replay" });
    // Same parameters in the same second still differ, thanks to request_id.
    expect(verifyPluginRequest(urlWith(fresh()), { secret, body, replay }).ok).toBe(true);
  });

  it("a request signed by the reference's signParams verifies, and a tampered one does not", () => {
    const signed = signParams(new URLSearchParams({ store: "x", timestamp: String(now()), wp_user_id: "0" }), SECRET);
    expect(verifyPluginRequest(urlWith(signed.toString()), { secret: SECRET }).ok).toBe(true);
    signed.set("wp_user_id", "1");
    expect(verifyPluginRequest(urlWith(signed.toString()), { secret: SECRET }).ok).toBe(false);
  });
});

describe("connect proof and dashboard token from the PHP signer", () => {
  it("the connect proof is hex(hmac_sha256(secret, 'connect-proof:' + nonce))", () => {
    const nonce = crypto.randomBytes(24).toString("base64url");
    expect(php<string>({ op: "connect_proof", nonce })).toBe(connectProof(SECRET, nonce));
    expect(connectProof(SECRET, nonce)).toBe(
      crypto.createHmac("sha256", SECRET).update(`connect-proof:${nonce}`).digest("hex"),
    );
  });

  it("the dashboard token verifies once, carries shop, user and a 60-second lifetime, and expires", () => {
    const iat = now();
    const token = php<string>({
      op: "dashboard_token",
      shop: "shop_42",
      user_id: 1,
      email: "admin@example.test",
      now: iat,
    });
    const used = new UsedTokenIds();
    const first = verifyDashboardToken(token, { secret: SECRET, shop: "shop_42", used, now: iat });
    expect(first).toMatchObject({
      ok: true,
      claims: { v: 1, shop: "shop_42", wp_user_id: 1, wp_user_email: "admin@example.test", iat, exp: iat + 60 },
    });
    expect(verifyDashboardToken(token, { secret: SECRET, used, now: iat + 1 })).toMatchObject({ reason: "reused" });
    expect(verifyDashboardToken(token, { secret: SECRET, used: new UsedTokenIds(), now: iat + 60 })).toMatchObject({
      reason: "expired",
    });
    expect(
      verifyDashboardToken(token, { secret: SECRET, shop: "shop_43", used: new UsedTokenIds(), now: iat }),
    ).toMatchObject({ reason: "wrong-shop" });
    const [payload, mac] = token.split(".");
    const raised = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, "base64url").toString()), exp: iat + 3600 }),
    ).toString("base64url");
    expect(verifyDashboardToken(`${raised}.${mac}`, { secret: SECRET, used: new UsedTokenIds() })).toMatchObject({
      reason: "bad-signature",
    });
  });
});
