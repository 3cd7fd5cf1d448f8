// WooCommerce sync: every order modified after the shop's watermark, oldest change first,
// written page by page through the ingest model (an older version never wins), then the
// shop's registered customers. The watermark (SyncState kind "woocommerce", cursor = the
// newest date_modified_gmt committed) moves only after a page is written, so a crash resumes
// where the last committed page ended, and a re-run writes nothing new.
//
// Pages are walked by keyset, not by page number: each request asks for orders modified
// after the watermark of the last committed page (less a second: WooCommerce compares
// strictly and dates have whole seconds, so orders sharing the watermark's second are read
// again and skipped as stale). With page numbers an order modified during the run would
// move to the end of the list and shift an unread order onto a page already read, which
// would then be missed for good. Only when a whole page shares one second (no progress) is
// the next page number asked for.
//
// The walk lists WooCommerce's "any" (every status, a plugin's own ones too, which are reported
// as unreadable; not the trash, not checkout drafts). Moving an order to the trash modifies it:
// a second, short walk asks for the trash changed since the run's starting watermark, and
// those orders leave the app's tables. Orders deleted for good leave no trace in
// any listing: reconcileWooOrderIds compares the ids the store still holds with the app's.
//
// WooCommerce's /customers endpoint has no modified_after filter (woocommerce/woocommerce
// issue #41371), so the customer list is read in full each run; a customer's billing name
// and e-mail also arrive with every order.
import type { Db } from "~/db/client.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { applyOrdersToLedger } from "~/models/loyalty-ledger.server";
import { orderIdsWithPrefix, removeOrders, type OrderRemoval } from "~/models/order-removal.server";
import { normalizeWooStatus, WOO_ID_PREFIX } from "~/platforms/woocommerce/order-status";
import type { SecretKey } from "~/core/secret-box";
import { loadWooConnection, markWooWebhooksRegistered } from "~/models/woocommerce-connection.server";
import { createWooClient, type WooClient, type WooPage } from "~/platforms/woocommerce/rest-client.server";
import { ensureWooWebhooks, wooWebhookUrl } from "~/platforms/woocommerce/store.server";
import { PayloadError } from "~/core/payload-error";
import {
  WooNotAnOrderError,
  wooCustomerFromRest,
  wooOrderFromRest,
  wooOrderKey,
} from "~/platforms/woocommerce/rest-payloads";
import type { NormalizedCustomer, NormalizedOrder } from "~/core/records";
import { checkWooWebhooks, type WooWebhookCheck } from "./woocommerce-webhook-health.server";

export const WOOCOMMERCE_SYNC_KIND = "woocommerce";
/** The daily check for orders deleted for good (SyncState kind; finishedAt = the last check). */
export const WOOCOMMERCE_IDS_KIND = "woocommerce-ids";
const ID_CHECK_EVERY_MS = 24 * 3600_000;
const OVERLAP_MS = 1000;

export interface WooSyncDeps {
  db: Db;
  client: WooClient;
}

export interface WooSyncFailure {
  kind: "order" | "customer";
  id: string | null; // "woo-727", null when the payload has no readable id
  reason: string;
}

export interface WooSyncResult {
  ordersFetched: number;
  ordersWritten: number; // inserted, or replaced by a newer version
  customersFetched: number; // from GET /customers
  customersWritten: number; // from GET /customers and from orders
  skipped: number; // drafts
  removed: number; // orders moved to the trash since the last run, taken out of the app
  failed: WooSyncFailure[];
  requests: number;
  watermark: string | null; // the newest order change committed (ISO, UTC)
}

export interface WooSyncOptions {
  /**
   * Order requests in flight at once for a long history (default 3: a small store's PHP serves a
   * handful of requests at a time, and each of ours keeps one PHP worker busy for about a second).
   */
  concurrency?: number;
}

const after = (d: Date | null) => (d ? new Date(d.getTime() - OVERLAP_MS) : null);

