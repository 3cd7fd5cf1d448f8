// History backfill with bulk operations: customers first, then orders (Shopify runs one
// bulk query per shop at a time). Each phase: start the operation, wait for it (polling,
// or the bulk_operations/finish webhook), then stream its JSONL and write it in batches.
// After every written batch the line number is checkpointed, so a crash or restart
// resumes there; writes are idempotent upserts, so a batch replayed after a crash between
// write and checkpoint changes nothing: no duplicates, no gaps.
import { dbKind, dbUrl, type Db } from "~/db/client.server";
import { rawSqlFor } from "~/db/raw-sql.server";
import {
  BULK_OPERATION_QUERY,
  BULK_OPERATION_RUN_QUERY,
  bulkCustomersQuery,
  bulkOrdersQuery,
} from "~/platforms/shopify/graphql/bulk";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { adminQuery, AdminApiError, type AdminQueryOptions } from "~/platforms/shopify/admin-graphql.server";
import { readBulkBatches } from "~/platforms/shopify/bulk-jsonl";
import { recordRefund } from "~/models/refunds.server";
import { openSqliteWriter } from "~/db/sqlite-writer.server";
import { enqueueBackfillStart } from "~/jobs/enqueue.server";
import type { JobQueue } from "~/jobs/queue.server";
import type { NormalizedCustomer, NormalizedOrder, NormalizedRefund } from "~/core/records";

export type BackfillPhase = "customers" | "orders";
interface Cursor {
  phase: BackfillPhase;
  operationId: string | null;
  line: number; // JSONL lines of this phase already written
  customersTotal: number; // objects in the finished customers file (for the progress %)
}

export interface BackfillDeps {
  db: Db;
  graphql: AdminGraphql;
  /** Downloads the result file (Shopify's signed storage URL). */
  fetchFile?: (url: string) => Promise<ReadableStream<Uint8Array>>;
  batchSize?: number;
  commitEvery?: number;
  query?: Pick<AdminQueryOptions, "sleep" | "maxAttempts" | "timeoutMs">;
}

interface BulkOperation {
  id: string;
  status: string; // CREATED RUNNING COMPLETED CANCELING CANCELED FAILED EXPIRED
  errorCode: string | null;
  objectCount: string | number;
  url: string | null;
  createdAt: string;
}

export class BackfillError extends Error {
  readonly code = "BACKFILL";
}

const KIND = "backfill";

async function defaultFetchFile(url: string) {
  const res = await fetch(url);
  if (!res.ok || !res.body) throw new BackfillError(`bulk result download failed: HTTP ${res.status}`);
  return res.body;
}

async function saveCursor(db: Db, shopId: string, cursor: Cursor, data: Record<string, unknown> = {}) {
  await db.syncState.update({
    where: { shopId_kind: { shopId, kind: KIND } },
    data: { cursor: JSON.stringify(cursor), ...data },
  });
}

async function runBulkQuery(deps: BackfillDeps, phase: BackfillPhase): Promise<string> {
  const query = phase === "customers" ? bulkCustomersQuery() : bulkOrdersQuery();
  const { data } = await adminQuery<{
    bulkOperationRunQuery: {
      bulkOperation: { id: string } | null;
      userErrors: { field: string[] | null; message: string }[];
    };
  }>(deps.graphql, BULK_OPERATION_RUN_QUERY, { ...deps.query, variables: { query } });
  const r = data.bulkOperationRunQuery;
  if (!r.bulkOperation)
    throw new BackfillError(`bulkOperationRunQuery refused: ${r.userErrors.map((e) => e.message).join("; ")}`);
  return r.bulkOperation.id;
}

/**
 * Asks for a shop's history backfill: the SyncState row says "running" without a checkpoint
 * before the job is queued, so a process that dies before the job ran finds it at its next
 * start (app/workflows/sync/unfinished-work.server.ts) and queues it again.
 */
export async function requestBackfill(db: Db, queue: JobQueue, shopId: string) {
  const asked = { status: "running", cursor: null, processed: 0, total: null, error: null, finishedAt: null };
  await db.syncState.upsert({
    where: { shopId_kind: { shopId, kind: KIND } },
    create: { shopId, kind: KIND, ...asked, startedAt: new Date() },
    update: { ...asked, startedAt: new Date() },
  });
  await enqueueBackfillStart(queue, shopId);
}

