// Bulk ingest into SQLite on a worker thread: better-sqlite3 is synchronous, so on the main
// thread every batch's writes would stop the JSONL parsing. With the writes on their own
// thread, parsing the next batch overlaps writing the last one (two cores, both busy).
// It speaks the same RawSql interface as the main-thread connection; SQLite's own locking
// keeps it safe beside the app's other connections (as it would be for another process).
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { oneAtATime, type RawSql, type SqlParam } from "~/db/raw-sql.server";

// Plain CommonJS run with `eval`: no worker file to ship beside the Remix server bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const conn = new Database(workerData.file, { timeout: 10000 });
conn.pragma("journal_mode = WAL");
conn.pragma("synchronous = NORMAL");
conn.pragma("cache_size = -65536");
conn.defaultSafeIntegers(false);
const statements = new Map();
parentPort.on("message", (m) => {
  try {
    if (m.op === "exec") {
      if (m.sql === "ROLLBACK" && !conn.inTransaction) return parentPort.postMessage({ id: m.id, ok: true, result: 0 });
      conn.exec(m.sql);
      return parentPort.postMessage({ id: m.id, ok: true, result: 0 });
    }
    let stmt = statements.get(m.sql);
    if (!stmt) {
      if (statements.size > 64) statements.clear();
      statements.set(m.sql, (stmt = conn.prepare(m.sql)));
    }
    const result = m.op === "rows" ? stmt.all(...m.params) : stmt.reader ? stmt.all(...m.params).length : stmt.run(...m.params).changes;
    parentPort.postMessage({ id: m.id, ok: true, result });
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, error: String((e && e.message) || e) });
  }
});
`;

export interface SqliteWriter extends RawSql {
  /** Runs a statement outside any statement cache (BEGIN, COMMIT, ROLLBACK). */
  exec(sql: string): Promise<void>;
  /** This connection as a RawSql whose `transaction` joins the one already open (group commit). */
  joined: RawSql;
}

export function openSqliteWriter(url: string): SqliteWriter {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file: url.replace(/^file:/, ""), driver: createRequire(import.meta.url).resolve("better-sqlite3") },
  });
  let next = 0;
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  worker.on("message", (m: { id: number; ok: boolean; result?: unknown; error?: string }) => {
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (m.ok) w?.resolve(m.result);
    else w?.reject(new Error(m.error));
  });
  worker.on("error", (e) => {
    for (const w of waiting.values()) w.reject(e);
    waiting.clear();
  });
  const call = (op: "exec" | "run" | "rows", sql: string, params: SqlParam[] = []) =>
    new Promise<unknown>((resolve, reject) => {
      const id = ++next;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, op, sql, params });
    });
  // One transaction at a time on this connection.
  const serial = oneAtATime();
  const run = async (sql: string, params: SqlParam[]) => (await call("run", sql, params)) as number;
  const rows = async <R>(sql: string, params: SqlParam[]) => (await call("rows", sql, params)) as R[];
  // The writer's thread is for writes; bulk reads go through rawSqlFor's own connection.
  const eachRow = () => Promise.reject(new Error("the SQLite writer does not stream reads"));
  return {
    exec: async (sql) => {
      await call("exec", sql);
    },
    joined: { kind: "sqlite", rows, eachRow, execute: run, transaction: (fn) => fn(run), close: async () => {} },
    kind: "sqlite",
    rows,
    eachRow,
    execute: (sql, params) => serial(() => run(sql, params)),
    transaction: (fn) =>
      serial(async () => {
        await call("exec", "BEGIN IMMEDIATE");
        try {
          const r = await fn(run);
          await call("exec", "COMMIT");
          return r;
        } catch (e) {
          await call("exec", "ROLLBACK").catch(() => {});
          throw e;
        }
      }),
    async close() {
      await worker.terminate();
    },
  };
}