export async function syncWooCommerce(
  deps: WooSyncDeps,
  shopId: string,
  now = new Date(),
  opts: WooSyncOptions = {},
): Promise<WooSyncResult> {
  const { db, client } = deps;
  const concurrency = Math.max(1, opts.concurrency ?? 3);
  const where = { shopId_kind: { shopId, kind: WOOCOMMERCE_SYNC_KIND } };
  const state = await db.syncState.findUnique({ where });
  await db.syncState.upsert({
    where,
    create: { shopId, kind: WOOCOMMERCE_SYNC_KIND, status: "running", cursor: null, startedAt: now },
    update: { status: "running", startedAt: now, finishedAt: null, error: null },
  });
  const result: WooSyncResult = {
    ordersFetched: 0,
    ordersWritten: 0,
    customersFetched: 0,
    customersWritten: 0,
    skipped: 0,
    removed: 0,
    failed: [],
    requests: 0,
    watermark: state?.cursor ?? null,
  };

  /** Writes one page of orders; the newest change on it (null for an empty page). */
  async function writeOrderPage(items: unknown[]): Promise<Date | null> {
    const orders: NormalizedOrder[] = [];
    const customers: NormalizedCustomer[] = [];
    const trashed: OrderRemoval[] = [];
    let newest: Date | null = null;
    for (const item of items) {
      const key = wooOrderKey(item);
      if (key.modifiedAt && (!newest || key.modifiedAt > newest)) newest = key.modifiedAt;
      try {
        const record = wooOrderFromRest(item);
        orders.push(record.order);
        if (record.customer) customers.push(record.customer);
      } catch (e) {
        if (e instanceof WooNotAnOrderError) {
          if (key.id && isTrashed(item)) trashed.push({ id: key.id, removedAt: key.modifiedAt });
          else result.skipped++;
        } else if (e instanceof PayloadError) result.failed.push({ kind: "order", id: key.id, reason: e.message });
        else throw e;
      }
    }
    // Customers first: an order then never names a customer the table does not hold.
    if (customers.length > 0) {
      const c = await upsertCustomers(db, shopId, customers);
      result.customersWritten += c.written;
      for (const r of c.rejected) result.failed.push({ kind: "customer", id: r.id, reason: r.reason });
    }
    if (orders.length > 0) {
      const o = await upsertOrders(db, shopId, orders);
      result.ordersWritten += o.written;
      for (const r of o.rejected) result.failed.push({ kind: "order", id: r.id, reason: r.reason });
      // Loyalty members' points follow their orders as on a webhook (a missed delivery is caught up here).
      await applyOrdersToLedger(db, shopId, orders);
    }
    if (trashed.length > 0) result.removed += await removeOrders(db, shopId, trashed);
    return newest;
  }

  /** Moves the stored watermark forward (never back): a resumed run starts after it. */
  async function commit(watermark: Date | null, processed: number) {
    const moves = watermark && (!result.watermark || watermark.toISOString() > result.watermark);
    if (moves) result.watermark = watermark.toISOString();
    await db.syncState.update({
      where,
      data: { ...(moves ? { cursor: result.watermark } : {}), processed: { increment: processed } },
    });
  }

  /**
   * The keyset walk of the orders modified after `from` and (when given) not after `until`.
   * `committable`: each page's progress may become the stored watermark (the walk starts at it).
   * Returns the newest change read.
   */
  async function walk(from: Date | null, until: Date | null, committable: boolean, firstPage?: WooPage) {
    let cursor = from;
    for (let page = 1; ;) {
      const { items, totalPages } =
        firstPage ??
        (await client.ordersPage({
          modifiedAfter: after(cursor),
          modifiedBefore: until ? new Date(until.getTime() + OVERLAP_MS) : null,
          page,
        }));
      firstPage = undefined;
      result.requests++;
      result.ordersFetched += items.length;
      const newest = await writeOrderPage(items);
      const lastPage = items.length === 0 || page >= totalPages;
      if (newest && (!cursor || newest > cursor)) {
        cursor = newest;
        page = 1;
        // The page is committed: only now may a resumed run start after it.
        await commit(committable ? cursor : null, items.length);
      } else {
        page++;
        await commit(null, items.length);
      }
      if (lastPage) return cursor;
    }
  }

  try {
    const start = state?.cursor ? new Date(state.cursor) : null;
    const first = await client.ordersPage({ modifiedAfter: after(start), page: 1 });
    if (first.totalPages < 2 * concurrency || concurrency === 1) {
      await walk(start, null, true, first);
    } else {
      // A long history: page 1 as usual, then the rest cut into `concurrency` windows of about
      // as many orders each (the change time at each cut is asked for with a one-order page),
      // each walked by keyset on its own, side by side. The last window has no end, so what is
      // changed during the run is read there (or by the next run). The watermark moves only over
      // windows whose predecessors are all done: a crash re-reads, never skips.
      const afterFirst = await walk(start, null, true, { ...first, totalPages: 1 });
      const rest = Math.max(0, first.total - first.items.length);
      const cuts: Date[] = [];
      for (let i = 1; i < concurrency; i++) {
        const probe = await client.ordersPage({
          modifiedAfter: after(afterFirst),
          page: Math.max(1, Math.floor((i * rest) / concurrency)),
          perPage: 1,
        });
        result.requests++;
        const at = probe.items.length > 0 ? wooOrderKey(probe.items[0]).modifiedAt : null;
        if (at && (!cuts.length || at > cuts[cuts.length - 1])) cuts.push(at);
      }
      const bounds = [afterFirst, ...cuts];
      const done: (Date | null | undefined)[] = bounds.map(() => undefined);
      // Settled, not all: a failed window lets the others finish before the run is marked failed.
      const windows = await Promise.allSettled(
        bounds.map(async (from, i) => {
          const until = bounds[i + 1] ?? null;
          const newest = await walk(from, until, i === 0);
          done[i] = until ?? newest;
          // The watermark may move to the end of the last window of the done prefix.
          let prefix = -1;
          while (prefix + 1 < done.length && done[prefix + 1] !== undefined) prefix++;
          if (prefix >= 0) await commit(done[prefix] ?? null, 0);
        }),
      );
      const failedWindow = windows.find((w): w is PromiseRejectedResult => w.status === "rejected");
      if (failedWindow) throw failedWindow.reason;
    }

    for (let page = 1; ; page++) {
      const { items, totalPages } = await client.ordersPage({ modifiedAfter: after(start), status: "trash", page });
      result.requests++;
      const trashed: OrderRemoval[] = [];
      for (const item of items) {
        const key = wooOrderKey(item);
        if (key.id && isTrashed(item)) trashed.push({ id: key.id, removedAt: key.modifiedAt });
      }
      if (trashed.length > 0) result.removed += await removeOrders(db, shopId, trashed);
      if (items.length === 0 || page >= totalPages) break;
    }

    for (let page = 1; ; page++) {
      const { items, totalPages } = await client.customersPage({ page });
      result.requests++;
      result.customersFetched += items.length;
      const customers: NormalizedCustomer[] = [];
      for (const item of items) {
        try {
          customers.push(wooCustomerFromRest(item));
        } catch (e) {
          if (!(e instanceof PayloadError)) throw e;
          const id = wooOrderKey(item).id; // same id rules as an order's
          result.failed.push({ kind: "customer", id, reason: e.message });
        }
      }
      if (customers.length > 0) {
        const c = await upsertCustomers(db, shopId, customers);
        result.customersWritten += c.written;
        for (const r of c.rejected) result.failed.push({ kind: "customer", id: r.id, reason: r.reason });
      }
      if (items.length === 0 || page >= totalPages) break;
    }

    await db.syncState.update({
      where,
      data: {
        status: "completed",
        finishedAt: new Date(),
        error: result.failed.length > 0 ? failureSummary(result.failed) : null,
      },
    });
    return result;
  } catch (e) {
    await db.syncState.update({
      where,
      data: { status: "failed", error: e instanceof Error ? e.message : String(e), finishedAt: new Date() },
    });
    throw e;
  }
}

