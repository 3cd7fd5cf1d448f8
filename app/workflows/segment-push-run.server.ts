// The win-back run both platforms share: one run per shop (the lease), a call budget after which
// a continuation job takes over, the blocked-reason check at every chunk boundary, the cursor
// (customers by id, then the departed ones) recorded after each chunk so a crashed or killed run
// resumes where the last finished chunk left it, another pass when a refresh rewrote the insights
// meanwhile, and the run's state on failure. What a chunk sends, and how, is the platform's
// writer: Shopify's tags, metafields and Flow trigger (segment-push.server.ts), WooCommerce's
// customer meta and segment webhook (woo-segment-push.server.ts).
import type { Db } from "~/db/client.server";
import { isDemoShop } from "~/demo/demo-mode.server";
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
import { hasWork, plan, type Plan } from "~/winback/plan";

export type PushPlatform = "shopify" | "woocommerce";

export interface PushOptions {
  /** Try customers again whose last attempt failed, even if what we would send is unchanged (Push now). */
  retryFailed?: boolean;
}

export type PushBlock = "unknown-shop" | "not-shopify" | "uninstalled" | "demo" | "disabled";

export type PushOutcome =
  | { status: "done" | "more"; mutations: number; updated: number; failed: number }
  /** Another run holds the lease until `lapsesAt` (or died holding it): try again then. */
  | { status: "busy"; lapsesAt: Date }
  | { status: "stopped"; reason: PushBlock | "enabled" };

/**
 * Why a shop may not be pushed now, or null when it may. Checked before and during every push.
 * `platform`: the push asking (Shopify's tags and metafields, or WooCommerce's meta data); without
 * it, either platform's shop may be pushed.
 */
export async function pushBlockedReason(db: Db, shopId: string, platform?: PushPlatform): Promise<PushBlock | null> {
  const shop = await db.shop.findUnique({
    where: { id: shopId },
    select: { platform: true, domain: true, installState: true, settings: true },
  });
  if (!shop) return "unknown-shop";
  if (platform ? shop.platform !== platform : shop.platform !== "shopify" && shop.platform !== "woocommerce")
    return "not-shopify";
  if (shop.installState !== "installed") return "uninstalled";
  // The demo shop in demo mode has no Shopify store behind it: it must never be pushed.
  if (isDemoShop(shop.domain)) return "demo";
  if (!winbackFromSettings(shop.settings).pushEnabled) return "disabled";
  return null;
}

/** What either writer needs of the shop, read once per run. */
export interface PushShop {
  domain: string;
  currency: string;
  timezone: string;
  settings: string;
}

/** One run's tallies and the per-customer bookkeeping both platforms share. */
export class PushRun {
  updated = 0;
  failed = 0;

  constructor(
    readonly db: Db,
    readonly shopId: string,
    readonly now: Date,
    readonly shop: PushShop,
  ) {}

  save(customerId: string, data: PushStateData) {
    return savePushState(this.db, this.shopId, customerId, data);
  }

  /** The platform refused this customer's change: recorded on its row, so it is left alone until what we would send changes. */
  async fail(p: Plan, error: string) {
    if (p.failed) return;
    p.failed = true;
    this.failed++;
    await this.save(p.customerId, { error: error.slice(0, 500), errorKey: p.errorKey, errorAt: this.now });
  }

  /** These customers' rows go (nothing of ours is left on them); a failure among them no longer counts. */
  async forget(plans: Plan[]) {
    if (!plans.length) return;
    await deletePushStates(
      this.db,
      this.shopId,
      plans.map((p) => p.customerId),
    );
    this.failed -= plans.filter((p) => p.failed).length;
  }

  counts(calls: number) {
    return { mutations: calls, updated: this.updated, failed: this.failed };
  }
}

/** How one platform sends a chunk; its calls are what the run's budget counts. */
export interface SegmentWriter {
  readonly platform: PushPlatform;
  /** Calls sent by this run so far. */
  readonly calls: number;
  /** Whether the run may start another chunk (the platform's call budget). */
  budgetLeft(): boolean;
  /** Once per push run, before the first chunk. */
  prepare?(run: PushRun): Promise<void>;
  /**
   * One chunk of the push: `todo` are the plans to send; `plans` the whole chunk (some with nothing
   * to send); `pass` the insight stamp the pass began with.
   */
  apply(run: PushRun, chunk: { plans: Plan[]; todo: Plan[]; pass: string | null }): Promise<void>;
  /** After a chunk: the customers no longer in the analysis, whose data just came off. */
  clearDeparted(run: PushRun, departed: Plan[]): Promise<void>;
  /** One chunk of the removal: the app's data off these customers (their rows go afterwards, whatever the answer). */
  takeOff(run: PushRun, plans: Plan[]): Promise<void>;
}

export interface PushRunDeps {
  db: Db;
  /** Customers per chunk (default 100). */
  chunkSize?: number;
  now?: () => Date;
}

const SHOP_SELECT = { domain: true, currency: true, timezone: true, settings: true } as const;

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Pushes the shop's segments through `writer`: one run, until the writer's budget is spent.
 * "more" means the caller should run it again (budget spent, or the insights changed during the pass).
 */
