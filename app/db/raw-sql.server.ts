// The database toolbox (app/db): the Prisma client (client.server.ts), the URL and driver
// adapters (url.ts), the dialect helpers for hand-written statements (sql-rows.server.ts), the
// SQLite bulk writer on a worker thread (sqlite-writer.server.ts), and this: a direct driver
// connection beside Prisma (better-sqlite3 with cached prepared statements; pg).
//
// The raw-SQL rule. Prisma is the default. A statement is written by hand only where Prisma's
// per-query cost (a query compilation, an object per row) dominates the work, which is:
//   1. bulk writes (ingest of hundreds of thousands of orders, insight rows),
//   2. bulk reads (a million order facts for the analysis),
//   3. hot per-request lookups (the shop by domain, the session, the webhook event row,
//      loyalty membership: each runs on every webhook or storefront request).
// Every such statement lives in a model (app/models), is valid on SQLite and PostgreSQL
// (placeholders from sql-rows.server.ts), and filters by "shopId", except the lookups that
// find the shop itself (by domain) or the Shopify session (by its id), which come before any
// shop is known.
import Database from "better-sqlite3";
import pg from "pg";
import { dbKind, dbUrl, type Db } from "./client.server";
import { databaseEnv } from "~/env.server";
import type { DatabaseKind } from "./url";

export type SqlParam = string | number | bigint | null;
/** Runs a statement; returns the rows it returned (a query) or changed (an upsert skipped by its WHERE changes none). */
export type RunQuery = (sql: string, params: SqlParam[]) => Promise<number>;

export interface RawSql {
  kind: DatabaseKind;
  /** Runs `fn` in one transaction; `run` executes a statement and returns the rows it returned. */
  transaction<T>(fn: (run: RunQuery) => Promise<T>): Promise<T>;
  /** Rows of a read query (bulk reads: Prisma's per-row objects cost seconds at a million rows). */
  rows<R = Record<string, unknown>>(sql: string, params: SqlParam[]): Promise<R[]>;
  /**
   * Streams a read query's rows, each as an array of its column values, to `onRow` without
   * holding them (a million rows as objects cost seconds and hundreds of MB). The rows come
   * on one connection; `onRow` must not query the database.
   */
  eachRow(sql: string, params: SqlParam[], onRow: (row: unknown[]) => void): Promise<void>;
  /** One statement on its own (autocommit: no BEGIN/COMMIT round trips); returns the rows it changed. */
  execute(sql: string, params: SqlParam[]): Promise<number>;
  close(): Promise<void>;
}

/**
 * Runs tasks one after another, each starting when the previous has settled: a single
 * connection holds one transaction at a time, and a statement sent while another caller's
 * transaction is open would join it.
 */
export function oneAtATime() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => T | Promise<T>): Promise<T> => {
    const result = tail.then(task);
    tail = result.catch(() => {});
    return result;
  };
}

function sqlite(url: string): RawSql {
  const conn = new Database(url.replace(/^file:/, ""), { timeout: 10_000 });
  conn.pragma("journal_mode = WAL"); // readers never wait for the writer
  conn.pragma("synchronous = NORMAL"); // durable at checkpoints; safe with WAL
  conn.pragma("cache_size = -65536"); // 64 MB page cache: index updates of big batches stay in memory
  conn.defaultSafeIntegers(false);
  const statements = new Map<string, Database.Statement>();
  const serial = oneAtATime();
  const prepared = (sql: string) => {
    let stmt = statements.get(sql);
    if (!stmt) {
      if (statements.size > 64) statements.clear();
      statements.set(sql, (stmt = conn.prepare(sql)));
    }
    return stmt;
  };
  const run: RunQuery = async (sql, params) => {
    const stmt = prepared(sql);
    return stmt.reader ? stmt.all(...params).length : stmt.run(...params).changes;
  };
  // Statements in raw mode (rows as arrays) apart: raw() changes the statement itself.
  const rawStatements = new Map<string, Database.Statement>();
  return {
    kind: "sqlite",
    async rows(sql, params) {
      return prepared(sql).all(...params) as never;
    },
    async eachRow(sql, params, onRow) {
      let stmt = rawStatements.get(sql);
      if (!stmt) {
        if (rawStatements.size > 16) rawStatements.clear();
        rawStatements.set(sql, (stmt = conn.prepare(sql).raw(true)));
      }
      for (const row of stmt.iterate(...params)) onRow(row as unknown[]);
    },
    execute: (sql, params) => serial(() => run(sql, params)),
    // `fn` awaits between statements: a second caller starting meanwhile waits for this COMMIT.
    transaction: (fn) =>
      serial(async () => {
        conn.exec("BEGIN IMMEDIATE");
        try {
          const r = await fn(run);
          conn.exec("COMMIT");
          return r;
        } catch (e) {
          if (conn.inTransaction) conn.exec("ROLLBACK");
          throw e;
        }
      }),
    async close() {
      conn.close();
    },
  };
}