/** Starts (or restarts) the history backfill of a shop. */
export async function startBackfill(deps: BackfillDeps, shopId: string) {
  const operationId = await runBulkQuery(deps, "customers");
  const cursor: Cursor = { phase: "customers", operationId, line: 0, customersTotal: 0 };
  await deps.db.syncState.upsert({
    where: { shopId_kind: { shopId, kind: KIND } },
    create: {
      shopId,
      kind: KIND,
      status: "running",
      cursor: JSON.stringify(cursor),
      processed: 0,
      startedAt: new Date(),
    },
    update: {
      status: "running",
      cursor: JSON.stringify(cursor),
      processed: 0,
      total: null,
      error: null,
      startedAt: new Date(),
      finishedAt: null,
    },
  });
  return cursor;
}

/**
 * Moves the backfill on as far as it can: writes a finished operation's file (from the
 * checkpoint), starts the next phase, and reports "waiting" while Shopify still runs an
 * operation, "completed" at the end, or "failed".
 */
export async function continueBackfill(
  deps: BackfillDeps,
  shopId: string,
): Promise<"waiting" | "completed" | "failed" | "idle"> {
  const { db } = deps;
  const state = await db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: KIND } } });
  if (!state || state.status !== "running" || !state.cursor)
    return state?.status === "completed" ? "completed" : "idle";
  const cursor = JSON.parse(state.cursor) as Cursor;
  if (!cursor.operationId) return "idle";

  const { data } = await adminQuery<{ bulkOperation: BulkOperation | null }>(deps.graphql, BULK_OPERATION_QUERY, {
    ...deps.query,
    variables: { id: cursor.operationId },
  });
  const op = data.bulkOperation;
  if (!op) throw new AdminApiError(`bulk operation ${cursor.operationId} not found`);
  const objects = Number(op.objectCount ?? 0);
  if (op.status === "CREATED" || op.status === "RUNNING") {
    await db.syncState.update({
      where: { shopId_kind: { shopId, kind: KIND } },
      data: { total: cursor.customersTotal + objects },
    });
    return "waiting";
  }
  if (op.status !== "COMPLETED") {
    const error = `Shopify bulk operation ${op.status.toLowerCase()}${op.errorCode ? ` (${op.errorCode})` : ""} during the ${cursor.phase} phase`;
    await db.syncState.update({
      where: { shopId_kind: { shopId, kind: KIND } },
      data: { status: "failed", error, finishedAt: new Date() },
    });
    return "failed";
  }

  // COMPLETED: write the file from the checkpoint on.
  const total = cursor.customersTotal + objects;
  await db.syncState.update({ where: { shopId_kind: { shopId, kind: KIND } }, data: { total } });
  if (op.url) await writeFile(deps, shopId, cursor, op.url);

  if (cursor.phase === "customers") {
    const next: Cursor = {
      phase: "orders",
      operationId: await runBulkQuery(deps, "orders"),
      line: 0,
      customersTotal: objects,
    };
    await saveCursor(db, shopId, next);
    return "waiting";
  }
  await saveCursor(
    db,
    shopId,
    { ...cursor, operationId: null },
    { status: "completed", finishedAt: new Date(), processed: total },
  );
  // Reconciliation picks up from the moment the orders snapshot was taken.
  await db.syncState.upsert({
    where: { shopId_kind: { shopId, kind: "reconcile" } },
    create: { shopId, kind: "reconcile", status: "idle", cursor: op.createdAt },
    update: { cursor: op.createdAt },
  });
  return "completed";
}

async function writeFile(deps: BackfillDeps, shopId: string, cursor: Cursor, url: string) {
  const body = await (deps.fetchFile ?? defaultFetchFile)(url);
  await ingestBulkStream(deps.db, shopId, body, {
    fromLine: cursor.line,
    batchSize: deps.batchSize,
    commitEvery: deps.commitEvery,
    checkpoint: (line) =>
      saveCursor(
        deps.db,
        shopId,
        { ...cursor, line },
        { processed: (cursor.phase === "orders" ? cursor.customersTotal : 0) + line },
      ),
  });
}