export async function runPush(
  deps: PushRunDeps,
  writer: SegmentWriter,
  shopId: string,
  opts: PushOptions = {},
): Promise<PushOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const blocked = await pushBlockedReason(db, shopId, writer.platform);
  if (blocked) return { status: "stopped", reason: blocked };
  const lease = await acquirePushLease(db, shopId, PUSH_STATE_KIND);
  if (!lease.acquired) return { status: "busy", lapsesAt: lease.lapsesAt };
  // `cursor` undefined: the stored position stays as the last finished chunk left it.
  const finish = (
    status: string,
    cursor: PushCursor | null | undefined,
    extra: { error?: string | null; finishedAt?: Date } = {},
  ) => updatePushRun(db, shopId, PUSH_STATE_KIND, { status, cursor, ...extra });
  try {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: SHOP_SELECT });
    const run = new PushRun(db, shopId, now, shop);
    const counts = () => run.counts(writer.calls);
    const saved = await readPushCursor(db, shopId, PUSH_STATE_KIND);
    let cursor: PushCursor = saved ?? { phase: "customers", after: null, since: await newestInsight(db, shopId) };
    if (!saved) await updatePushRun(db, shopId, PUSH_STATE_KIND, { processed: 0, total: null });
    await writer.prepare?.(run);
    const size = deps.chunkSize ?? 100;
    for (;;) {
      if (!writer.budgetLeft()) {
        await finish("queued", cursor);
        return { status: "more", ...counts() };
      }
      // Switched off, uninstalled or redacted while running: stop at the chunk boundary.
      const reason = await pushBlockedReason(db, shopId, writer.platform);
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
        // Customers we pushed to who are no longer in the analysis (all their orders gone): our data comes off them.
        const states = await pushStateChunk(db, shopId, cursor.after, size);
        const present = await customersInAnalysis(
          db,
          shopId,
          states.map((s) => s.customerId),
        );
        plans = states.filter((s) => !present.has(s.customerId)).map((s) => plan(s.customerId, s, null, shop.currency));
        cursor = { ...cursor, after: states.at(-1)?.customerId ?? null };
        if (states.length < size) cursor = { ...cursor, after: null, phase: "customers" }; // the pass is over
      }
      const todo = plans.filter(
        (p) => hasWork(p) && (opts.retryFailed || !p.state?.errorKey || p.state.errorKey !== p.errorKey),
      );
      await writer.apply(run, { plans, todo, pass: cursor.since });
      await writer.clearDeparted(
        run,
        plans.filter((p) => !p.insight),
      );
      await updatePushRun(db, shopId, PUSH_STATE_KIND, { cursor, processed: { increment: run.updated - before } });

      if (cursor.phase === "customers" && cursor.after === null) {
        // The pass is complete. If a refresh rewrote the insights meanwhile, another pass follows.
        const newest = await newestInsight(db, shopId);
        if (newest !== cursor.since) {
          await finish("queued", { phase: "customers", after: null, since: newest });
          return { status: "more", ...counts() };
        }
        await finish("completed", null, { error: null, finishedAt: new Date() });
        return { status: "done", ...counts() };
      }
    }
  } catch (e) {
    // The next run resumes from the last chunk that finished (the shop may have been redacted meanwhile).
    await finish("failed", undefined, { error: errorText(e), finishedAt: new Date() }).catch(() => undefined);
    throw e;
  }
}

/**
 * Takes the app's data off every customer it pushed to (the merchant switched the push off and
 * asked for this). Only while the push stays off; rows go as they are cleared, so a crashed run
 * simply starts again on what is left.
 */
export async function runRemoval(deps: PushRunDeps, writer: SegmentWriter, shopId: string): Promise<PushOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const check = async () => {
    const reason = await pushBlockedReason(db, shopId, writer.platform);
    return reason === "disabled" ? null : (reason ?? "enabled");
  };
  const first = await check();
  if (first) return { status: "stopped", reason: first };
  const lease = await acquirePushLease(db, shopId, REMOVE_STATE_KIND);
  if (!lease.acquired) return { status: "busy", lapsesAt: lease.lapsesAt };
  const update = (data: Parameters<typeof updatePushRun>[3]) => updatePushRun(db, shopId, REMOVE_STATE_KIND, data);
  try {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: SHOP_SELECT });
    const run = new PushRun(db, shopId, now, shop);
    for (;;) {
      if (!writer.budgetLeft()) {
        await update({ status: "queued" });
        return { status: "more", ...run.counts(writer.calls) };
      }
      const reason = await check();
      if (reason) {
        if (reason !== "unknown-shop") await update({ status: "stopped" });
        return { status: "stopped", reason };
      }
      const states = await pushStateChunk(db, shopId, null, deps.chunkSize ?? 100);
      if (!states.length) {
        await update({ status: "completed", finishedAt: new Date() });
        return { status: "done", ...run.counts(writer.calls) };
      }
      const plans = states.map((s) => plan(s.customerId, s, null, shop.currency));
      await writer.takeOff(run, plans);
      await run.forget(plans);
      await update({ processed: { increment: plans.length } });
    }
  } catch (e) {
    await update({ status: "failed", error: errorText(e), finishedAt: new Date() }).catch(() => undefined);
    throw e;
  }
}