function postgres(url: string): RawSql {
  const u = new URL(url);
  const schema = u.searchParams.get("schema");
  u.searchParams.delete("schema");
  const { poolSize, connectTimeoutMs } = databaseEnv();
  const pool = new pg.Pool({
    connectionString: u.toString(),
    max: poolSize,
    connectionTimeoutMillis: connectTimeoutMs,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle connection the server dropped (restart, network cut) emits "error" on the pool; with
  // no listener that would end the process. The pool discards it; the next query reconnects,
  // or fails and is answered 503 by the request (app/http/service-unavailable.server.ts).
  pool.on("error", () => {});
  // The hot statements (webhook events, shop and session lookups) are prepared once per
  // connection: the server then skips parsing and planning them on every request. Long
  // multi-row statements (bulk ingest) vary in shape and stay unnamed.
  const names = new Map<string, string>();
  const query = (sql: string, params: SqlParam[]) => {
    let name = sql.length <= 2000 ? names.get(sql) : undefined;
    if (!name && sql.length <= 2000 && names.size < 500) names.set(sql, (name = `retention_${names.size}`));
    return name ? { name, text: sql, values: params as unknown[] } : { text: sql, values: params as unknown[] };
  };
  return {
    kind: "postgresql",
    async rows(sql, params) {
      return (await pool.query(query(sql, params))).rows;
    },
    async execute(sql, params) {
      return (await pool.query(query(sql, params))).rowCount ?? 0;
    },
    async eachRow(sql, params, onRow) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const onError = (e: Error) => void (broken = e);
      client.on("error", onError);
      try {
        await new Promise<void>((resolve, reject) => {
          // A submittable query with a "row" listener hands each row over and keeps none.
          const config: pg.QueryArrayConfig = { text: sql, values: params as unknown[], rowMode: "array" };
          const q = client.query(new pg.Query(config));
          let failed: unknown = null;
          q.on("row", (row: unknown[]) => {
            if (failed) return;
            try {
              onRow(row);
            } catch (e) {
              failed = e;
            }
          });
          q.on("error", reject);
          q.on("end", () => (failed ? reject(failed) : resolve()));
        });
      } finally {
        client.removeListener("error", onError);
        client.release(broken);
      }
    },
    async transaction(fn) {
      const client = await pool.connect();
      // A checked-out client has no pool listener: a dropped connection would end the process.
      // The transaction's next statement fails instead, and the client is discarded on release.
      let broken: Error | undefined;
      const onError = (e: Error) => void (broken = e);
      client.on("error", onError);
      try {
        await client.query("BEGIN");
        const r = await fn(async (sql, params) => (await client.query(query(sql, params))).rowCount ?? 0);
        await client.query("COMMIT");
        return r;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.removeListener("error", onError);
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

/**
 * The statements of an open transaction (the `run` that transaction() hands its function) as
 * a RawSql: a write path that opens its own transactions joins the outer one instead, so a
 * caller can make many batches one all-or-nothing write.
 */
export function withinTransaction(kind: DatabaseKind, run: RunQuery): RawSql {
  return {
    kind,
    transaction: (fn) => fn(run),
    execute: run,
    rows: () => Promise.reject(new Error("reads are not part of a joined transaction")),
    eachRow: () => Promise.reject(new Error("reads are not part of a joined transaction")),
    close: async () => {},
  };
}

const cache = new Map<string, RawSql>();

export function rawSqlFor(db: Db): RawSql {
  const url = dbUrl(db);
  let raw = cache.get(url);
  if (!raw) cache.set(url, (raw = dbKind(db) === "postgresql" ? postgres(url) : sqlite(url)));
  return raw;
}

export async function closeRawSql(db: Db) {
  const url = dbUrl(db);
  await cache.get(url)?.close();
  cache.delete(url);
}