/**
 * Writes a bulk JSONL stream in batches from line `fromLine` on, calling `checkpoint` with the
 * last written line after each batch. Memory stays flat whatever the file size.
 */
export async function ingestBulkStream(
  db: Db,
  shopId: string,
  body: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
  opts: {
    fromLine?: number;
    batchSize?: number;
    commitEvery?: number;
    checkpoint?: (line: number) => Promise<void>;
  } = {},
) {
  // Records held in memory per batch (PostgreSQL: one transaction per batch).
  const batchSize = opts.batchSize ?? 5_000;
  let orders: NormalizedOrder[] = [];
  let customers: NormalizedCustomer[] = [];
  let refunds: NormalizedRefund[] = [];
  let line = opts.fromLine ?? 0;
  let pending = 0;
  let written = 0;
  const skipped: string[] = [];

  // Writing overlaps parsing: SQLite writes on a worker thread (better-sqlite3 would block this
  // one) and commits batches in groups, since each commit rewrites every index page the group
  // touched; PostgreSQL writes two batches at once on two pooled connections (its backend, not
  // this process, is the bottleneck). Refunds (child lines, through Prisma), the written count
  // and the checkpoint follow each commit in file order, so a crash resumes after the last
  // batch that is safely stored.
  const writer = dbKind(db) === "sqlite" ? openSqliteWriter(dbUrl(db)) : null;
  const raw = writer ? writer.joined : rawSqlFor(db);
  const commitEvery = writer ? Math.max(batchSize, opts.commitEvery ?? 50_000) : batchSize;
  const parallel = writer ? 1 : 2;
  type Batch = {
    customers: NormalizedCustomer[];
    orders: NormalizedOrder[];
    refunds: NormalizedRefund[];
    lines: number;
    line: number;
  };
  let open = false;
  let group = { lines: 0, line, refunds: [] as NormalizedRefund[] };

  const store = async (batch: Batch) => {
    if (writer && !open) {
      await writer.exec("BEGIN IMMEDIATE");
      open = true;
    }
    if (batch.customers.length) await upsertCustomers(db, shopId, batch.customers, raw.kind, raw);
    if (batch.orders.length) await upsertOrders(db, shopId, batch.orders, raw.kind, raw);
  };
  const commit = async () => {
    if (writer && open) {
      await writer.exec("COMMIT");
      open = false;
    }
    for (const r of group.refunds) await recordRefund(db, shopId, r);
    written += group.lines;
    const at = group.line;
    group = { lines: 0, line: at, refunds: [] };
    await opts.checkpoint?.(at);
  };
  const settle = async (batch: Batch) => {
    group.lines += batch.lines;
    group.line = batch.line;
    group.refunds.push(...batch.refunds);
    if (group.lines >= commitEvery) await commit();
  };

  let tail: Promise<void> = Promise.resolve();
  const inFlight: Promise<void>[] = [];
  const flush = async () => {
    const batch: Batch = { customers, orders, refunds, lines: pending, line };
    orders = [];
    customers = [];
    refunds = [];
    pending = 0;
    while (inFlight.length >= parallel) await inFlight.shift();
    const stored = store(batch);
    stored.catch(() => {}); // handled below, in file order
    tail = tail.then(() => stored).then(() => settle(batch));
    tail.catch(() => {}); // the next flush or the end awaits it and throws
    inFlight.push(tail);
  };

  try {
    for await (const batch of readBulkBatches(body, line, Math.min(batchSize, 1000))) {
      for (const { lineNo, record } of batch) {
        line = lineNo;
        pending++;
        if (record.kind === "order") orders.push(record.order);
        else if (record.kind === "customer") customers.push(record.customer);
        else if (record.kind === "refund") refunds.push(record.refund);
        else if (record.kind === "skipped" && skipped.length < 100) skipped.push(record.reason);
        if (pending >= batchSize) await flush();
      }
    }
    await flush();
    await tail;
    await commit();
  } finally {
    // A failed write surfaces here too; an open group is rolled back and the worker stopped.
    await tail.catch(() => {});
    if (writer && open) await writer.exec("ROLLBACK").catch(() => {});
    await writer?.close();
  }
  return { lines: line, written, skipped };
}
