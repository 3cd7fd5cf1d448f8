// The environment: the one module that reads process.env (ESLint refuses it elsewhere in app/).
// Each part is parsed with zod on first use and a missing or malformed variable fails with
// its name. The app's part is touched at start-up (shopify.server.ts reads it when loaded),
// so a misconfigured server stops at once; the database part is separate so the Prisma CLI,
// scripts and benchmarks can open a database without the Shopify credentials.
import { z } from "zod";

/** SQLite file of the embedded default (relative to the project root). */
export const DEFAULT_DATABASE_URL = "file:./prisma/dev.sqlite";

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const loopbackStores = z.enum(["0", "1"]).default("0");

function refuseLoopbackStoresInProduction(
  env: { NODE_ENV: string; WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "0" | "1" },
  ctx: z.RefinementCtx,
) {
  if (env.NODE_ENV === "production" && env.WOOCOMMERCE_ALLOW_LOOPBACK_STORES === "1")
    ctx.addIssue({
      code: "custom",
      path: ["WOOCOMMERCE_ALLOW_LOOPBACK_STORES"],
      message: "is for tests only and refused when NODE_ENV=production",
    });
}

const appSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1),
    SHOPIFY_API_SECRET: z.string().min(1),
    SHOPIFY_APP_URL: z.string().url(),
    // Key material for secrets at rest (WooCommerce REST API keys), at least 32 characters.
    // Optional: SHOPIFY_API_SECRET is used when unset (app/crypto/app-key.server.ts).
    APP_ENCRYPTION_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    SCOPES: z.string().optional(),
    REDIS_URL: z.string().url().optional(),
    // "1" in `npm run worker` processes: they process jobs; web processes with Redis only enqueue.
    JOB_WORKER: z.enum(["0", "1"]).default("0"),
    // The BullMQ queue's name in Redis (one Redis may serve several installations, or tests).
    JOB_QUEUE_NAME: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, "letters, digits, - and _ only")
      .default("retention"),
    // Longest wait for Redis to take a job before it is kept in the database outbox instead
    // (webhooks must be answered within Shopify's 5 s), and how often kept jobs are looked for.
    REDIS_ENQUEUE_TIMEOUT_MS: positiveInt(1000),
    OUTBOX_EVERY_MS: positiveInt(30_000),
    // Demo mode: the admin is reachable on localhost without a Shopify login, for the demo shop only.
    DEMO_MODE: z.enum(["0", "1"]).default("0"),
    // Job timing (milliseconds); tests shorten them.
    ANALYTICS_DEBOUNCE_MS: z.coerce.number().int().min(0).default(60_000),
    RECONCILE_EVERY_MS: positiveInt(15 * 60_000),
    BACKFILL_POLL_MS: positiveInt(10_000),
    // Tests only: WooCommerce stores on loopback (the fake and the WordPress test stack) may be
    // connected and reached, over http too. Refused in production (see storeNetworkEnv).
    WOOCOMMERCE_ALLOW_LOOPBACK_STORES: loopbackStores,
    // Backfill write sizes: lines per write batch, and (SQLite) lines per commit. Each commit is
    // a checkpoint a restarted backfill resumes from; larger is faster, smaller redoes less.
    BACKFILL_BATCH_LINES: positiveInt(5_000),
    BACKFILL_COMMIT_LINES: positiveInt(50_000),
    // Orders per page of the WooCommerce sync (WooCommerce allows up to 100). Each page is a
    // watermark a restarted sync resumes from; larger is fewer requests, smaller redoes less.
    WOOCOMMERCE_PAGE_SIZE: z.coerce.number().int().min(1).max(100).default(100),
  })
  .superRefine((env, ctx) => {
    refuseLoopbackStoresInProduction(env, ctx);
    if (env.DEMO_MODE === "1" && !/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(env.SHOPIFY_APP_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["DEMO_MODE"],
        message: "demo mode only runs on a localhost SHOPIFY_APP_URL",
      });
    }
  });

export type Env = z.infer<typeof appSchema>;

function parseWith<S extends z.ZodTypeAny>(schema: S, source: Record<string, string | undefined>): z.output<S> {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  return parseWith(appSchema, source);
}

let parsed: Env | undefined;

/** Tests that change process.env after the first access read it again with this. */
export function reloadEnv() {
  parsed = undefined;
}

/** The app's environment, parsed on first access. */
export const env: Env = new Proxy({} as Env, {
  get(_target, key) {
    parsed ??= parseEnv(process.env);
    return parsed[key as keyof Env];
  },
});

const databaseSchema = z.object({
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: positiveInt(10),
  // PostgreSQL: how long opening a connection may take before the request gets its 503
  // (a database that is away must not hold a webhook past Shopify's 5 s).
  DATABASE_CONNECT_TIMEOUT_MS: positiveInt(3000),
});

/**
 * Where the database is, read when a client is first made (not at import): tests set
 * DATABASE_URL per test file before the app's first query. Under vitest a missing URL is an
 * error rather than the developer's own SQLite file.
 */
export function databaseEnv(): { url: string; poolSize: number; connectTimeoutMs: number } {
  const { DATABASE_URL, DATABASE_POOL_SIZE, DATABASE_CONNECT_TIMEOUT_MS } = parseWith(databaseSchema, process.env);
  return {
    url: DATABASE_URL ?? DEFAULT_DATABASE_URL,
    poolSize: DATABASE_POOL_SIZE,
    connectTimeoutMs: DATABASE_CONNECT_TIMEOUT_MS,
  };
}

/** The URL of the process's own database (not a test's extra one): required under vitest. */
export function processDatabaseUrl(): string {
  if (!process.env.DATABASE_URL && process.env.VITEST)
    throw new Error("tests must set DATABASE_URL before using the app's db (see tests/helpers/app-env.ts)");
  return databaseEnv().url;
}

const storeNetworkSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    WOOCOMMERCE_ALLOW_LOOPBACK_STORES: loopbackStores,
  })
  .superRefine(refuseLoopbackStoresInProduction);

/**
 * How the app may reach WooCommerce stores, read on each use and apart from the app's part
 * (the REST client also runs in scripts and tests without the Shopify credentials).
 */
export function storeNetworkEnv(): { allowLoopbackStores: boolean } {
  return { allowLoopbackStores: parseWith(storeNetworkSchema, process.env).WOOCOMMERCE_ALLOW_LOOPBACK_STORES === "1" };
}
