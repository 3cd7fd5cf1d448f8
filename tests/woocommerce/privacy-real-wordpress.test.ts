// "Nothing leaked" on WooCommerce: a shopper's privacy requests run through WordPress's own tools
// (Tools > Export / Erase Personal Data: wp_create_user_request, then the admin-ajax pages the
// tools' buttons post, exporter by exporter and page by page) on the real WordPress 7 +
// WooCommerce 11 store with the plugin active and connected to the app's real routes (served on
// loopback from this process, against the test database).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { startPrivateWordPress, type WordPress } from "../helpers/wordpress";
import { Browser, decodeHtml } from "../wordpress-plugin/wp-stack";
import { newPluginSecret } from "./plugin";

const { db } = await useAppEnv();
const routes: Record<string, { action?: (args: never) => unknown; loader?: (args: never) => unknown }> = {
  "/api/woocommerce/plugin/privacy/export": await import("~/routes/api.woocommerce.plugin.privacy.export"),
  "/api/woocommerce/plugin/privacy/erase": await import("~/routes/api.woocommerce.plugin.privacy.erase"),
  "/api/woocommerce/plugin/settings": await import("~/routes/api.woocommerce.plugin.settings"),
  "/api/woocommerce/plugin/status": await import("~/routes/api.woocommerce.plugin.status"),
};
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { ensureAccount, balanceFor } = await import("~/models/loyalty-ledger.server");
const { syncWooCommerce } = await import("~/workflows/sync/woocommerce-sync.server");
const { createWooClient } = await import("~/platforms/woocommerce/rest-client.server");
const { putWooCustomerMeta } = await import("~/platforms/woocommerce/customer-meta.server");
const { listDataRequests } = await import("~/models/compliance.server");
const { getJobQueue } = await import("~/jobs/queue.server");

// A real site on two shared cores: each admin-ajax page loads all of WordPress.
vi.setConfig({ testTimeout: 180_000 });

const PLUGIN = "retention-for-woocommerce/retention-for-woocommerce.php";
let wp: WordPress;
let stopWordPress: () => void;
let app: http.Server;
let admin: Browser;
let shopId: string;
const appRequests: { path: string; status: number }[] = [];

/** The app's plugin routes on loopback: the plugin in the store calls them as it would call the app. */
async function startAppRoutes(): Promise<http.Server> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? "/", TEST_APP_URL);
    const route = routes[url.pathname];
    const handler = req.method === "POST" ? route?.action : route?.loader;
    let answer: Response;
    try {
      answer = handler
        ? ((await callRoute(
            handler,
            new Request(url, {
              method: req.method,
              headers: { "content-type": String(req.headers["content-type"] ?? "application/json") },
              body: req.method === "POST" ? Buffer.concat(chunks).toString("utf8") : undefined,
            }),
          )) as Response)
        : Response.json({ error: "not found" }, { status: 404 });
    } catch (e) {
      answer = Response.json({ error: String(e) }, { status: 500 });
    }
    appRequests.push({ path: url.pathname, status: answer.status });
    res.writeHead(answer.status, { "content-type": "application/json" });
    res.end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

beforeAll(async () => {
  app = await startAppRoutes();
  ({ wp, stop: stopWordPress } = await startPrivateWordPress("woopriv"));
  const pluginSecret = newPluginSecret();
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: wp.url, pluginSecret, pluginVersion: "0.1.0" },
    { keyId: "1", consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret, permissions: "read_write" },
    { name: "Privacy shop", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
  // The plugin as in the repository, activated and connected (the options the connect flow leaves).
  fs.cpSync(
    path.resolve(__dirname, "../../extensions/retention-woocommerce"),
    path.join(wp.siteDir, "wp-content/plugins/retention-for-woocommerce"),
    { recursive: true },
  );
  await wp.php(`
    require_once ABSPATH . 'wp-admin/includes/plugin.php';
    delete_transient( '_wc_activation_redirect' ); // a new store's first admin page would go to the setup wizard
    $activated = activate_plugin( '${PLUGIN}' );
    if ( is_wp_error( $activated ) ) throw new Exception( $activated->get_error_message() );
    update_option( 'retention_app_url', 'http://127.0.0.1:${(app.address() as AddressInfo).port}', false );
    update_option( 'retention_plugin_secret', '${pluginSecret}', false );
    update_option( 'retention_shop_id', '${shopId}' );
    update_option( 'retention_connection', array( 'status' => 'connected', 'connected_at' => time(), 'last_error' => null ), false );
    return true;
  `);
  admin = await new Browser(wp.url).login(wp.admin.username, wp.admin.password);
}, 300_000);