const isTrashed = (item: unknown) =>
  normalizeWooStatus(String((item as { status?: unknown } | null)?.status ?? "")) === "trash";

export interface WooIdReconcileResult {
  storeOrders: number; // ids the store lists (every status and the trash)
  removed: string[]; // app orders the store deleted for good
  requests: number;
}

/**
 * Orders deleted for good ("Delete permanently", or DELETE ?force=true) appear in no listing,
 * and a missed order.deleted webhook would leave them in the app for ever. This lists the ids
 * the store holds (ids only, 100 a page) and takes out the app's WooCommerce orders it does not
 * list. A listing by page number can skip an order when another is deleted during the walk, so
 * every candidate is asked for by id and removed only when the store answers 404.
 */
export async function reconcileWooOrderIds(deps: WooSyncDeps, shopId: string): Promise<WooIdReconcileResult> {
  const { db, client } = deps;
  const held = new Set<string>();
  let requests = 0;
  for (let page = 1; ; page++) {
    const { items, totalPages } = await client.orderIdsPage({ page });
    requests++;
    for (const item of items) {
      const { id } = wooOrderKey(item);
      if (id) held.add(id);
    }
    if (items.length === 0 || page >= totalPages) break;
  }
  const removed: string[] = [];
  for (const row of await orderIdsWithPrefix(db, shopId, WOO_ID_PREFIX)) {
    if (held.has(row.id)) continue;
    const number = Number(row.id.slice(WOO_ID_PREFIX.length));
    if (!Number.isSafeInteger(number)) continue;
    requests++;
    if ((await client.order(number)) !== null) continue; // still there: created or restored during the walk
    if ((await removeOrders(db, shopId, [{ id: row.id, removedAt: null }])) > 0) removed.push(row.id);
  }
  return { storeOrders: held.size, removed, requests };
}

