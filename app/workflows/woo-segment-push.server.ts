// The win-back push for a WooCommerce shop: the segment and its fields go onto each registered
// customer as meta data (PUT /wp-json/wc/v3/customers/<id> with meta_data: retention_segment,
// retention_churn_risk, retention_predicted_clv, retention_last_order_date), and a move from one
// segment to another queues the signed "segment changed" webhook to the merchant's URL (the
// WooCommerce stand-in for Shopify Flow; app/winback/segment-webhook.ts).
//
// The same diff, state and run as the Shopify push (the run both share: segment-push-run.server.ts;
// this file is WooCommerce's writer): only changes are sent (app/winback/plan.ts against the
// SegmentPush rows), each confirmed write is recorded at once, a run resumes from its last chunk,
// and one run per shop holds the lease.
// Only the app's keys are named in a request, so the merchant's own meta stays untouched.
// Guests (no account) are not in the chunks; a customer deleted in WooCommerce is recorded as
// failed and left alone until what we would send changes. Switching the push off takes the
// app's meta off again (removeWooSegments).
import type { Db } from "~/db/client.server";
import { enqueueSegmentWebhook } from "~/jobs/enqueue.server";
import type { JobQueue } from "~/jobs/queue.server";
import { deletePushStates } from "~/models/segment-push.server";
import { winbackFromSettings } from "~/models/winback.server";
import { putWooCustomerMeta, wooCustomerNumber } from "~/platforms/woocommerce/customer-meta.server";
import { WooApiError, type WooClient } from "~/platforms/woocommerce/rest-client.server";
import type { Plan } from "~/winback/plan";
import { TAG_PREFIX, wooMetaKey } from "~/winback/rules";
import { segmentChangedPayload, segmentEventId } from "~/winback/segment-webhook";
import {
  runPush,
  runRemoval,
  type PushOptions,
  type PushOutcome,
  type PushRun,
  type SegmentWriter,
} from "./segment-push-run.server";

export interface WooPushDeps {
  db: Db;
  client: WooClient;
  queue: JobQueue;
  /** Customer updates one run makes at most before it hands over to a continuation job (default 1000). */
  maxCalls?: number;
  chunkSize?: number; // default 100
  now?: () => Date;
}

/** The meta a plan writes: its fields set, its cleared fields null (WooCommerce deletes those keys). */
export function wooMetaFor(p: Plan): Record<string, string | null> {
  return Object.fromEntries([
    ...p.set.map((f) => [wooMetaKey(f.key), f.value] as const),
    ...p.unset.map((f) => [wooMetaKey(f.key), null] as const),
  ]);
}

/** WooCommerce's answer for a customer it does not have (deleted since): a refusal of this one customer. */
const customerRefused = (e: unknown) =>
  e instanceof WooApiError && e.kind === "http" && e.status !== undefined && e.status >= 400 && e.status < 500;

const segmentOf = (tag: string | null) => (tag?.startsWith(TAG_PREFIX) ? tag.slice(TAG_PREFIX.length) : null);

/** WooCommerce's side of the run: one REST update per customer, a budget of updates per run. */
class WooWriter implements SegmentWriter {
  readonly platform = "woocommerce";
  calls = 0;

  constructor(readonly deps: WooPushDeps) {}

  budgetLeft() {
    return this.calls < (this.deps.maxCalls ?? 1000);
  }

  /** One customer's meta; false when WooCommerce refused this customer (recorded on its row). */
  async write(run: PushRun, p: Plan): Promise<boolean> {
    const meta = wooMetaFor(p);
    if (!Object.keys(meta).length) return true;
    this.calls++;
    try {
      await putWooCustomerMeta(this.deps.client, p.customerId, meta);
      return true;
    } catch (e) {
      if (!customerRefused(e)) throw e; // the store is away or the keys were revoked: the job retries
      await run.fail(p, (e as Error).message);
      return false;
    }
  }

  async apply(run: PushRun, { todo, pass }: { todo: Plan[]; pass: string | null }) {
    const { db, queue } = this.deps;
    const { shop } = run;
    const webhookUrl = winbackFromSettings(shop.settings).segmentWebhookUrl;
    const customers = new Map(
      (
        await db.customer.findMany({
          where: { shopId: run.shopId, id: { in: todo.map((p) => p.customerId) } },
          select: { id: true, email: true, firstName: true, lastName: true },
        })
      ).map((c) => [c.id, c]),
    );
    for (const p of todo) {
      const number = wooCustomerNumber(p.customerId);
      if (!number) continue; // not a WooCommerce account (an imported id): nothing to write to
      if (!(await this.write(run, p))) continue;
      const from = segmentOf(p.state?.tag ?? null);
      // The event is queued before the state is saved: a crash in between queues it again with the same id.
      if (webhookUrl && p.insight && from && from !== p.insight.segment) {
        const c = customers.get(p.customerId);
        const change = {
          shopId: run.shopId,
          shopDomain: shop.domain,
          currency: shop.currency,
          customerId: p.customerId,
          platformCustomerId: number,
          email: c?.email ?? null,
          firstName: c?.firstName ?? null,
          lastName: c?.lastName ?? null,
          from,
          insight: p.insight,
          pass,
          occurredAt: run.now,
        };
        await enqueueSegmentWebhook(queue, run.shopId, {
          eventId: segmentEventId(change),
          body: JSON.stringify(segmentChangedPayload(change)),
        });
      }
      run.updated++;
      await run.save(p.customerId, {
        tag: p.addTag ?? (p.removeTag ? null : (p.state?.tag ?? null)),
        ...Object.fromEntries(p.set.map((f) => [f.column, f.value])),
        ...Object.fromEntries(p.unset.map((f) => [f.column, null])),
        error: null,
        errorKey: null,
        errorAt: null,
      });
    }
  }

  /** Their meta came off; a customer whose earlier write was refused keeps its row (and its failure shown). */
  async clearDeparted(run: PushRun, departed: Plan[]) {
    await deletePushStates(
      run.db,
      run.shopId,
      departed.filter((p) => !p.state?.errorKey).map((p) => p.customerId),
    );
  }

  async takeOff(run: PushRun, plans: Plan[]) {
    for (const p of plans) {
      // A customer WooCommerce no longer has carries no meta: the row goes all the same.
      if (wooCustomerNumber(p.customerId)) await this.write(run, p);
      run.updated++;
    }
  }
}

/** Pushes the shop's segments to WooCommerce: one run, at most `maxCalls` customer updates ("more": run again). */
export function pushWooSegments(deps: WooPushDeps, shopId: string, opts: PushOptions = {}): Promise<PushOutcome> {
  return runPush(deps, new WooWriter(deps), shopId, opts);
}

/**
 * Takes the app's meta off every WooCommerce customer it pushed to (the merchant switched the
 * push off). Only while the push stays off; rows go as they are cleared, so a crashed run simply
 * starts again on what is left.
 */
export function removeWooSegments(deps: WooPushDeps, shopId: string): Promise<PushOutcome> {
  return runRemoval(deps, new WooWriter(deps), shopId);
}