afterAll(async () => {
  stopWordPress?.();
  await new Promise((resolve) => app?.close(resolve));
  await (await getJobQueue()).close();
});

/** A store customer who joined the loyalty program, with a paid order synced into the app (points), an NPS answer and the win-back meta on their account. */
async function shopper(email: string) {
  const made = await wp.fixtures.createCustomer({ email, first_name: "Sanne", last_name: "de Vries" });
  const customerId = `woo-${made.id}`;
  await db.customer.create({ data: { shopId, id: customerId, email } });
  await ensureAccount(db, shopId, customerId, { since: new Date(Date.now() - 86_400_000) });
  const product = await wp.fixtures.createProduct({ regular_price: "24.95", virtual: true });
  const order = await wp.fixtures.createOrder({
    customer_id: made.id,
    status: "completed",
    set_paid: true,
    billing: { email, first_name: "Sanne", last_name: "de Vries" },
    line_items: [{ product_id: product.id, quantity: 2 }],
  });
  const client = createWooClient({ baseUrl: wp.url, consumerKey: wp.consumerKey, consumerSecret: wp.consumerSecret });
  await syncWooCommerce({ db, client }, shopId);
  await db.surveyAnswer.create({
    data: { shopId, customerId, orderId: `woo-${order.id}`, score: 10, comment: "Altijd snel geleverd" },
  });
  // What the win-back push writes (the same adapter), next to the merchant's own meta.
  await putWooCustomerMeta(client, customerId, { retention_segment: "inactive", retention_churn_risk: "high" });
  await wp.rest.put(`/customers/${made.id}`, { meta_data: [{ key: "favourite_colour", value: "blue" }] });
  return { id: made.id as number, customerId, email, orderId: `woo-${order.id}` };
}

/** A confirmed privacy request, as Tools > Export / Erase Personal Data adds it. */
const createRequest = (email: string, action: "export_personal_data" | "remove_personal_data") =>
  wp.php<number>(`
    $id = wp_create_user_request( ${JSON.stringify(email)}, '${action}', array(), 'confirmed' );
    if ( is_wp_error( $id ) ) throw new Exception( $id->get_error_message() );
    return $id;
  `);

/** The nonce the tool's page gives the request's button (a busy store's page load may fail: tried three times). */
async function buttonNonce(page: string, requestId: number) {
  let last = "";
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await admin.request(`/wp-admin/${page}`);
    const nonce = res.text.match(new RegExp(`data-request-id="${requestId}"\\s+data-nonce="([0-9a-f]+)"`))?.[1];
    if (nonce) return nonce;
    last = `HTTP ${res.status} ${res.location ?? ""} ${res.text.slice(0, 300)}`;
  }
  throw new Error(`no button for request ${requestId} on ${page}: ${last}`);
}

interface AjaxAnswer<T> {
  success: boolean;
  data: T;
}

/** What the tool's script does: every exporter or eraser in turn, page by page until it is done. */
async function runTool<T extends { done: boolean }>(
  kind: "export" | "erase",
  requestId: number,
  nonce: string,
): Promise<{ name: string; pages: T[] }[]> {
  const list = kind === "export" ? "wp_privacy_personal_data_exporters" : "wp_privacy_personal_data_erasers";
  const names = await wp.php<string[]>(
    `return array_values( array_map( fn( $x ) => $x['${kind === "export" ? "exporter" : "eraser"}_friendly_name'], apply_filters( '${list}', array() ) ) );`,
  );
  const out: { name: string; pages: T[] }[] = [];
  for (const [i, name] of names.entries()) {
    const pages: T[] = [];
    for (let page = 1; ; page++) {
      const res = await admin.request("/wp-admin/admin-ajax.php", {
        form: {
          action: kind === "export" ? "wp-privacy-export-personal-data" : "wp-privacy-erase-personal-data",
          [kind === "export" ? "exporter" : "eraser"]: String(i + 1),
          id: String(requestId),
          page: String(page),
          security: nonce,
          ...(kind === "export" ? { sendAsEmail: "false" } : {}),
        },
      });
      const answer = JSON.parse(res.text) as AjaxAnswer<T>;
      if (!answer.success) throw new Error(`${name}, page ${page}: ${res.text}`);
      pages.push(answer.data);
      if (answer.data.done || page > 50) break;
    }
    out.push({ name, pages });
  }
  return out;
}

type ExportItem = { group_id: string; item_id: string; data: { name: string; value: string }[] };
type ExportPage = { done: boolean; data: ExportItem[]; url?: string };
type ErasePage = { done: boolean; items_removed: boolean; items_retained: boolean; messages: string[] };
const RETENTION = "Retention (loyalty points, referrals, surveys)";

