// The bench's real WooCommerce store: one kept under .tmp/wordpress/bench and reused, seeded
// once with BENCH_WOO_ORDERS orders (default 20,000) through WooCommerce's own PHP API
// (woocommerce-seed.php, in batches of one PHP process each). Seeding is slow (minutes); a
// later run finds the orders there and only starts the servers.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { readStackEnv, startStack, workDirFor } from "../wordpress-stack.mjs";

const root = path.resolve(import.meta.dirname, "..", "..");
const EVAL = path.join(root, "tests", "wordpress-stack", "wp-eval.php");
const SEED = path.join(import.meta.dirname, "woocommerce-seed.php");
export const BENCH_ORDERS = Number(process.env.BENCH_WOO_ORDERS ?? 20_000);
const CUSTOMERS = Math.round(BENCH_ORDERS / 7);
const BATCH = 500;

export interface BenchStore {
  url: string;
  consumerKey: string;
  consumerSecret: string;
  orders: number;
}

function php(settings: Record<string, string>, code: string, env: Record<string, string> = {}): Promise<unknown> {
  const workDir = settings.WORK_DIR;
  return new Promise((resolve, reject) => {
    const child = spawn(
      "php",
      ["-d", "memory_limit=1G", "-d", "display_errors=stderr", EVAL, path.join(workDir, "site")],
      {
        // Without the store's opcache file cache: a long seeding process crashed in it (SIGSEGV) once.
        env: { ...process.env, ...env, WP_URL: settings.WP_URL },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.stdin.end(code);
    child.on("close", (status) => {
      const marker = out.lastIndexOf("\n--wp-eval-result--\n");
      if (status !== 0 || marker < 0) reject(new Error(`PHP failed (exit ${status}): ${(err || out).slice(-800)}`));
      else resolve(JSON.parse(out.slice(marker + "\n--wp-eval-result--\n".length)));
    });
  });
}

/** Starts (or reuses) the bench store and seeds it up to BENCH_ORDERS orders; progress on stderr. */
export async function benchStore(): Promise<BenchStore> {
  const workDir = workDirFor("bench");
  await startStack({ workDir });
  const settings: Record<string, string> = { ...(readStackEnv(workDir) as Record<string, string>), WORK_DIR: workDir };
  // Batches are marked done one by one (an option per batch) and run a few at a time: each PHP
  // process mostly waits on MariaDB. The first batch runs alone (it creates the customers).
  const done = new Set(
    (await php(
      settings,
      "global $wpdb; return array_map( 'intval', $wpdb->get_col( \"SELECT SUBSTRING(option_name, 23) FROM {$wpdb->options} WHERE option_name LIKE 'retention_bench_batch_%'\" ) );",
    )) as number[],
  );
  // (orders seeded by the earlier one-counter seeder count as done batches)
  const counted = Number(await php(settings, "return (int) get_option( 'retention_bench_orders', 0 );"));
  const pending: number[] = [];
  for (let from = 0; from < BENCH_ORDERS; from += BATCH)
    if (!done.has(from) && from + BATCH > counted) pending.push(from);
  let made = BENCH_ORDERS - pending.length * BATCH;
  const seedBatch = async (from: number) => {
    const to = Math.min(BENCH_ORDERS, from + BATCH);
    const t = performance.now();
    await php(settings, fs.readFileSync(SEED, "utf8"), {
      SEED_FROM: String(from),
      SEED_TO: String(to),
      SEED_TOTAL: String(BENCH_ORDERS),
      SEED_CUSTOMERS: String(CUSTOMERS),
    });
    await php(settings, `update_option( 'retention_bench_batch_${from}', 1, false ); return 1;`);
    made += to - from;
    process.stderr.write(
      `bench store: ${made}/${BENCH_ORDERS} orders seeded (orders ${from}-${to - 1}: ${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
    );
  };
  if (pending[0] === 0) await seedBatch(pending.shift()!);
  const SEEDERS = Number(process.env.BENCH_WOO_SEEDERS ?? 3);
  await Promise.all(
    Array.from({ length: SEEDERS }, async () => {
      for (let from = pending.shift(); from !== undefined; from = pending.shift()) await seedBatch(from);
    }),
  );
  return {
    url: settings.WP_URL,
    consumerKey: settings.WC_CONSUMER_KEY,
    consumerSecret: settings.WC_CONSUMER_SECRET,
    orders: BENCH_ORDERS,
  };
}

if (process.argv[2] === "--seed") console.log(JSON.stringify(await benchStore()));
