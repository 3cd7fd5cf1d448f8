// The scheduled check of the app's webhooks on a connected WooCommerce store. A webhook that
// WooCommerce disabled after failed deliveries (the app was down, or answered errors) or that
// was paused delivers nothing any more, silently: this finds it, turns it back on and records
// what it found, for the Sync page. The orders changed meanwhile are not lost: the sync's
// modified_after catch-up reads every change since its watermark whatever the webhooks did.
//
// Recorded as the SyncState row of kind "woocommerce-webhooks": finishedAt = the last check,
// cursor = JSON of the last incident ({ topics, statuses, detectedAt, reenabledAt }), processed
// = how many webhooks were turned back on so far, error = why the last check failed.
import type { Db } from "~/db/client.server";
import type { WooClient } from "~/platforms/woocommerce/rest-client.server";
import { ensureWooWebhooks } from "~/platforms/woocommerce/store.server";
import { listAppWebhooks } from "~/platforms/woocommerce/webhook-health.server";
import { WOO_WEBHOOKS_KIND, type WooWebhookIncident } from "~/models/sync-status.server";

export interface WooWebhookCheck {
  active: number; // active after the check
  reenabled: WooWebhookIncident | null;
  created: string[]; // topics that were missing (deleted on the store) and were created again
}

export async function checkWooWebhooks(
  deps: { db: Db; client: WooClient },
  shopId: string,
  opts: { deliveryUrl: string; secret: string; now?: Date },
): Promise<WooWebhookCheck> {
  const { db, client } = deps;
  const now = opts.now ?? new Date();
  const where = { shopId_kind: { shopId, kind: WOO_WEBHOOKS_KIND } };
  try {
    const hooks = await listAppWebhooks(client, opts.deliveryUrl);
    const off = hooks.filter((h) => h.status !== "active");
    let incident: WooWebhookIncident | null = null;
    if (off.length > 0) {
      incident = {
        topics: off.map((h) => h.topic),
        statuses: off.map((h) => h.status),
        detectedAt: now.toISOString(),
        reenabledAt: null,
      };
      for (const h of off) await client.setWebhookStatus(h.id, "active");
      incident.reenabledAt = new Date().toISOString();
    }
    // A webhook the merchant deleted on the store is created again (with a ping).
    const created = await ensureWooWebhooks(client, opts);
    const data = {
      status: "completed",
      finishedAt: new Date(),
      error: null,
      ...(incident ? { cursor: JSON.stringify(incident), startedAt: now, processed: { increment: off.length } } : {}),
    };
    await db.syncState.upsert({
      where,
      create: { shopId, kind: WOO_WEBHOOKS_KIND, ...data, processed: off.length },
      update: data,
    });
    return { active: hooks.length + created.length, reenabled: incident, created };
  } catch (e) {
    const error = e instanceof Error ? e.message : String(e);
    await db.syncState.upsert({
      where,
      create: { shopId, kind: WOO_WEBHOOKS_KIND, status: "failed", finishedAt: new Date(), error },
      update: { status: "failed", finishedAt: new Date(), error },
    });
    throw e;
  }
}
