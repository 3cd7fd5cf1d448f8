// Catch-up: webhooks can be missed (downtime, a deleted subscription). On a schedule, ask
// Shopify for every order and customer updated after the last watermark, page by page,
// write them through the ingest model (older versions never win), and move the watermark.
// Pages are spaced by Shopify's cost bucket so the catch-up never starves other calls.
import type { Db } from "~/db/client.server";
import { CUSTOMERS_UPDATED_SINCE_QUERY, ORDERS_UPDATED_SINCE_QUERY } from "~/platforms/shopify/graphql/bulk";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { applyOrderToLedger } from "~/models/loyalty-ledger.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { adminQuery, refillWaitMs, type AdminQueryOptions } from "~/platforms/shopify/admin-graphql.server";
import { customerFromGraphql, orderFromGraphql } from "~/platforms/shopify/graphql-records";

export interface ReconcileDeps {
  db: Db;
  graphql: AdminGraphql;
  query?: Pick<AdminQueryOptions, "sleep" | "maxAttempts" | "timeoutMs">;
}

type Page = { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Record<string, unknown>[] };

export interface ReconcileResult {
  orders: number;
  customers: number;
  watermark: string;
}

/** Overlap with the previous run, so an update written just as the last run read is not missed. */
const OVERLAP_MS = 5 * 60_000;

export async function reconcile(deps: ReconcileDeps, shopId: string, now = new Date()): Promise<ReconcileResult> {
  const { db } = deps;
  const state = await db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: "reconcile" } } });
  const since = new Date(Date.parse(state?.cursor ?? "1970-01-01T00:00:00Z") - OVERLAP_MS).toISOString();
  await db.syncState.upsert({
    where: { shopId_kind: { shopId, kind: "reconcile" } },
    create: { shopId, kind: "reconcile", status: "running", cursor: state?.cursor ?? null, startedAt: now },
    update: { status: "running", startedAt: now, error: null },
  });
  const sleep = deps.query?.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  try {
    let newest = Date.parse(state?.cursor ?? "1970-01-01T00:00:00Z");
    const walk = async (
      document: string,
      key: "orders" | "customers",
      write: (nodes: Record<string, unknown>[]) => Promise<void>,
    ) => {
      let after: string | null = null;
      let count = 0;
      for (;;) {
        const result: {
          data: Record<string, Page>;
          cost?: { requestedQueryCost: number; throttleStatus: Parameters<typeof refillWaitMs>[0] };
        } = await adminQuery<Record<string, Page>>(deps.graphql, document, {
          ...deps.query,
          variables: { query: `updated_at:>'${since}'`, after },
        });
        const { cost } = result;
        const page: Page = result.data[key];
        await write(page.nodes);
        count += page.nodes.length;
        for (const n of page.nodes) newest = Math.max(newest, Date.parse(String(n.updatedAt ?? 0)));
        if (!page.pageInfo.hasNextPage) return count;
        after = page.pageInfo.endCursor;
        // Leave the bucket room for the next page before asking.
        if (cost) {
          const wait = refillWaitMs(cost.throttleStatus, cost.requestedQueryCost);
          if (wait > 0) await sleep(wait);
        }
      }
    };
    const customers = await walk(CUSTOMERS_UPDATED_SINCE_QUERY, "customers", async (nodes) => {
      await upsertCustomers(db, shopId, nodes.map(customerFromGraphql));
    });
    const orders = await walk(ORDERS_UPDATED_SINCE_QUERY, "orders", async (nodes) => {
      const batch = nodes.map(orderFromGraphql);
      await upsertOrders(db, shopId, batch);
      // A change a missed webhook lost (a cancel, a refund) reaches the loyalty ledger too.
      for (const o of batch) await applyOrderToLedger(db, shopId, o.id);
    });
    const watermark = new Date(newest).toISOString();
    await db.syncState.update({
      where: { shopId_kind: { shopId, kind: "reconcile" } },
      data: { status: "completed", cursor: watermark, processed: orders + customers, finishedAt: new Date() },
    });
    return { orders, customers, watermark };
  } catch (e) {
    await db.syncState.update({
      where: { shopId_kind: { shopId, kind: "reconcile" } },
      data: { status: "failed", error: e instanceof Error ? e.message : String(e), finishedAt: new Date() },
    });
    throw e;
  }
}
