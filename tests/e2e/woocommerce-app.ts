// Shared setup of the WooCommerce end-to-end tests (real WordPress, Chromium): the app's
// production build on loopback behind an https front (WooCommerce sends keys only to an https
// callback; the test store's mu-plugin accepts the self-signed certificate for loopback), its own
// database, and the plugin installed from its zip through WordPress's installer with a shop manager.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import type { Page } from "playwright-core";
import { createDb, type Db } from "~/db/client.server";
import { migratePostgres } from "../../scripts/pg-migrate.mjs";
import { buildPluginZip } from "../../scripts/build-wp-plugin.mjs";
import { dropTestDatabase, POSTGRES_URL, testDatabaseKind } from "../helpers/db";
import type { WordPress } from "../helpers/wordpress";
import { freePort } from "../wordpress-plugin/wp-stack";

const root = path.resolve(__dirname, "..", "..");
export const PLUGIN = "retention-for-woocommerce/retention-for-woocommerce.php";

/** An https front for the app's http port: WooCommerce posts keys only to an https callback. */
async function httpsFront(targetPort: number): Promise<https.Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "e2e-woo-cert-"));
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
    "-addext", "subjectAltName=IP:127.0.0.1",
    "-keyout", path.join(dir, "key.pem"), "-out", path.join(dir, "cert.pem"),
  ], { stdio: "ignore" }); // prettier-ignore
  const srv = https.createServer(
    { key: fs.readFileSync(path.join(dir, "key.pem")), cert: fs.readFileSync(path.join(dir, "cert.pem")) },
    (req, res) => {
      const upstream = http.request(
        { host: "127.0.0.1", port: targetPort, path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on("error", () => res.writeHead(502).end());
      req.pipe(upstream);
    },
  );
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  return srv;
}

async function freshDatabase(name: string): Promise<string> {
  if (testDatabaseKind() === "postgresql") {
    const url = `${POSTGRES_URL}?schema=e2e_woo_${crypto.randomBytes(4).toString("hex")}`;
    await migratePostgres(url, path.join(root, "prisma/postgresql/migrations"), () => {});
    return url;
  }
  const file = path.join(root, ".tmp", name, "app.sqlite");
  fs.rmSync(file, { force: true });
  const url = `file:${file}`;
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url },
    stdio: "ignore",
  });
  return url;
}

export interface WooApp {
  /** https://127.0.0.1:<port>, the app's public address. */
  appUrl: string;
  /** The app's database, for assertions (and for moving time along, said where it is done). */
  db: Db;
  apiSecret: string;
  serverLog: string;
  stop(): Promise<void>;
}

/** Starts the built app (server.mjs) with a fresh database under .tmp/<name>/, behind an https front. */
export async function startWooApp(name: string): Promise<WooApp> {
  const serverLog = path.join(root, ".tmp", name, "server.log");
  fs.mkdirSync(path.dirname(serverLog), { recursive: true });
  const apiSecret = `e2e-woo-${crypto.randomBytes(8).toString("hex")}`;
  const databaseUrl = await freshDatabase(name);
  const db = createDb(databaseUrl);
  const port = await freePort();
  const front = await httpsFront(port);
  const appUrl = `https://127.0.0.1:${(front.address() as AddressInfo).port}`;
  const log = fs.openSync(serverLog, "w");
  const server: ChildProcess = spawn(process.execPath, ["server.mjs"], {
    cwd: root,
    stdio: ["ignore", log, log],
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== "REDIS_URL")),
      // "test": loopback stores are refused in production (app/env.server.ts).
      NODE_ENV: "test",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DEMO_MODE: "0",
      SHOPIFY_API_KEY: "e2e-woo-api-key",
      SHOPIFY_API_SECRET: apiSecret,
      SHOPIFY_APP_URL: appUrl,
      WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "1",
    },
  });
  for (const deadline = Date.now() + 60_000; ;) {
    const status = await fetch(`http://127.0.0.1:${port}/woocommerce/logout`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) break;
    if (Date.now() > deadline) throw new Error(`the app did not start; see ${serverLog}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    appUrl,
    db,
    apiSecret,
    serverLog,
    async stop() {
      server.kill("SIGTERM");
      front.close();
      await db.$disconnect();
      await dropTestDatabase(databaseUrl);
    },
  };
}

/** Installs the plugin from its zip (as a merchant gets it) after removing any earlier copy and its options, and adds a shop manager. */
export async function installPluginWithManager(wp: WordPress, zipName: string) {
  const manager = {
    login: `manager_${crypto.randomBytes(3).toString("hex")}`,
    password: crypto.randomBytes(12).toString("hex"),
  };
  const zip = path.join(wp.workDir, zipName);
  fs.writeFileSync(zip, await buildPluginZip());
  await wp.php(`
    foreach ( array( 'plugin', 'file', 'misc', 'class-wp-upgrader' ) as $inc ) require_once ABSPATH . "wp-admin/includes/$inc.php";
    delete_transient( '_wc_activation_redirect' );
    deactivate_plugins( '${PLUGIN}', true );
    delete_plugins( array( '${PLUGIN}' ) );
    foreach ( array( 'retention_app_url', 'retention_plugin_secret', 'retention_shop_id', 'retention_connection', 'retention_settings_cache' ) as $o ) delete_option( $o );
    $upgrader = new Plugin_Upgrader( new Automatic_Upgrader_Skin() );
    if ( true !== $upgrader->install( ${JSON.stringify(zip)} ) ) throw new Exception( 'plugin install failed' );
    $activated = activate_plugin( '${PLUGIN}' );
    if ( is_wp_error( $activated ) ) throw new Exception( $activated->get_error_message() );
    $id = wp_insert_user( array( 'user_login' => '${manager.login}', 'user_pass' => '${manager.password}',
      'user_email' => '${manager.login}@example.test', 'role' => 'shop_manager' ) );
    if ( is_wp_error( $id ) ) throw new Exception( $id->get_error_message() );
    return $id;
  `);
  return manager;
}

export const retentionPage = `/wp-admin/admin.php?page=retention`;

/** Signs in to WordPress in the page's context. */
export async function signInToWordPress(page: Page, wp: WordPress, login: string, password: string) {
  await page.goto(`${wp.url}/wp-login.php`);
  await page.fill("#user_login", login);
  await page.fill("#user_pass", password);
  await page.click("#wp-submit");
  await page.waitForLoadState("load");
}

/** The shop manager (signed in on `page`) saves the app's address and approves WooCommerce's key request. */
export async function connectStore(page: Page, wp: WordPress, appUrl: string) {
  await page.goto(`${wp.url}${retentionPage}`);
  await page.fill("#retention_app_url", appUrl);
  await page.click("form:has(#retention_app_url) [type=submit]");
  await page.waitForSelector('[data-retention-notice="saved"]');
  await page.click("#retention-connect");
  await page.waitForURL(/\/wc-auth\/v1\/authorize/);
  await page.click("a.wc-auth-approve");
  await page.waitForURL(/page=retention/, { timeout: 150_000 });
  await page.waitForSelector('[data-retention-state="connected"]');
}

/** Polls until `check` returns a value other than null/undefined (expect.poll only works inside a test). */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined>, timeoutMs = 120_000) {
  for (const deadline = Date.now() + timeoutMs; ;) {
    const value = await check();
    if (value !== null && value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
