// The real WordPress + WooCommerce store for tests that need it:
//
//   const wp = await useWordPress();     // top level of a test file, or in beforeAll
//   await wp.fixtures.createOrder({ line_items: [{ product_id, quantity: 1 }] });
//   await wp.runQueue();                 // deliver the queued webhooks now
//
// One store per vitest run, started by the first test file that calls useWordPress() (the
// others wait for it) and stopped when the run ends (tests/setup/wordpress.ts). Test files share
// it: make your own fixtures, and do not count on totals. A second run at the same time gets a
// store of its own (own folder, ports and MariaDB). With WPSTACK_ENV=<a wpstack.env file> the
// tests use that already running store instead (npm run wp:start prints its path).
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { inject } from "vitest";
import { readStackEnv, startStack, stopStack, workDirFor } from "../../scripts/wordpress-stack.mjs";
import { WooFixtures, WooRest } from "./wordpress-rest";

export interface WordPressLogin {
  username: string;
  password: string;
  email: string;
}

export interface MailLogEntry {
  time: string;
  to: string | string[];
  subject: string;
}

export interface WordPress {
  /** http://127.0.0.1:<port>, the site's own URL. */
  url: string;
  consumerKey: string;
  consumerSecret: string;
  /** The WordPress admin (manage_woocommerce; logs in at /wp-login.php, approves wc-auth). */
  admin: WordPressLogin;
  /** The seeded customers anna and bram. */
  customers: WordPressLogin[];
  /** WooCommerce REST API v3 with the admin's read_write key. */
  rest: WooRest;
  /** Products, customers, orders, refunds, trash/delete, webhooks. */
  fixtures: WooFixtures;
  /** Runs the due webhook deliveries now (or every due action with "all"); the action ids run. */
  runQueue(hook?: string): Promise<number[]>;
  /** Runs a PHP function body inside the store (WordPress loaded, as the admin); its return value, from JSON. */
  php<T = unknown>(code: string, options?: { memoryLimit?: string }): Promise<T>;
  /** Turns HPOS (WooCommerce's order tables) on or off, syncing the orders across first. */
  setHpos(enabled: boolean): Promise<{ was: boolean; enabled: boolean; pendingSync: number }>;
  /** The mails WordPress "sent" (the test store writes them to a file instead). */
  mails(): MailLogEntry[];
  /** The store's folder: site/, logs/ (wp-debug.log, php-errors.log, mail.jsonl), run/. */
  workDir: string;
  siteDir: string;
}

const EVAL = path.resolve(__dirname, "..", "wordpress-stack", "wp-eval.php");

