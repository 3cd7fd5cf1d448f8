// The database client. SQLite (embedded default) and PostgreSQL (production) each have a
// generated Prisma client; the one matching DATABASE_URL is loaded at run time. Both are
// generated from the same models, so the SQLite client's types describe either.
import { createRequire } from "node:module";
import path from "node:path";
import type { PrismaClient } from "~/generated/sqlite";
import { databaseEnv, processDatabaseUrl } from "~/env.server";
import { adapterFor, databaseKind, type DatabaseKind } from "./url";

export type Db = PrismaClient;

const require = createRequire(import.meta.url);
const KIND = Symbol.for("retention.databaseKind");
const URL_KEY = Symbol.for("retention.databaseUrl");

/** Which SQL dialect a client speaks (raw SQL in the ingest model differs slightly). */
export function dbKind(db: Db): DatabaseKind {
  return (db as unknown as Record<symbol, DatabaseKind>)[KIND];
}

/** The URL a client was made for (the raw-SQL fast path opens its own connection to it). */
export function dbUrl(db: Db): string {
  return (db as unknown as Record<symbol, string>)[URL_KEY];
}

/** A new client for a database URL (tests make one per worker database). */
export function createDb(url: string): Db {
  // Loaded by path at run time so the bundler leaves the generated client (and its
  // WebAssembly query compiler) alone.
  const mod = require(path.join(process.cwd(), "app", "generated", databaseKind(url))) as {
    PrismaClient: new (opts: { adapter: unknown; errorFormat: "minimal" }) => Db;
  };
  // Minimal error format: messages without the client's source excerpts in logs.
  const { poolSize, connectTimeoutMs } = databaseEnv();
  const client = new mod.PrismaClient({ adapter: adapterFor(url, poolSize, connectTimeoutMs), errorFormat: "minimal" });
  Object.defineProperty(client, KIND, { value: databaseKind(url) });
  Object.defineProperty(client, URL_KEY, { value: url });
  return client;
}

declare global {
  var __db: Db | undefined;
}

function processDb(): Db {
  if (!globalThis.__db) {
    globalThis.__db = createDb(processDatabaseUrl());
  }
  return globalThis.__db;
}

// One client per process, created on first use (so DATABASE_URL is read when the app
// first queries, not when a module is imported) and kept on globalThis so dev-server
// reloads do not leak pools.
const db = new Proxy({} as Db, {
  get(_target, prop) {
    const client = processDb();
    const value = Reflect.get(client, prop, client);
    if (typeof prop === "symbol") return value;
    return typeof value === "function" ? value.bind(client) : value;
  },
});
export default db;
