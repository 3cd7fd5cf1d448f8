// The win-back push for a WooCommerce shop: the segment and its fields go onto each registered
// customer as meta data (PUT /wp-json/wc/v3/customers/<id> with meta_data: retention_segment,
// retention_churn_risk, retention_predicted_clv, retention_last_order_date), and a move from one
// segment to another queues the signed "segment changed" webhook to the merchant's URL (the
// WooCommerce stand-in for Shopify Flow; app/winback/segment-webhook.ts).
//
// The same diff, state and checkpoints as the Shopify push (segment-push.server.ts): only
// changes are sent (app/winback/plan.ts against the SegmentPush rows), each confirmed write is
// recorded at once, a run resumes from its last chunk, and one run per shop holds the lease.
// Only the app's keys are named in a request, so the merchant's own meta stays untouched.
// Guests (no account) are not in the chunks; a customer deleted in WooCommerce is recorded as
// failed and left alone until what we would send changes. Switching the push off takes the
// app's meta off again (removeWooSegments).
import type { Db } from "~/db/client.server";
import { enqueueSegmentWebhook } from "~/jobs/enqueue.server";
import type { JobQueue } from "~/jobs/queue.server";
import {
  acquirePushLease,
  customersInAnalysis,
  deletePushStates,
  insightChunk,
  newestInsight,
  pushStateChunk,
  pushStates,
  readPushCursor,
  savePushState,
  updatePushRun,
  type PushCursor,
  type PushStateData,
} from "~/models/segment-push.server";
import { PUSH_STATE_KIND, REMOVE_STATE_KIND, winbackFromSettings } from "~/models/winback.server";
import { putWooCustomerMeta, wooCustomerNumber } from "~/platforms/woocommerce/customer-meta.server";
import { WooApiError, type WooClient } from "~/platforms/woocommerce/rest-client.server";
import { hasWork, plan, type Plan } from "~/winback/plan";
import { TAG_PREFIX, wooMetaKey } from "~/winback/rules";
import { segmentChangedPayload, segmentEventId } from "~/winback/segment-webhook";
import { pushBlockedReason, type PushOptions, type PushOutcome } from "./segment-push.server";

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

class WooRun {
  calls = 0;
  updated = 0;
  failed = 0;
  constructor(
    readonly deps: WooPushDeps,
    readonly shopId: string,
    readonly now: Date,
  ) {}
  get budgetLeft() {
    return this.calls < (this.deps.maxCalls ?? 1000);
  }
  counts() {
    return { mutations: this.calls, updated: this.updated, failed: this.failed };
  }
  save(customerId: string, data: PushStateData) {
    return savePushState(this.deps.db, this.shopId, customerId, data);
  }
  /** One customer's meta; false when WooCommerce refused this customer (recorded on its row). */
  async write(p: Plan): Promise<boolean> {
    const meta = wooMetaFor(p);
    if (!Object.keys(meta).length) return true;
    this.calls++;
    try {
      await putWooCustomerMeta(this.deps.client, p.customerId, meta);
      return true;
    } catch (e) {
      if (!customerRefused(e)) throw e; // the store is away or the keys were revoked: the job retries
      this.failed++;
      const error = (e as Error).message.slice(0, 500);
      await this.save(p.customerId, { error, errorKey: p.errorKey, errorAt: this.now });
      return false;
    }
  }
}

const segmentOf = (tag: string | null) => (tag?.startsWith(TAG_PREFIX) ? tag.slice(TAG_PREFIX.length) : null);