const userMeta = (id: number) => wp.php<string[]>(`return array_keys( (array) get_user_meta( ${id} ) );`);

describe("Tools > Export Personal Data", () => {
  it("the export holds the app's points, points history, referral code, survey answer and order copy, and the app records the data request for Settings", async () => {
    const s = await shopper(`export-${Date.now()}@example.nl`);
    const { available, pending } = await balanceFor(db, shopId, s.customerId);
    expect(available + pending).toBeGreaterThan(0); // the synced order earned points
    const account = await db.loyaltyAccount.findUniqueOrThrow({
      where: { shopId_customerId: { shopId, customerId: s.customerId } },
    });

    const requestId = await createRequest(s.email, "export_personal_data");
    const run = await runTool<ExportPage>(
      "export",
      requestId,
      await buttonNonce("export-personal-data.php", requestId),
    );
    const ours = run.find((r) => r.name === RETENTION);
    expect(ours, "the plugin's exporter is among WordPress's exporters").toBeDefined();
    const items = ours!.pages.flatMap((p) => p.data);
    const value = (group: string, name: string) =>
      items
        .filter((i) => i.group_id === group)
        .flatMap((i) => i.data.filter((d) => d.name === name).map((d) => d.value));
    expect(value("retention-loyalty", "Points available")).toEqual([String(available)]);
    expect(value("retention-loyalty", "Points pending")).toEqual([String(pending)]);
    expect(value("retention-loyalty", "Referral code")).toEqual([account.referralCode]);
    const history = await db.loyaltyEntry.findMany({ where: { shopId, customerId: s.customerId } });
    expect(items.filter((i) => i.group_id === "retention-points-history")).toHaveLength(history.length);
    expect(value("retention-points-history", "Points").sort()).toEqual(history.map((e) => String(e.points)).sort());
    expect(value("retention-surveys", "Comment")).toEqual(["Altijd snel geleverd"]);
    expect(value("retention-orders", "Order")).toEqual([s.orderId.replace("woo-", "")]);
    expect(value("retention-orders", "Total")).toEqual(["49.90 EUR"]);

    // WordPress made the export file from every exporter's pages: ours is in its export.json.
    const url = run.at(-1)!.pages.at(-1)!.url;
    expect(url).toMatch(/wp-personal-data-exports\/.+\.zip$/);
    const zip = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "woopriv-")), "export.zip");
    fs.writeFileSync(zip, Buffer.from(await (await fetch(url!)).arrayBuffer()));
    const exportJson = execFileSync("unzip", ["-p", zip, "export.json"], { encoding: "utf8" });
    expect(exportJson).toContain("Loyalty points");
    expect(exportJson).toContain(account.referralCode);
    expect(exportJson).toContain("Altijd snel geleverd");

    // The merchant finds the request in the app's Settings, with the data it answered.
    const listed = await listDataRequests(db, shopId);
    expect(listed).toContainEqual(
      expect.objectContaining({ id: `wp-export-${requestId}`, email: s.email, available: true }),
    );
  });
});

