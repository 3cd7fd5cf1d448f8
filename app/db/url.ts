// Which database a DATABASE_URL names, and how its driver adapter is built. Shared by
// the app, the Prisma CLI config and the tests so all three read the URL the same way.
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

export type DatabaseKind = "sqlite" | "postgresql";

export function databaseKind(url: string): DatabaseKind {
  if (/^postgres(ql)?:\/\//.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL), got "${url.split(":")[0]}:"`,
  );
}

/**
 * SQLite as the raw-SQL connection sets it up: WAL (readers never wait for the writer) and
 * synchronous=NORMAL (durable at checkpoints; the default FULL fsyncs every commit, which
 * on a webhook-per-request write path costs more than everything else together), and a busy
 * timeout so a write waits for the other connection's transaction instead of failing.
 */
class TunedSqliteAdapter extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 10000;");
    return adapter;
  }
}

/** A driver adapter for the URL; `?schema=` selects a PostgreSQL schema (one per test worker). */
export function adapterFor(url: string, poolSize = 10, connectTimeoutMs?: number) {
  if (databaseKind(url) === "sqlite") return new TunedSqliteAdapter({ url });
  const u = new URL(url);
  const schema = u.searchParams.get("schema") ?? undefined;
  u.searchParams.delete("schema");
  if (schema && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema))
    throw new Error(`invalid PostgreSQL schema name in DATABASE_URL: ${schema}`);
  return new PrismaPg(
    {
      connectionString: u.toString(),
      max: poolSize,
      ...(connectTimeoutMs ? { connectionTimeoutMillis: connectTimeoutMs } : {}),
      // Raw SQL (the ingest model) resolves unqualified tables through search_path.
      ...(schema ? { options: `-c search_path=${schema}` } : {}),
    },
    schema ? { schema } : undefined,
  );
}