/** An error that prints as one line: the reason, with its fix. */
function oneLine(message: string) {
  const e = new Error(message);
  e.stack = `Error: ${message}`;
  return e;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The first caller of the run starts the store; the rest wait for its result. An exclusive
// create of the "starting" file decides who is first, across the run's worker processes.
async function runStore(runDir: string): Promise<Record<string, string>> {
  const ready = path.join(runDir, "harness-ready.json");
  const failed = path.join(runDir, "harness-failed.txt");
  let first = false;
  try {
    fs.writeFileSync(path.join(runDir, "harness-starting"), String(process.pid), { flag: "wx" });
    first = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
  }
  if (first) {
    try {
      const settings = await startStack({ workDir: runDir, fresh: true });
      fs.writeFileSync(`${ready}.tmp`, JSON.stringify(settings));
      fs.renameSync(`${ready}.tmp`, ready);
      return settings;
    } catch (e) {
      fs.writeFileSync(failed, (e as Error).message);
      throw oneLine((e as Error).message);
    }
  }
  const deadline = Date.now() + 300_000;
  for (;;) {
    if (fs.existsSync(ready)) return JSON.parse(fs.readFileSync(ready, "utf8"));
    if (fs.existsSync(failed)) throw oneLine(fs.readFileSync(failed, "utf8"));
    if (Date.now() > deadline) throw oneLine(`the real WordPress store did not start within 300 s (${runDir})`);
    await sleep(200);
  }
}

function settingsFromEnvFile(file: string): Record<string, string> {
  const workDir = path.dirname(path.resolve(file));
  const settings = readStackEnv(workDir);
  if (!settings) throw oneLine(`WPSTACK_ENV=${file}: no such wpstack.env (start the store with npm run wp:start)`);
  const phpIni = path.join(workDir, "php.d");
  return {
    ...settings,
    WORK_DIR: workDir,
    SITE_DIR: path.join(workDir, "site"),
    ...(fs.existsSync(phpIni) ? { PHP_INI_SCAN_DIR: `${path.delimiter}${phpIni}` } : {}),
  };
}

let store: Promise<Record<string, string>> | undefined;

/** The run's real WordPress store, started on first use. */
export async function useWordPress(): Promise<WordPress> {
  if (!store) {
    if (process.env.WPSTACK_ENV) store = Promise.resolve().then(() => settingsFromEnvFile(process.env.WPSTACK_ENV!));
    else {
      const runDir = inject("wordpressRunDir");
      if (!runDir) throw oneLine("useWordPress() needs tests/setup/wordpress.ts among the vitest config's globalSetup");
      store = runStore(runDir);
    }
  }
  return wordPressFrom(await store);
}

/**
 * A store of the test file's own, for tests that must see the whole store: figures over every
 * order, or switching HPOS (which would disturb other files' fixtures on the shared store).
 * Costs a start (5-10 s); call stop() in afterAll.
 */
export async function startPrivateWordPress(name: string): Promise<{ wp: WordPress; stop(): void }> {
  const workDir = workDirFor(`${name}-${process.pid}`);
  const settings = await startStack({ workDir, fresh: true });
  return {
    wp: wordPressFrom(settings),
    stop() {
      stopStack(workDir);
      fs.rmSync(workDir, { recursive: true, force: true });
    },
  };
}

function wordPressFrom(s: Record<string, string>): WordPress {
  const rest = new WooRest(s.WP_URL, s.WC_CONSUMER_KEY, s.WC_CONSUMER_SECRET);
  const php = async <T>(code: string, { memoryLimit = "1G" } = {}): Promise<T> => {
    const child = spawn("php", ["-d", `memory_limit=${memoryLimit}`, "-d", "display_errors=stderr", EVAL, s.SITE_DIR], {
      env: {
        ...process.env,
        WP_URL: s.WP_URL,
        ...(s.PHP_INI_SCAN_DIR ? { PHP_INI_SCAN_DIR: s.PHP_INI_SCAN_DIR } : {}),
      },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.stdin.end(code);
    const status = await new Promise<number | null>((resolve) => child.on("close", resolve));
    const marker = out.lastIndexOf("\n--wp-eval-result--\n");
    if (status !== 0 || marker < 0) {
      throw new Error(`PHP in the store failed (exit ${status}): ${(err || out).trim().slice(-1000)}`);
    }
    return JSON.parse(out.slice(marker + "\n--wp-eval-result--\n".length)) as T;
  };
  const customers = (s.WP_CUSTOMER_USERS ?? "").split(",").filter(Boolean);
  return {
    url: s.WP_URL,
    consumerKey: s.WC_CONSUMER_KEY,
    consumerSecret: s.WC_CONSUMER_SECRET,
    admin: { username: s.WP_ADMIN_USER, password: s.WP_ADMIN_PASSWORD, email: "admin@example.test" },
    customers: customers.map((u) => ({ username: u, password: s.WP_CUSTOMER_PASSWORD, email: `${u}@example.test` })),
    rest,
    fixtures: new WooFixtures(rest),
    async runQueue(hook) {
      const r = await rest.ok<{ processed: number[] }>("POST", "/run-queue", undefined, {
        namespace: "wc-wpstack/v1",
        query: hook ? { hook } : undefined,
      });
      return r.processed;
    },
    php,
    setHpos(enabled) {
      // WooCommerce refuses to switch the authoritative order tables while orders are out of
      // sync: turn sync on, sync everything, switch, and put sync back as it was.
      return php(`
        use Automattic\\WooCommerce\\Internal\\DataStores\\Orders\\DataSynchronizer;
        use Automattic\\WooCommerce\\Internal\\Features\\FeaturesController;
        use Automattic\\WooCommerce\\Utilities\\OrderUtil;
        $was = OrderUtil::custom_orders_table_usage_is_enabled();
        $sync = wc_get_container()->get( DataSynchronizer::class );
        $was_syncing = get_option( DataSynchronizer::ORDERS_DATA_SYNC_ENABLED_OPTION );
        update_option( DataSynchronizer::ORDERS_DATA_SYNC_ENABLED_OPTION, 'yes' );
        while ( $batch = $sync->get_next_batch_to_process( 250 ) ) {
          $sync->process_batch( $batch );
        }
        $ok = wc_get_container()->get( FeaturesController::class )->change_feature_enable( 'custom_order_tables', ${enabled ? "true" : "false"} );
        update_option( DataSynchronizer::ORDERS_DATA_SYNC_ENABLED_OPTION, $was_syncing ?: 'no' );
        return array( 'was' => $was, 'enabled' => OrderUtil::custom_orders_table_usage_is_enabled(), 'pendingSync' => $sync->get_total_pending_count() );
      `);
    },
    mails() {
      const file = s.WPSTACK_MAIL_LOG;
      if (!file || !fs.existsSync(file)) return [];
      return fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as MailLogEntry);
    },
    workDir: s.WORK_DIR,
    siteDir: s.SITE_DIR,
  };
}