describe("Tools > Erase Personal Data", () => {
  it("erases the shopper in the app (orders, points, codes, survey answer, no trace of the e-mail) and the app's meta on the WordPress user; the merchant's own meta stays", async () => {
    const s = await shopper(`erase-${Date.now()}@example.nl`);
    const other = await shopper(`keep-${Date.now()}@example.nl`);
    expect(await userMeta(s.id)).toEqual(expect.arrayContaining(["retention_segment", "retention_churn_risk"]));

    const requestId = await createRequest(s.email, "remove_personal_data");
    const nonce = await buttonNonce("erase-personal-data.php", requestId);
    const run = await runTool<ErasePage>("erase", requestId, nonce);
    const ours = run.find((r) => r.name === RETENTION)!;
    expect(ours.pages).toEqual([
      expect.objectContaining({
        done: true,
        items_removed: true,
        messages: [expect.stringMatching(/order copies: 1, loyalty records: \d+, survey answers: 1\./)],
      }),
    ]);
    // WordPress marks the request complete once the last eraser is done.
    expect(await wp.php<string>(`return get_post_status( ${requestId} );`)).toBe("request-completed");

    // The app: nothing of the shopper's in any row of the shop; orders erased as Shopify's customers/redact does.
    expect(await db.order.count({ where: { shopId, id: s.orderId } })).toBe(0);
    expect(await db.customer.count({ where: { shopId, id: s.customerId } })).toBe(0);
    for (const table of ["loyaltyAccount", "loyaltyEntry", "surveyAnswer", "rewardCode", "segmentPush"] as const)
      expect(
        await (db[table] as unknown as { count(a: object): Promise<number> }).count({
          where: { shopId, customerId: s.customerId },
        }),
      ).toBe(0);
    const customerRows = await db.customer.findMany({ where: { shopId }, select: { email: true } });
    expect(customerRows.map((c) => c.email)).not.toContain(s.email);
    const logs = await db.complianceRequest.findMany({ where: { shopId } });
    expect(JSON.stringify(logs)).not.toContain(s.email);
    expect(logs).toContainEqual(expect.objectContaining({ id: `wp-erase-${requestId}`, kind: "customers/redact" }));
    // The other shopper keeps everything.
    expect(await db.order.count({ where: { shopId, id: other.orderId } })).toBe(1);
    expect(await db.loyaltyEntry.count({ where: { shopId, customerId: other.customerId } })).toBeGreaterThan(0);

    // WordPress: the app's meta is gone from the user, the merchant's and the other shopper's stay.
    const left = await userMeta(s.id);
    expect(left.filter((k) => k.startsWith("retention_"))).toEqual([]);
    expect(left).toContain("favourite_colour");
    expect(await userMeta(other.id)).toEqual(expect.arrayContaining(["retention_segment", "favourite_colour"]));

    // The same request run again (the admin clicks again): the app answers it once, nothing more to remove.
    const again = await runTool<ErasePage>("erase", requestId, nonce);
    expect(again.find((r) => r.name === RETENTION)!.pages).toEqual([
      expect.objectContaining({
        done: true,
        items_removed: false,
        messages: [expect.stringMatching(/already erased/)],
      }),
    ]);
    expect(await db.complianceRequest.count({ where: { shopId, kind: "customers/redact" } })).toBe(1);
    // Every call the plugin made was verified and answered.
    expect(appRequests.filter((r) => r.path.includes("/privacy/")).every((r) => r.status === 200)).toBe(true);
  });

  it("an e-mail the app does not know: nothing erased, the request still completes", async () => {
    const requestId = await createRequest(`stranger-${Date.now()}@example.nl`, "remove_personal_data");
    const run = await runTool<ErasePage>("erase", requestId, await buttonNonce("erase-personal-data.php", requestId));
    expect(run.find((r) => r.name === RETENTION)!.pages).toEqual([
      expect.objectContaining({ done: true, items_removed: false, items_retained: false }),
    ]);
    expect(await wp.php<string>(`return get_post_status( ${requestId} );`)).toBe("request-completed");
  });

  it("the app unreachable: the eraser reports the error and the request is not marked complete", async () => {
    const email = `offline-${Date.now()}@example.nl`;
    const requestId = await createRequest(email, "remove_personal_data");
    const nonce = await buttonNonce("erase-personal-data.php", requestId);
    const url = await wp.php<string>(
      `$u = get_option( 'retention_app_url' ); update_option( 'retention_app_url', 'http://127.0.0.1:9' ); return $u;`,
    );
    try {
      await expect(runTool<ErasePage>("erase", requestId, nonce)).rejects.toThrow(/Retention could not erase/);
    } finally {
      await wp.php(`update_option( 'retention_app_url', ${JSON.stringify(url)} ); return true;`);
    }
    expect(await wp.php<string>(`return get_post_status( ${requestId} );`)).toBe("request-confirmed");
  });
});

describe("privacy policy guide", () => {
  it("Settings > Privacy > Policy Guide suggests the plugin's text naming what the app receives, in Dutch on a Dutch site", async () => {
    const guide = async () => decodeHtml((await admin.request("/wp-admin/privacy-policy-guide.php")).text);
    const en = await guide();
    expect(en).toContain("Retention for WooCommerce");
    expect(en).toContain("your orders (order number, date, amounts, refunds, payment status)");
    expect(en).toContain("meta data starting with retention_");
    // WordPress accepts a site language only when its core translation is installed; a
    // header-only catalogue stands in for the core nl_NL pack (no internet to download it).
    const languages = path.join(wp.siteDir, "wp-content/languages");
    fs.mkdirSync(languages, { recursive: true });
    execFileSync("msgfmt", ["-o", path.join(languages, "nl_NL.mo"), "-"], {
      input: 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\nLanguage: nl_NL\\n"\n',
    });
    await wp.php(`update_option( 'WPLANG', 'nl_NL' ); return true;`);
    try {
      const nl = await guide();
      expect(nl).toContain("De winkel stuurt de app uw bestellingen (bestelnummer, datum, bedragen");
      expect(nl).toContain("metagegevens die beginnen met retention_");
    } finally {
      await wp.php(`update_option( 'WPLANG', '' ); return true;`);
    }
  });
});
