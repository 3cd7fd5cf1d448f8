// What the Sync status page shows: backfill and catch-up progress, the last webhook, and
// the webhooks that failed (with their error), for one shop.
import type { Db } from "~/db/client.server";

/** The SyncState kind of the WooCommerce webhook check (app/workflows/sync/woocommerce-webhook-health.server.ts). */
export const WOO_WEBHOOKS_KIND = "woocommerce-webhooks";

/** Webhooks WooCommerce had switched off (after failed deliveries, or paused), and when the app turned them on again. */
export interface WooWebhookIncident {
  topics: string[];
  statuses: string[]; // what WooCommerce had set, per topic: "disabled" | "paused"
  detectedAt: string;
  reenabledAt: string | null;
}

function parseWooWebhookIncident(cursor: string | null | undefined): WooWebhookIncident | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(cursor) as WooWebhookIncident;
    return Array.isArray(v.topics) && Array.isArray(v.statuses) && typeof v.detectedAt === "string" ? v : null;
  } catch {
    return null;
  }
}

/** The runs a platform has: Shopify's history backfill and catch-up; WooCommerce's one sync (every 15 minutes). */
const RUNS = { shopify: ["backfill", "reconcile"], woocommerce: ["woocommerce"] } as const;

export async function syncStatus(db: Db, shopId: string, platform: "shopify" | "woocommerce" = "shopify") {
  const [states, lastWebhook, failed] = await Promise.all([
    db.syncState.findMany({ where: { shopId } }),
    db.webhookEvent.findFirst({
      where: { shopId },
      orderBy: { receivedAt: "desc" },
      select: { receivedAt: true, topic: true },
    }),
    db.webhookEvent.findMany({
      where: { shopId, status: "failed" },
      orderBy: { receivedAt: "desc" },
      take: 20,
      select: { topic: true, receivedAt: true, error: true },
    }),
  ]);
  const view = (kind: string) => {
    // The demo shop's history came from the generator (its "demo-seed" row), not a backfill:
    // shown as its history sync rather than "Not started, 0 records" beside thousands of customers.
    const s =
      states.find((x) => x.kind === kind) ??
      (kind === "backfill" ? states.find((x) => x.kind === "demo-seed") : undefined);
    return {
      kind,
      status: (s?.status ?? "idle") as "idle" | "running" | "completed" | "failed",
      processed: s?.processed ?? 0,
      total: s?.total ?? null,
      percent: s?.total
        ? Math.min(100, Math.round(((s.processed ?? 0) / s.total) * 100))
        : s?.status === "completed"
          ? 100
          : null,
      error: s?.error ?? null,
      startedAt: s?.startedAt?.toISOString() ?? null,
      finishedAt: s?.finishedAt?.toISOString() ?? null,
    };
  };
  const hooks = states.find((x) => x.kind === WOO_WEBHOOKS_KIND);
  return {
    backfill: view("backfill"),
    reconcile: view("reconcile"),
    runs: RUNS[platform].map(view),
    /** WooCommerce stores: the modified_after sync (null for Shopify shops). */
    woocommerce: states.some((x) => x.kind === "woocommerce") ? view("woocommerce") : null,
    /** WooCommerce stores: the last check of the app's webhooks on the store. */
    wooWebhooks: hooks
      ? {
          checkedAt: hooks.finishedAt?.toISOString() ?? null,
          checkError: hooks.status === "failed" ? (hooks.error ?? "") : null,
          reenabledTotal: hooks.processed,
          lastIncident: parseWooWebhookIncident(hooks.cursor),
        }
      : null,
    lastWebhook: lastWebhook ? { topic: lastWebhook.topic, receivedAt: lastWebhook.receivedAt.toISOString() } : null,
    failedWebhooks: failed.map((f) => ({
      topic: f.topic,
      receivedAt: f.receivedAt.toISOString(),
      error: f.error ?? "",
    })),
  };
}
