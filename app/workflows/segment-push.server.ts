// The win-back push: after each analytics refresh, every customer with a Shopify account gets
// the app's one segment tag (`retention:inactive`, ...) and the retention metafields, and a
// customer who moves into "inactive" starts the "Customer became inactive" Flow trigger once.
//
// Only changes are sent (app/winback/plan.ts diffs the fresh insight rows against what Shopify
// was last told), and each confirmed change is written back at once (app/models/
// segment-push.server.ts), so a push that crashed resumes without re-sending what landed.
// Customers go in chunks (by customer id); the run records its position after each chunk and
// stops after a call budget, leaving the rest to a continuation job (the run both platforms
// share: segment-push-run.server.ts; this file is Shopify's writer).
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
  claimFlowTrigger,
  definitionsDone,
  markDefinitionsDone,
  releaseFlowTrigger,
  setFlowOwed,
} from "~/models/segment-push.server";
import { setPushEnabled, setSegmentWebhookUrl, winbackFromSettings } from "~/models/winback.server";
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
import { hasWork, flowPayload, pack, type Plan } from "~/winback/plan";
import { FLOW_TRIGGER_HANDLE, METAFIELD_NAMESPACE, METAFIELDS } from "~/winback/rules";
import { parseSegmentWebhookUrl } from "~/winback/segment-webhook";
import {
  pushBlockedReason,
  runPush,
  runRemoval,
  type PushOptions,
  type PushOutcome,
  type PushRun,
  type SegmentWriter,
} from "./segment-push-run.server";

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

/** Shopify's refusal of a customer's change, in its own words. */
const refuse = (run: PushRun, p: Plan, errors: (PlainUserError | string)[]) =>
  run.fail(
    p,
    errors
      .map((e) => (typeof e === "string" ? e : e.message))
      .join("; ")
      .slice(0, 500) || "Shopify refused the change",
  );

async function applyTags(admin: PacedAdmin, run: PushRun, p: Plan) {
  const gid = customerGid(p.customerId);
  if (p.removeTag) {
    const errors = await removeCustomerTags(admin, gid, [p.removeTag]);
    if (errors.length) return refuse(run, p, errors);
    await run.save(p.customerId, { tag: null });
  }
  if (p.addTag) {
    const errors = await addCustomerTags(admin, gid, [p.addTag]);
    if (errors.length) return refuse(run, p, errors);
    await run.save(p.customerId, { tag: p.addTag });
  }
}

/** metafieldsSet is atomic: on a userError nothing is written. The customers named go aside and the rest are sent again. */
async function setMetafields(admin: PacedAdmin, run: PushRun, batch: Plan[]): Promise<void> {
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
      admin,
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
      if (members.length === 1) return void (await refuse(run, members[0], errors));
      for (const p of members) await setMetafields(admin, run, [p]);
      return;
    }
    for (const [p, messages] of named) await refuse(run, p, messages);
    members = members.filter((p) => !named.has(p));
  }
}

async function unsetMetafields(admin: PacedAdmin, run: PushRun, batch: Plan[]): Promise<void> {
  const members = batch.filter((p) => !p.failed && p.unset.length);
  if (!members.length) return;
  const errors = await deleteMetafields(
    admin,
    members.flatMap((p) =>
      p.unset.map((f) => ({ ownerId: customerGid(p.customerId), namespace: METAFIELD_NAMESPACE, key: f.key })),
    ),
  );
  if (errors.length) {
    if (members.length === 1) return void (await refuse(run, members[0], errors));
    for (const p of members) await unsetMetafields(admin, run, [p]);
    return;
  }
  for (const p of members) await run.save(p.customerId, Object.fromEntries(p.unset.map((f) => [f.column, null])));
}