function failureSummary(failed: WooSyncFailure[]): string {
  const first = failed.slice(0, 5).map((f) => `${f.kind} ${f.id ?? "(no id)"}: ${f.reason}`);
  return `${failed.length} record(s) could not be read: ${first.join("; ")}${failed.length > 5 ? "; …" : ""}`;
}

/**
 * One scheduled run for a connected store. The first run (queued by the connect) registers the
 * app's webhooks before it reads the history, so a change made during the first sync is
 * delivered too. Every run then syncs what changed since the watermark, checks that the
 * webhooks are still active (WooCommerce disables one after failed deliveries: it is turned
 * back on and shown on the Sync page) and, once a day, takes out orders the store deleted for good.
 * Returns null when the shop is not a connected, installed WooCommerce store any more
 * (disconnected since the job was queued).
 */
export async function syncConnectedWooStore(
  db: Db,
  opts: { key: SecretKey; appUrl: string; shopId: string; now?: Date; perPage?: number },
): Promise<(WooSyncResult & { webhooks: WooWebhookCheck; deleted: string[] }) | null> {
  const { shopId } = opts;
  const shop = await db.shop.findUnique({ where: { id: shopId } });
  if (!shop || shop.platform !== "woocommerce" || shop.installState !== "installed") return null;
  const connection = await loadWooConnection(db, opts.key, shopId);
  if (!connection) return null;
  const client = createWooClient({
    baseUrl: connection.siteUrl,
    consumerKey: connection.consumerKey,
    consumerSecret: connection.consumerSecret,
    perPage: opts.perPage,
  });
  const hooks = { deliveryUrl: wooWebhookUrl(opts.appUrl, shopId), secret: connection.webhookSecret };
  if (!connection.webhooksRegisteredAt) {
    await ensureWooWebhooks(client, hooks);
    await markWooWebhooksRegistered(db, shopId);
  }
  const result = await syncWooCommerce({ db, client }, shopId);
  const webhooks = await checkWooWebhooks({ db, client }, shopId, hooks);
  // The id check lists every order (a request per 100): once a day, not every 15 minutes.
  const now = opts.now ?? new Date();
  const idsWhere = { shopId_kind: { shopId, kind: WOOCOMMERCE_IDS_KIND } };
  const lastIds = await db.syncState.findUnique({ where: idsWhere });
  let deleted: string[] = [];
  if (!lastIds?.finishedAt || now.getTime() - lastIds.finishedAt.getTime() >= ID_CHECK_EVERY_MS) {
    deleted = (await reconcileWooOrderIds({ db, client }, shopId)).removed;
    const data = { status: "completed", finishedAt: now, processed: deleted.length };
    await db.syncState.upsert({
      where: idsWhere,
      create: { shopId, kind: WOOCOMMERCE_IDS_KIND, ...data },
      update: data,
    });
  }
  return { ...result, removed: result.removed + deleted.length, webhooks, deleted };
}
