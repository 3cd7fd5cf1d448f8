// The win-back push: after each analytics refresh, every customer with a Shopify account gets
// the app's one segment tag (`retention:inactive`, ...) and the retention metafields, and a
// customer who moves into "inactive" starts the "Customer became inactive" Flow trigger once.
//
// Only changes are sent (app/winback/plan.ts diffs the fresh insight rows against what Shopify
// was last told), and each confirmed change is written back at once (app/models/
// segment-push.server.ts), so a push that crashed resumes without re-sending what landed.
// Customers go in chunks (by customer id); the run records its position after each chunk and
// stops after a call budget, leaving the rest to a continuation job.
//
// Per customer, in order: the old tag off and the new one on (tagsRemove / tagsAdd, which
// never touch the merchant's own tags), the metafields (metafieldsSet, 25 per call, across
// customers), then the Flow trigger, so a workflow already sees the tag and fields. The
// trigger is owed (flowPending) from the moment the move is seen and claimed just before it is
// sent: it is sent at most once, even when the answer is lost. A userError (a customer deleted
// in Shopify) is recorded on that customer, who is then left alone until what we would send
// changes (or the merchant presses Push now); the others carry on.
import type { Db } from "~/db/client.server";
import { isDemoShop } from "~/demo/demo-mode.server";
import { enqueueSegmentPush, enqueueSegmentTagRemoval } from "~/jobs/enqueue.server";
import type { MessageKey } from "~/i18n";
import type { JobQueue } from "~/jobs/queue.server";
import {
  acquirePushLease,
  claimFlowTrigger,
  customersInAnalysis,
  definitionsDone,
  deletePushStates,
  insightChunk,
  markDefinitionsDone,
  newestInsight,
  pushStateChunk,
  pushStates,
  readPushCursor,
  releaseFlowTrigger,
  savePushState,
  setFlowOwed,
  updatePushRun,
  type PushCursor,
  type PushStateData,
} from "~/models/segment-push.server";
import {
  PUSH_STATE_KIND,
  REMOVE_STATE_KIND,
  setPushEnabled,
  setSegmentWebhookUrl,
  winbackFromSettings,
} from "~/models/winback.server";
import { AdminApiOutcomeUnknownError, type AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import {
  addCustomerTags,
  createCustomerMetafieldDefinition,
  customerGid,
  deleteMetafields,
  metafieldErrorIndex,
  METAFIELDS_PER_CALL,
  PacedAdmin,
  receiveFlowTrigger,
  removeCustomerTags,
  setMetafields as setCustomerMetafields,
  type PacerOptions,
  type PlainUserError,
} from "~/platforms/shopify/customer-segments.server";
import { hasWork, flowPayload, pack, plan, type Plan } from "~/winback/plan";
import { FLOW_TRIGGER_HANDLE, METAFIELD_NAMESPACE, METAFIELDS } from "~/winback/rules";
import { parseSegmentWebhookUrl } from "~/winback/segment-webhook";

export interface SegmentPushDeps {
  db: Db;
  graphql: AdminGraphql;
  query?: PacerOptions;
  /** Calls one run makes at most before it hands over to a continuation job (default 1000). */
  maxMutations?: number;
  /** Customers per chunk (default 100). */
  chunkSize?: number;
  now?: () => Date;
}

export interface PushOptions {
  /** Try customers again whose last attempt failed, even if what we would send is unchanged (Push now). */
  retryFailed?: boolean;
}

export type PushBlock = "unknown-shop" | "not-shopify" | "uninstalled" | "demo" | "disabled";

export type PushOutcome =
  | { status: "done" | "more"; mutations: number; updated: number; failed: number }
  | { status: "busy" }
  | { status: "stopped"; reason: PushBlock | "enabled" };

/**
 * Why a shop may not be pushed now, or null when it may. Checked before and during every push.
 * `platform`: the push asking (Shopify's tags and metafields, or WooCommerce's meta data); without
 * it, either platform's shop may be pushed.
 */
export async function pushBlockedReason(
  db: Db,
  shopId: string,
  platform?: "shopify" | "woocommerce",
): Promise<PushBlock | null> {
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

/**
 * Queues a push unless the shop may not be pushed (switched off, demo shop, not Shopify,
 * uninstalled): false then. One job id per shop, so a second request while one waits is the same job.
 */
export async function requestSegmentPush(
  db: Db,
  queue: JobQueue,
  shopId: string,
  opts: { retryFailed?: boolean } = {},
): Promise<boolean> {
  if (await pushBlockedReason(db, shopId)) return false;
  await enqueueSegmentPush(queue, shopId, opts);
  return true;
}

export type WinbackIntent = "settings" | "push" | "remove" | "webhook";

/**
 * What the merchant asked for on the Win-back page: switch the push on or off (on: the first
 * push starts now rather than after the next refresh; off: a running push stops at its next
 * chunk), push now (failed customers tried again), or take the app's tags and fields off.
 */
export async function applyWinbackIntent(
  db: Db,
  queue: JobQueue,
  shop: { id: string; domain: string; settings: string; platform?: string },
  intent: WinbackIntent,
  pushEnabled: boolean,
  segmentWebhookUrl = "",
): Promise<{ error?: MessageKey; status?: number }> {
  const enabled = winbackFromSettings(shop.settings).pushEnabled;
  if (intent === "webhook") {
    const url = parseSegmentWebhookUrl(segmentWebhookUrl);
    if (url instanceof Error) return { error: "winback.error.webhookUrl", status: 400 };
    await setSegmentWebhookUrl(db, shop.id, url);
    return {};
  }
  if (intent === "settings") {
    await setPushEnabled(db, shop.id, pushEnabled);
    if (pushEnabled) await requestSegmentPush(db, queue, shop.id);
    // WooCommerce: switched off means the app's meta comes off the customers (no separate step).
    else if (enabled && shop.platform === "woocommerce" && !isDemoShop(shop.domain))
      await enqueueSegmentTagRemoval(queue, shop.id);
    return {};
  }
  if (intent !== "push" && intent !== "remove") return { error: "winback.error.disabled", status: 400 };
  if (isDemoShop(shop.domain)) return { error: "winback.error.demo", status: 422 };
  if (intent === "push") {
    if (!enabled) return { error: "winback.error.disabled", status: 422 };
    await requestSegmentPush(db, queue, shop.id, { retryFailed: true });
  } else {
    if (enabled) return { error: "winback.error.enabled", status: 422 };
    await enqueueSegmentTagRemoval(queue, shop.id);
  }
  return {};
}

class Run {
  updated = 0;
  failed = 0;
  readonly db: Db;
  readonly admin: PacedAdmin;

  constructor(
    readonly deps: SegmentPushDeps,
    readonly shopId: string,
    readonly now: Date,
  ) {
    this.db = deps.db;
    this.admin = new PacedAdmin(deps.graphql, deps.query);
  }

  get mutations() {
    return this.admin.calls;
  }

  get budgetLeft() {
    return this.admin.calls < (this.deps.maxMutations ?? 1000);
  }

  save(customerId: string, data: PushStateData) {
    return savePushState(this.db, this.shopId, customerId, data);
  }

  async fail(p: Plan, errors: (PlainUserError | string)[]) {
    if (p.failed) return;
    p.failed = true;
    this.failed++;
    const error =
      errors
        .map((e) => (typeof e === "string" ? e : e.message))
        .join("; ")
        .slice(0, 500) || "Shopify refused the change";
    await this.save(p.customerId, { error, errorKey: p.errorKey, errorAt: this.now });
  }

  counts() {
    return { mutations: this.mutations, updated: this.updated, failed: this.failed };
  }
}

async function applyTags(run: Run, p: Plan) {
  const gid = customerGid(p.customerId);
  if (p.removeTag) {
    const errors = await removeCustomerTags(run.admin, gid, [p.removeTag]);
    if (errors.length) return run.fail(p, errors);
    await run.save(p.customerId, { tag: null });
  }
  if (p.addTag) {
    const errors = await addCustomerTags(run.admin, gid, [p.addTag]);
    if (errors.length) return run.fail(p, errors);
    await run.save(p.customerId, { tag: p.addTag });
  }
}

/** metafieldsSet is atomic: on a userError nothing is written. The customers named go aside and the rest are sent again. */
async function setMetafields(run: Run, batch: Plan[]): Promise<void> {
  let members = batch.filter((p) => !p.failed);
  while (members.length) {
    const entries = members.flatMap((p) =>
      p.set.map((f) => ({
        plan: p,
        input: {
          ownerId: customerGid(p.customerId),
          namespace: METAFIELD_NAMESPACE,
          key: f.key,
          type: f.type,
          value: f.value,
        },
      })),
    );
    const errors = await setCustomerMetafields(
      run.admin,
      entries.map((e) => e.input),
    );
    if (!errors.length) {
      for (const p of members) await run.save(p.customerId, Object.fromEntries(p.set.map((f) => [f.column, f.value])));
      return;
    }
    const named = new Map<Plan, string[]>();
    let unattributed = false;
    for (const e of errors) {
      const i = metafieldErrorIndex(e);
      const entry = i === null ? undefined : entries[i];
      if (entry) named.set(entry.plan, [...(named.get(entry.plan) ?? []), e.message]);
      else unattributed = true;
    }
    if (unattributed || !named.size) {
      // Shopify did not say whose entry it refused: one customer per call finds out.
      if (members.length === 1) return void (await run.fail(members[0], errors));
      for (const p of members) await setMetafields(run, [p]);
      return;
    }
    for (const [p, messages] of named) await run.fail(p, messages);
    members = members.filter((p) => !named.has(p));
  }
}

async function unsetMetafields(run: Run, batch: Plan[]): Promise<void> {
  const members = batch.filter((p) => !p.failed && p.unset.length);
  if (!members.length) return;
  const errors = await deleteMetafields(
    run.admin,
    members.flatMap((p) =>
      p.unset.map((f) => ({ ownerId: customerGid(p.customerId), namespace: METAFIELD_NAMESPACE, key: f.key })),
    ),
  );
  if (errors.length) {
    if (members.length === 1) return void (await run.fail(members[0], errors));
    for (const p of members) await unsetMetafields(run, [p]);
    return;
  }
  for (const p of members) await run.save(p.customerId, Object.fromEntries(p.unset.map((f) => [f.column, null])));
}

/** Sends the owed trigger at most once: claimed in the database first, given back only when Shopify certainly did not run it. */
async function sendFlowTrigger(run: Run, p: Plan, shop: { timezone: string; currency: string }) {
  if (!(await claimFlowTrigger(run.db, run.shopId, p.customerId, run.now))) return;
  try {
    const errors = await receiveFlowTrigger(run.admin, FLOW_TRIGGER_HANDLE, flowPayload(p, shop, run.now));
    if (errors.length)
      await run.fail(
        p,
        errors.map((e) => `Flow trigger: ${e.message}`),
      );
  } catch (e) {
    if (e instanceof AdminApiOutcomeUnknownError) {
      // Not sent again: a second win-back e-mail is worse than a missed one. Shopify is failing,
      // so the run stops here; the triggers still owed go out when the job is retried.
      await run.fail(p, [`Flow trigger may not have reached Shopify (${e.message})`]);
      throw e;
    }
    await releaseFlowTrigger(run.db, run.shopId, p.customerId, p.state?.flowSentAt ?? null);
    throw e;
  }
}

/** One chunk of customers: tags, then metafields, then Flow triggers. */
async function applyChunk(run: Run, plans: Plan[], shop: { timezone: string; currency: string }) {
  const { db, shopId } = run;
  // The trigger is owed from the moment the move is seen, before anything is sent.
  await setFlowOwed(
    db,
    shopId,
    plans.filter((p) => p.entering).map((p) => p.customerId),
    true,
  );
  await setFlowOwed(
    db,
    shopId,
    plans.filter((p) => p.state?.flowPending && p.insight?.segment !== "inactive").map((p) => p.customerId),
    false,
  );

  for (const p of plans) await applyTags(run, p);
  for (const batch of pack(
    plans.filter((p) => !p.failed && p.set.length),
    (p) => p.set.length,
    METAFIELDS_PER_CALL,
  ))
    await setMetafields(run, batch);
  for (const batch of pack(
    plans.filter((p) => !p.failed && p.unset.length),
    (p) => p.unset.length,
    METAFIELDS_PER_CALL,
  ))
    await unsetMetafields(run, batch);
  for (const p of plans) {
    if (p.failed || p.insight?.segment !== "inactive" || !(p.entering || p.state?.flowPending)) continue;
    await sendFlowTrigger(run, p, shop);
  }
  for (const p of plans) {
    if (p.failed) continue;
    run.updated++;
    if (p.state?.error) await run.save(p.customerId, { error: null, errorKey: null, errorAt: null });
  }
}

/** The metafield definitions, once per shop: names on the customer page, and Flow and segments can use the fields. */
async function ensureDefinitions(run: Run) {
  if (await definitionsDone(run.db, run.shopId)) return;
  const problems: string[] = [];
  for (const f of METAFIELDS) {
    const errors = await createCustomerMetafieldDefinition(run.admin, {
      namespace: METAFIELD_NAMESPACE,
      key: f.key,
      name: f.name,
      description: f.description,
      type: f.type,
    });
    // TAKEN: the definition exists (an earlier install): fine. Anything else: the fields still work without one.
    for (const e of errors) if (e.code !== "TAKEN") problems.push(`${f.key}: ${e.message}`);
  }
  await markDefinitionsDone(run.db, run.shopId, problems, run.now);
}

/** Rows of customers whose tag and fields came off go; one Shopify could not update (deleted there) goes too. */
async function clearDeparted(run: Run, plans: Plan[]) {
  if (!plans.length) return;
  await deletePushStates(
    run.db,
    run.shopId,
    plans.map((p) => p.customerId),
  );
  run.failed -= plans.filter((p) => p.failed).length;
}

/**
 * Pushes the shop's segments to Shopify: one run, at most `maxMutations` calls. "more" means
 * the caller should run it again (budget spent, or the insights changed during the pass).
 */
export async function pushSegments(
  deps: SegmentPushDeps,
  shopId: string,
  opts: PushOptions = {},
): Promise<PushOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const blocked = await pushBlockedReason(db, shopId, "shopify");
  if (blocked) return { status: "stopped", reason: blocked };
  if (!(await acquirePushLease(db, shopId, PUSH_STATE_KIND))) return { status: "busy" };
  const run = new Run(deps, shopId, now);
  // `cursor` undefined: the stored position stays as the last finished chunk left it.
  const finish = (
    status: string,
    cursor: PushCursor | null | undefined,
    extra: { error?: string | null; finishedAt?: Date } = {},
  ) => updatePushRun(db, shopId, PUSH_STATE_KIND, { status, cursor, ...extra });
  try {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true, currency: true } });
    const saved = await readPushCursor(db, shopId, PUSH_STATE_KIND);
    let cursor: PushCursor = saved ?? { phase: "customers", after: null, since: await newestInsight(db, shopId) };
    if (!saved) await updatePushRun(db, shopId, PUSH_STATE_KIND, { processed: 0, total: null });
    await ensureDefinitions(run);
    const size = deps.chunkSize ?? 100;
    for (;;) {
      if (!run.budgetLeft) {
        await finish("queued", cursor);
        return { status: "more", ...run.counts() };
      }
      // Switched off, uninstalled or redacted while running: stop at the chunk boundary.
      const reason = await pushBlockedReason(db, shopId, "shopify");
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
        const last = rows.at(-1)?.customerId ?? null;
        if (rows.length < size) cursor = { ...cursor, phase: "departed", after: null };
        else cursor = { ...cursor, after: last };
      } else {
        // Customers we tagged who are no longer in the analysis (all their orders gone): their tag and fields come off.
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
      // A customer whose values went back to what Shopify already holds has nothing to fix any more
      // (a failure about what is still current, such as a Flow trigger that may not have arrived, stays shown).
      for (const p of plans) {
        if (!hasWork(p) && p.state?.error && p.state.errorKey !== p.errorKey)
          await run.save(p.customerId, { error: null, errorKey: null, errorAt: null });
      }
      await applyChunk(run, todo, shop);
      await clearDeparted(
        run,
        plans.filter((p) => !p.insight),
      );
      await updatePushRun(db, shopId, PUSH_STATE_KIND, { cursor, processed: { increment: run.updated - before } });

      if (cursor.phase === "customers" && cursor.after === null) {
        // The pass is complete. If a refresh rewrote the insights meanwhile, another pass follows.
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
    // The next run resumes from the last chunk that finished (the shop may have been redacted meanwhile).
    await finish("failed", undefined, {
      error: e instanceof Error ? e.message : String(e),
      finishedAt: new Date(),
    }).catch(() => undefined);
    throw e;
  }
}

/**
 * Takes the app's tags and metafields off every customer it pushed to (the merchant switched
 * the push off and asked for this). Only while the push stays off; rows go as they are cleared,
 * so a crashed run simply starts again on what is left.
 */
export async function removeSegmentTags(deps: SegmentPushDeps, shopId: string): Promise<PushOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const check = async () => {
    const reason = await pushBlockedReason(db, shopId, "shopify");
    return reason === "disabled" ? null : (reason ?? "enabled");
  };
  const first = await check();
  if (first) return { status: "stopped", reason: first };
  if (!(await acquirePushLease(db, shopId, REMOVE_STATE_KIND))) return { status: "busy" };
  const run = new Run(deps, shopId, now);
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
      const plans = states.map((s) => plan(s.customerId, s, null, shop.currency));
      await applyChunk(run, plans, { timezone: "UTC", currency: shop.currency });
      await clearDeparted(run, plans);
      await update({ processed: { increment: plans.length } });
    }
  } catch (e) {
    await update({ status: "failed", error: e instanceof Error ? e.message : String(e), finishedAt: new Date() }).catch(
      () => undefined,
    );
    throw e;
  }
}