/** Sends the owed trigger at most once: claimed in the database first, given back only when Shopify certainly did not run it. */
async function sendFlowTrigger(admin: PacedAdmin, run: PushRun, p: Plan) {
  if (!(await claimFlowTrigger(run.db, run.shopId, p.customerId, run.now))) return;
  try {
    const errors = await receiveFlowTrigger(admin, FLOW_TRIGGER_HANDLE, flowPayload(p, run.shop, run.now));
    if (errors.length)
      await refuse(
        run,
        p,
        errors.map((e) => `Flow trigger: ${e.message}`),
      );
  } catch (e) {
    if (e instanceof AdminApiOutcomeUnknownError) {
      // Not sent again: a second win-back e-mail is worse than a missed one. Shopify is failing,
      // so the run stops here; the triggers still owed go out when the job is retried.
      await refuse(run, p, [`Flow trigger may not have reached Shopify (${e.message})`]);
      throw e;
    }
    await releaseFlowTrigger(run.db, run.shopId, p.customerId, p.state?.flowSentAt ?? null);
    throw e;
  }
}

/** One chunk of customers: tags, then metafields, then Flow triggers. */
async function applyChunk(admin: PacedAdmin, run: PushRun, plans: Plan[]) {
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

  for (const p of plans) await applyTags(admin, run, p);
  for (const batch of pack(
    plans.filter((p) => !p.failed && p.set.length),
    (p) => p.set.length,
    METAFIELDS_PER_CALL,
  ))
    await setMetafields(admin, run, batch);
  for (const batch of pack(
    plans.filter((p) => !p.failed && p.unset.length),
    (p) => p.unset.length,
    METAFIELDS_PER_CALL,
  ))
    await unsetMetafields(admin, run, batch);
  for (const p of plans) {
    if (p.failed || p.insight?.segment !== "inactive" || !(p.entering || p.state?.flowPending)) continue;
    await sendFlowTrigger(admin, run, p);
  }
  for (const p of plans) {
    if (p.failed) continue;
    run.updated++;
    if (p.state?.error) await run.save(p.customerId, { error: null, errorKey: null, errorAt: null });
  }
}

/** The metafield definitions, once per shop: names on the customer page, and Flow and segments can use the fields. */
async function ensureDefinitions(admin: PacedAdmin, run: PushRun) {
  if (await definitionsDone(run.db, run.shopId)) return;
  const problems: string[] = [];
  for (const f of METAFIELDS) {
    const errors = await createCustomerMetafieldDefinition(admin, {
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

/** Shopify's side of the run: the Admin API paced by its cost bucket, and a budget of calls per run. */
class ShopifyWriter implements SegmentWriter {
  readonly platform = "shopify";
  readonly admin: PacedAdmin;

  constructor(readonly deps: SegmentPushDeps) {
    this.admin = new PacedAdmin(deps.graphql, deps.query);
  }

  get calls() {
    return this.admin.calls;
  }

  budgetLeft() {
    return this.admin.calls < (this.deps.maxMutations ?? 1000);
  }

  prepare(run: PushRun) {
    return ensureDefinitions(this.admin, run);
  }

  async apply(run: PushRun, { plans, todo }: { plans: Plan[]; todo: Plan[] }) {
    // A customer whose values went back to what Shopify already holds has nothing to fix any more
    // (a failure about what is still current, such as a Flow trigger that may not have arrived, stays shown).
    for (const p of plans) {
      if (!hasWork(p) && p.state?.error && p.state.errorKey !== p.errorKey)
        await run.save(p.customerId, { error: null, errorKey: null, errorAt: null });
    }
    await applyChunk(this.admin, run, todo);
  }

  /** Rows of customers whose tag and fields came off go; one Shopify could not update (deleted there) goes too. */
  clearDeparted(run: PushRun, departed: Plan[]) {
    return run.forget(departed);
  }

  takeOff(run: PushRun, plans: Plan[]) {
    return applyChunk(this.admin, run, plans);
  }
}

/**
 * Pushes the shop's segments to Shopify: one run, at most `maxMutations` calls. "more" means
 * the caller should run it again (budget spent, or the insights changed during the pass).
 */
export function pushSegments(deps: SegmentPushDeps, shopId: string, opts: PushOptions = {}): Promise<PushOutcome> {
  return runPush(deps, new ShopifyWriter(deps), shopId, opts);
}

/**
 * Takes the app's tags and metafields off every customer it pushed to (the merchant switched
 * the push off and asked for this). Only while the push stays off; rows go as they are cleared,
 * so a crashed run simply starts again on what is left.
 */
export function removeSegmentTags(deps: SegmentPushDeps, shopId: string): Promise<PushOutcome> {
  return runRemoval(deps, new ShopifyWriter(deps), shopId);
}
