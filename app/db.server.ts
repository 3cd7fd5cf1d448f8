// The database client. SQLite (embedded default) and PostgreSQL (production) each have a
// generated Prisma client; the one matching DATABASE_URL is loaded at run time. Both are
// generated from the same models, so the SQLite client's types describe either.
import { createRequire } from "node:module";
import path from "node:path";
import type { PrismaClient } from "./generated/sqlite";
import { adapterFor, databaseKind, DEFAULT_DATABASE_URL } from "./db-url";

export type Db = PrismaClient;

const require = createRequire(import.meta.url);

/** A new client for a database URL (tests make one per worker database). */
export function createDb(url: string): Db {
  // Loaded by path at run time so the bundler leaves the generated client (and its
  // WebAssembly query compiler) alone.
  const mod = require(path.join(process.cwd(), "app", "generated", databaseKind(url))) as {
    PrismaClient: new (opts: { adapter: unknown }) => Db;
  };
  return new mod.PrismaClient({ adapter: adapterFor(url) });
}

declare global {
  // eslint-disable-next-line no-var
  var __db: Db | undefined;
}

// One client per process; kept on globalThis so dev-server reloads do not leak pools.
const db: Db = globalThis.__db ?? (globalThis.__db = createDb(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL));
export default db;