async function applyPlans(
  run: WooRun,
  plans: Plan[],
  shop: { domain: string; currency: string; settings: string },
  pass: string | null,
) {
  const { db, queue } = run.deps;
  const webhookUrl = winbackFromSettings(shop.settings).segmentWebhookUrl;
  const customers = new Map(
    (
      await db.customer.findMany({
        where: { shopId: run.shopId, id: { in: plans.map((p) => p.customerId) } },
        select: { id: true, email: true, firstName: true, lastName: true },
      })
    ).map((c) => [c.id, c]),
  );
  for (const p of plans) {
    const number = wooCustomerNumber(p.customerId);
    if (!number) continue; // not a WooCommerce account (an imported id): nothing to write to
    if (!(await run.write(p))) continue;
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

/** Pushes the shop's segments to WooCommerce: one run, at most `maxCalls` customer updates ("more": run again). */
export async function pushWooSegments(deps: WooPushDeps, shopId: string, opts: PushOptions = {}): Promise<PushOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const blocked = await pushBlockedReason(db, shopId, "woocommerce");
  if (blocked) return { status: "stopped", reason: blocked };
  if (!(await acquirePushLease(db, shopId, PUSH_STATE_KIND))) return { status: "busy" };
  const run = new WooRun(deps, shopId, now);
  const finish = (
    status: string,
    cursor: PushCursor | null | undefined,
    extra: { error?: string | null; finishedAt?: Date } = {},
  ) => updatePushRun(db, shopId, PUSH_STATE_KIND, { status, cursor, ...extra });
  try {
    const shop = await db.shop.findUniqueOrThrow({
      where: { id: shopId },
      select: { domain: true, currency: true, settings: true },
    });
    const saved = await readPushCursor(db, shopId, PUSH_STATE_KIND);
    let cursor: PushCursor = saved ?? { phase: "customers", after: null, since: await newestInsight(db, shopId) };
    if (!saved) await updatePushRun(db, shopId, PUSH_STATE_KIND, { processed: 0, total: null });
    const size = deps.chunkSize ?? 100;
    for (;;) {
      if (!run.budgetLeft) {
        await finish("queued", cursor);
        return { status: "more", ...run.counts() };
      }
      const reason = await pushBlockedReason(db, shopId, "woocommerce");
      if (reason) {
        if (reason !== "unknown-shop") await finish("stopped", cursor);
        return { status: "stopped", reason };
      }
      const before = run.updated;
      let plans: Plan[];
      if (cursor.phase === "customers") {
        const rows = await insightChunk(db, shopId, cursor.after, size);
        const states = await pushStates(
          db,
          shopId,
          rows.map((r) => r.customerId),
        );
        plans = rows.map((r) => plan(r.customerId, states.get(r.customerId) ?? null, r, shop.currency));
        if (rows.length < size) cursor = { ...cursor, phase: "departed", after: null };
        else cursor = { ...cursor, after: rows.at(-1)?.customerId ?? null };
      } else {
        // Customers no longer in the analysis: the app's meta comes off them.
        const states = await pushStateChunk(db, shopId, cursor.after, size);
        const present = await customersInAnalysis(
          db,
          shopId,
          states.map((s) => s.customerId),
        );
        plans = states.filter((s) => !present.has(s.customerId)).map((s) => plan(s.customerId, s, null, shop.currency));
        cursor = { ...cursor, after: states.at(-1)?.customerId ?? null };
        if (states.length < size) cursor = { ...cursor, after: null, phase: "customers" };
      }
      const todo = plans.filter(
        (p) => hasWork(p) && (opts.retryFailed || !p.state?.errorKey || p.state.errorKey !== p.errorKey),
      );
      await applyPlans(run, todo, shop, cursor.since);
      const departed = plans.filter((p) => !p.insight && !p.state?.errorKey);
      await deletePushStates(
        db,
        shopId,
        departed.map((p) => p.customerId),
      );
      await updatePushRun(db, shopId, PUSH_STATE_KIND, { cursor, processed: { increment: run.updated - before } });
      if (cursor.phase === "customers" && cursor.after === null) {
        const newest = await newestInsight(db, shopId);
        if (newest !== cursor.since) {
          await finish("queued", { phase: "customers", after: null, since: newest });
          return { status: "more", ...run.counts() };
        }
        await finish("completed", null, { error: null, finishedAt: new Date() });
        return { status: "done", ...run.counts() };
      }
    }
  } catch (e) {
    await finish("failed", undefined, {
      error: e instanceof Error ? e.message : String(e),
      finishedAt: new Date(),
    }).catch(() => undefined);
    throw e;
  }
}

/**
 * Takes the app's meta off every WooCommerce customer it pushed to (the merchant switched the
 * push off). Only while the push stays off; rows go as they are cleared, so a crashed run simply
 * starts again on what is left.
 */
export async function removeWooSegments(deps: WooPushDeps, shopId: string): Promise<PushOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const check = async () => {
    const reason = await pushBlockedReason(db, shopId, "woocommerce");
    return reason === "disabled" ? null : (reason ?? "enabled");
  };
  const first = await check();
  if (first) return { status: "stopped", reason: first };
  if (!(await acquirePushLease(db, shopId, REMOVE_STATE_KIND))) return { status: "busy" };
  const run = new WooRun(deps, shopId, now);
  const update = (data: Parameters<typeof updatePushRun>[3]) => updatePushRun(db, shopId, REMOVE_STATE_KIND, data);
  try {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
    for (;;) {
      if (!run.budgetLeft) {
        await update({ status: "queued" });
        return { status: "more", ...run.counts() };
      }
      const reason = await check();
      if (reason) {
        if (reason !== "unknown-shop") await update({ status: "stopped" });
        return { status: "stopped", reason };
      }
      const states = await pushStateChunk(db, shopId, null, deps.chunkSize ?? 100);
      if (!states.length) {
        await update({ status: "completed", finishedAt: new Date() });
        return { status: "done", ...run.counts() };
      }
      for (const s of states) {
        const p = plan(s.customerId, s, null, shop.currency);
        // A customer WooCommerce no longer has carries no meta: the row goes all the same.
        if (wooCustomerNumber(s.customerId)) await run.write(p);
        run.updated++;
      }
      run.failed = 0;
      await deletePushStates(
        db,
        shopId,
        states.map((s) => s.customerId),
      );
      await update({ processed: { increment: states.length } });
    }
  } catch (e) {
    await update({ status: "failed", error: e instanceof Error ? e.message : String(e), finishedAt: new Date() }).catch(
      () => undefined,
    );
    throw e;
  }
}
