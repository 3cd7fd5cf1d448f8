// The win-back push: after each analytics refresh, every customer with a Shopify account gets
// the app's one segment tag (`retention:inactive`, ...) and the retention metafields, and a
// customer who moves into "inactive" starts the "Customer became inactive" Flow trigger once.
//
// Only changes are sent. SegmentPush holds, per customer, what Shopify was last told; a push
// diffs the fresh CustomerInsight rows against it and writes each confirmed change back at
// once, so those rows are the checkpoint: a push that crashed resumes without re-sending what
// landed. Customers go in chunks (by customer id); the run records its position after each
// chunk and stops after a mutation budget, leaving the rest to a continuation job.
//
// Per customer, in order: the old tag off and the new one on (tagsRemove / tagsAdd, which
// never touch the merchant's own tags), the metafields (metafieldsSet, 25 per call, across
// customers), then the Flow trigger, so a workflow already sees the tag and fields. The
// trigger is owed (flowPending) from the moment the move is seen and claimed just before it is
// sent: it is sent at most once, even when the answer is lost. A userError (a customer deleted
// in Shopify) is recorded on that customer, who is then left alone until what we would send
// changes (or the merchant presses Push now); the others carry on. Shopify's cost bucket is
// respected by adminQuery (THROTTLED, 429, 5xx) and by pacing: every call leaves a tenth of
// the bucket for the app's interactive calls (reward codes, pixel settings).
import { dayOf, LocalCalendar } from "~/core/calendar";
import type { Db } from "~/db/client.server";
import {
  CUSTOMER_METAFIELD_DEFINITION_CREATE,
  CUSTOMER_METAFIELDS_DELETE,
  CUSTOMER_METAFIELDS_SET,
  CUSTOMER_TAGS_ADD,
  CUSTOMER_TAGS_REMOVE,
  customerGid,
  FLOW_TRIGGER_RECEIVE,
  type FlowTriggerReceiveData,
  type MetafieldDefinitionCreateData,
  type MetafieldsDeleteData,
  type MetafieldsSetData,
  type PlainUserError,
  type TagsAddData,
  type TagsRemoveData,
} from "~/platforms/shopify/graphql/customers";
import type { SegmentPush } from "~/generated/sqlite";
import {
  AdminApiOutcomeUnknownError,
  adminQuery,
  refillWaitMs,
  type AdminQueryOptions,
} from "~/platforms/shopify/admin-graphql.server";
import { currencyDecimals, minorToDecimal } from "~/core/money";
import type { AdminGraphql } from "~/models/shop.server";
import {
  FLOW_TRIGGER_HANDLE,
  METAFIELD_NAMESPACE,
  METAFIELDS,
  PUSH_STATE_KIND,
  pushBlockedReason,
  REMOVE_STATE_KIND,
  TAG_PREFIX,
  tagFor,
  type MetafieldColumn,
  type PushBlock,
} from "~/models/winback.server";

export interface SegmentPushDeps {
  db: Db;
  graphql: AdminGraphql;
  query?: Pick<AdminQueryOptions, "sleep" | "maxAttempts" | "timeoutMs">;
  /** Mutations one run sends at most before it hands over to a continuation job (default 1000). */
  maxMutations?: number;
  /** Customers per chunk (default 100). */
  chunkSize?: number;
  now?: () => Date;
}

export interface PushOptions {
  /** Try customers again whose last attempt failed, even if what we would send is unchanged (Push now). */
  retryFailed?: boolean;
}

export type PushOutcome =
  | { status: "done" | "more"; mutations: number; updated: number; failed: number }
  | { status: "busy" }
  | { status: "stopped"; reason: PushBlock | "enabled" };

const DEFINITIONS_STATE_KIND = "segment-push-definitions";
/** A run that has not reported progress for this long is taken to have died (its lease lapses). */
const LEASE_MS = 10 * 60_000;
const METAFIELDS_PER_CALL = 25; // metafieldsSet's limit
/** The bucket share every push call leaves for the app's other calls. */
const RESERVE_SHARE = 0.1;

type Values = Record<MetafieldColumn, string | null>;
type InsightRow = {
  customerId: string;
  segment: string;
  pAlive: number | null;
  predictedClvMinor: bigint | null;
  lastOrderDate: string;
};

interface Plan {
  customerId: string;
  gid: string;
  state: SegmentPush | null;
  insight: InsightRow | null; // null: the customer left the analysis (or the merchant asked to remove everything)
  removeTag: string | null;
  addTag: string | null;
  set: { column: MetafieldColumn; key: string; type: string; value: string }[];
  unset: { column: MetafieldColumn; key: string }[];
  entering: boolean; // moves into "inactive": the Flow trigger becomes owed
  errorKey: string;
  failed: boolean;
}

interface Cursor {
  phase: "customers" | "departed";
  after: string | null;
  /** Newest insight stamp when the pass began: a refresh during the pass means another pass. */
  since: string | null;
}

class Run {
  mutations = 0;
  updated = 0;
  failed = 0;
  readonly db: Db;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    readonly deps: SegmentPushDeps,
    readonly shopId: string,
    readonly now: Date,
  ) {
    this.db = deps.db;
    this.sleep = deps.query?.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  }

  get budgetLeft() {
    return this.mutations < (this.deps.maxMutations ?? 1000);
  }

  async call<T>(document: string, variables: Record<string, unknown>, idempotent = true): Promise<T> {
    this.mutations++;
    const { data, cost } = await adminQuery<T>(this.deps.graphql, document, {
      ...this.deps.query,
      variables,
      idempotent,
    });
    if (cost) {
      const reserve = Math.ceil(cost.throttleStatus.maximumAvailable * RESERVE_SHARE);
      const wait = refillWaitMs(cost.throttleStatus, cost.requestedQueryCost + reserve);
      if (wait > 0) await this.sleep(wait);
    }
    return data;
  }

  save(customerId: string, data: Partial<Omit<SegmentPush, "shopId" | "customerId" | "updatedAt">>) {
    return this.db.segmentPush.upsert({
      where: { shopId_customerId: { shopId: this.shopId, customerId } },
      create: { shopId: this.shopId, customerId, ...data },
      update: data,
    });
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
}

const roundToWholeUnits = (minor: bigint, currency: string) => {
  const unit = 10n ** BigInt(currencyDecimals(currency));
  const positive = minor < 0n ? 0n : minor;
  return ((positive + unit / 2n) / unit) * unit;
};

/**
 * The metafield values for a customer, as the strings Shopify stores. Rounded (churn risk to
 * 0.01, predicted value to whole currency units) so the daily drift of a prediction does not
 * make every refresh rewrite every customer.
 */
function metafieldValues(i: InsightRow, currency: string): Values {
  return {
    segment: i.segment,
    churnRisk: i.pAlive === null ? null : Math.min(1, Math.max(0, 1 - i.pAlive)).toFixed(2),
    predictedClv:
      i.predictedClvMinor === null ? null : minorToDecimal(roundToWholeUnits(i.predictedClvMinor, currency), currency),
    lastOrderDate: i.lastOrderDate,
  };
}

function plan(customerId: string, state: SegmentPush | null, insight: InsightRow | null, currency: string): Plan {
  const wantTag = insight ? tagFor(insight.segment) : null;
  const values: Values | null = insight ? metafieldValues(insight, currency) : null;
  const set: Plan["set"] = [];
  const unset: Plan["unset"] = [];
  for (const f of METAFIELDS) {
    const want = values?.[f.column] ?? null;
    const have = state?.[f.column] ?? null;
    if (want === have) continue;
    if (want === null) unset.push({ column: f.column, key: f.key });
    else set.push({ column: f.column, key: f.key, type: f.type, value: want });
  }
  const had = state?.tag ?? null;
  return {
    customerId,
    gid: customerGid(customerId),
    state,
    insight,
    removeTag: had && had !== wantTag ? had : null,
    addTag: wantTag && had !== wantTag ? wantTag : null,
    set,
    unset,
    entering: insight?.segment === "inactive" && !!had && had.startsWith(TAG_PREFIX) && had !== tagFor("inactive"),
    errorKey: JSON.stringify([wantTag, values]),
    failed: false,
  };
}

const hasWork = (p: Plan) =>
  !!(p.removeTag || p.addTag || p.set.length || p.unset.length || p.entering || p.state?.flowPending);

// ---------------------------------------------------------------------------------------------
// Shopify calls

async function applyTags(run: Run, p: Plan) {
  if (p.removeTag) {
    const d = await run.call<TagsRemoveData>(CUSTOMER_TAGS_REMOVE, { id: p.gid, tags: [p.removeTag] });
    const errors = d.tagsRemove?.userErrors ?? [];
    if (errors.length) return run.fail(p, errors);
    await run.save(p.customerId, { tag: null });
  }
  if (p.addTag) {
    const d = await run.call<TagsAddData>(CUSTOMER_TAGS_ADD, { id: p.gid, tags: [p.addTag] });
    const errors = d.tagsAdd?.userErrors ?? [];
    if (errors.length) return run.fail(p, errors);
    await run.save(p.customerId, { tag: p.addTag });
  }
}

/** Whole customers per call, at most 25 metafields. */
function pack(plans: Plan[], size: (p: Plan) => number): Plan[][] {
  const batches: Plan[][] = [];
  let current: Plan[] = [];
  let n = 0;
  for (const p of plans) {
    if (n + size(p) > METAFIELDS_PER_CALL && current.length) {
      batches.push(current);
      current = [];
      n = 0;
    }
    current.push(p);
    n += size(p);
  }
  if (current.length) batches.push(current);
  return batches;
}

const indexOf = (e: { elementIndex?: number | null; field: string[] | null }) => {
  if (typeof e.elementIndex === "number") return e.elementIndex;
  const i = e.field?.[0] === "metafields" ? Number(e.field[1]) : NaN;
  return Number.isInteger(i) ? i : null;
};

/** metafieldsSet is atomic: on a userError nothing is written. The customers named go aside and the rest are sent again. */
async function setMetafields(run: Run, batch: Plan[]): Promise<void> {
  let members = batch.filter((p) => !p.failed);
  while (members.length) {
    const entries = members.flatMap((p) =>
      p.set.map((f) => ({
        plan: p,
        input: { ownerId: p.gid, namespace: METAFIELD_NAMESPACE, key: f.key, type: f.type, value: f.value },
      })),
    );
    const d = await run.call<MetafieldsSetData>(CUSTOMER_METAFIELDS_SET, { metafields: entries.map((e) => e.input) });
    const errors = d.metafieldsSet?.userErrors ?? [];
    if (!errors.length) {
      for (const p of members) await run.save(p.customerId, Object.fromEntries(p.set.map((f) => [f.column, f.value])));
      return;
    }
    const named = new Map<Plan, string[]>();
    let unattributed = false;
    for (const e of errors) {
      const i = indexOf(e);
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
  const d = await run.call<MetafieldsDeleteData>(CUSTOMER_METAFIELDS_DELETE, {
    metafields: members.flatMap((p) =>
      p.unset.map((f) => ({ ownerId: p.gid, namespace: METAFIELD_NAMESPACE, key: f.key })),
    ),
  });
  const errors = d.metafieldsDelete?.userErrors ?? [];
  if (errors.length) {
    if (members.length === 1) return void (await run.fail(members[0], errors));
    for (const p of members) await unsetMetafields(run, [p]);
    return;
  }
  for (const p of members) await run.save(p.customerId, Object.fromEntries(p.unset.map((f) => [f.column, null])));
}

/** The Flow trigger's payload: field keys as declared in the extension's TOML. */
function flowPayload(p: Plan, shop: { timezone: string; currency: string }, now: Date) {
  const i = p.insight!;
  const id = Number(p.customerId);
  const payload: Record<string, unknown> = {
    customer_id: Number.isSafeInteger(id) ? id : p.customerId,
    "days inactive": Math.max(0, new LocalCalendar(shop.timezone).day(now.getTime()) - dayOf(i.lastOrderDate)),
  };
  const values = metafieldValues(i, shop.currency);
  if (values.predictedClv !== null) payload["predicted clv"] = Number(values.predictedClv);
  if (values.churnRisk !== null) payload["churn risk"] = Number(values.churnRisk);
  return payload;
}

/** Sends the owed trigger at most once: claimed in the database first, given back only when Shopify certainly did not run it. */
async function sendFlowTrigger(run: Run, p: Plan, shop: { timezone: string; currency: string }) {
  const where = { shopId: run.shopId, customerId: p.customerId };
  const claimed = await run.db.segmentPush.updateMany({
    where: { ...where, flowPending: true },
    data: { flowPending: false, flowSentAt: run.now },
  });
  if (claimed.count !== 1) return;
  try {
    const d = await run.call<FlowTriggerReceiveData>(
      FLOW_TRIGGER_RECEIVE,
      { handle: FLOW_TRIGGER_HANDLE, payload: flowPayload(p, shop, run.now) },
      false,
    );
    const errors = d.flowTriggerReceive?.userErrors ?? [];
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
    await run.db.segmentPush.updateMany({
      where,
      data: { flowPending: true, flowSentAt: p.state?.flowSentAt ?? null },
    });
    throw e;
  }
}

/** One chunk of customers: tags, then metafields, then Flow triggers. */
async function applyChunk(run: Run, plans: Plan[], shop: { timezone: string; currency: string }) {
  const { db, shopId } = run;
  // The trigger is owed from the moment the move is seen, before anything is sent.
  const entering = plans.filter((p) => p.entering).map((p) => p.customerId);
  if (entering.length)
    await db.segmentPush.updateMany({ where: { shopId, customerId: { in: entering } }, data: { flowPending: true } });
  const cameBack = plans
    .filter((p) => p.state?.flowPending && p.insight?.segment !== "inactive")
    .map((p) => p.customerId);
  if (cameBack.length)
    await db.segmentPush.updateMany({ where: { shopId, customerId: { in: cameBack } }, data: { flowPending: false } });

  for (const p of plans) await applyTags(run, p);
  for (const batch of pack(
    plans.filter((p) => !p.failed && p.set.length),
    (p) => p.set.length,
  ))
    await setMetafields(run, batch);
  for (const batch of pack(
    plans.filter((p) => !p.failed && p.unset.length),
    (p) => p.unset.length,
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

// ---------------------------------------------------------------------------------------------
// Runs

/** One run per shop at a time: the SyncState row is the lease, renewed by every chunk's progress update. */
async function acquireLease(db: Db, shopId: string, kind: string): Promise<boolean> {
  const now = new Date();
  await db.syncState.upsert({
    where: { shopId_kind: { shopId, kind } },
    create: { shopId, kind, status: "idle" },
    update: {},
  });
  const { count } = await db.syncState.updateMany({
    where: {
      shopId,
      kind,
      OR: [{ status: { not: "running" } }, { updatedAt: { lt: new Date(now.getTime() - LEASE_MS) } }],
    },
    data: { status: "running", startedAt: now, error: null },
  });
  return count === 1;
}

async function newestInsight(db: Db, shopId: string): Promise<string | null> {
  const r = await db.customerInsight.aggregate({ where: { shopId }, _max: { computedAt: true } });
  return r._max.computedAt?.toISOString() ?? null;
}

function readCursor(raw: string | null): Cursor | null {
  try {
    const c = JSON.parse(raw ?? "null") as Cursor | null;
    return c && (c.phase === "customers" || c.phase === "departed") ? c : null;
  } catch {
    return null;
  }
}

const INSIGHT_SELECT = {
  customerId: true,
  segment: true,
  pAlive: true,
  predictedClvMinor: true,
  lastOrderDate: true,
} as const;

/** The metafield definitions, once per shop: names on the customer page, and Flow and segments can use the fields. */
async function ensureDefinitions(run: Run) {
  const { db, shopId } = run;
  const key = { shopId_kind: { shopId, kind: DEFINITIONS_STATE_KIND } };
  if ((await db.syncState.findUnique({ where: key }))?.status === "completed") return;
  const problems: string[] = [];
  for (const f of METAFIELDS) {
    const d = await run.call<MetafieldDefinitionCreateData>(CUSTOMER_METAFIELD_DEFINITION_CREATE, {
      definition: {
        namespace: METAFIELD_NAMESPACE,
        key: f.key,
        name: f.name,
        description: f.description,
        type: f.type,
        ownerType: "CUSTOMER",
      },
    });
    // TAKEN: the definition exists (an earlier install): fine. Anything else: the fields still work without one.
    for (const e of d.metafieldDefinitionCreate?.userErrors ?? [])
      if (e.code !== "TAKEN") problems.push(`${f.key}: ${e.message}`);
  }
  const data = { status: "completed", error: problems.join("; ") || null, finishedAt: run.now };
  await db.syncState.upsert({ where: key, create: { shopId, kind: DEFINITIONS_STATE_KIND, ...data }, update: data });
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
  const blocked = await pushBlockedReason(db, shopId);
  if (blocked) return { status: "stopped", reason: blocked };
  if (!(await acquireLease(db, shopId, PUSH_STATE_KIND))) return { status: "busy" };
  const key = { shopId_kind: { shopId, kind: PUSH_STATE_KIND } };
  const run = new Run(deps, shopId, now);
  // `cursor` undefined: the stored position stays as the last finished chunk left it.
  const finish = async (
    status: string,
    cursor: Cursor | null | undefined,
    extra: { error?: string | null; finishedAt?: Date } = {},
  ) =>
    db.syncState.update({
      where: key,
      data: { status, cursor: cursor === undefined ? undefined : cursor && JSON.stringify(cursor), ...extra },
    });
  try {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { timezone: true, currency: true } });
    const saved = readCursor((await db.syncState.findUniqueOrThrow({ where: key })).cursor);
    let cursor: Cursor = saved ?? { phase: "customers", after: null, since: await newestInsight(db, shopId) };
    if (!saved) await db.syncState.update({ where: key, data: { processed: 0, total: null } });
    await ensureDefinitions(run);
    const size = deps.chunkSize ?? 100;
    for (;;) {
      if (!run.budgetLeft) {
        await finish("queued", cursor);
        return { status: "more", mutations: run.mutations, updated: run.updated, failed: run.failed };
      }
      // Switched off, uninstalled or redacted while running: stop at the chunk boundary.
      const reason = await pushBlockedReason(db, shopId);
      if (reason) {
        if (reason !== "unknown-shop") await finish("stopped", cursor);
        return { status: "stopped", reason };
      }
      const before = run.updated;
      let plans: Plan[];
      let last: string | null;
      if (cursor.phase === "customers") {
        const rows = (await db.customerInsight.findMany({
          where: { shopId, customerId: cursor.after === null ? { not: null } : { gt: cursor.after } },
          orderBy: { customerId: "asc" },
          take: size,
          select: INSIGHT_SELECT,
        })) as InsightRow[];
        const states = new Map(
          (await db.segmentPush.findMany({ where: { shopId, customerId: { in: rows.map((r) => r.customerId) } } })).map(
            (s) => [s.customerId, s],
          ),
        );
        plans = rows.map((r) => plan(r.customerId, states.get(r.customerId) ?? null, r, shop.currency));
        last = rows.at(-1)?.customerId ?? null;
        if (rows.length < size) cursor = { ...cursor, phase: "departed", after: null };
        else cursor = { ...cursor, after: last };
      } else {
        // Customers we tagged who are no longer in the analysis (all their orders gone): their tag and fields come off.
        const states = await db.segmentPush.findMany({
          where: { shopId, ...(cursor.after === null ? {} : { customerId: { gt: cursor.after } }) },
          orderBy: { customerId: "asc" },
          take: size,
        });
        const present = new Set(
          (
            await db.customerInsight.findMany({
              where: { shopId, customerId: { in: states.map((s) => s.customerId) } },
              select: { customerId: true },
            })
          ).map((r) => r.customerId),
        );
        plans = states.filter((s) => !present.has(s.customerId)).map((s) => plan(s.customerId, s, null, shop.currency));
        last = states.at(-1)?.customerId ?? null;
        cursor = { ...cursor, after: last };
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
      await db.syncState.update({
        where: key,
        data: { cursor: JSON.stringify(cursor), processed: { increment: run.updated - before } },
      });

      if (cursor.phase === "customers" && cursor.after === null) {
        // The pass is complete. If a refresh rewrote the insights meanwhile, another pass follows.
        const newest = await newestInsight(db, shopId);
        if (newest !== cursor.since) {
          await finish("queued", { phase: "customers", after: null, since: newest });
          return { status: "more", mutations: run.mutations, updated: run.updated, failed: run.failed };
        }
        await finish("completed", null, { error: null, finishedAt: new Date() });
        return { status: "done", mutations: run.mutations, updated: run.updated, failed: run.failed };
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

/** Rows of customers whose tag and fields came off go; one Shopify could not update (deleted there) goes too. */
async function clearDeparted(run: Run, plans: Plan[]) {
  if (!plans.length) return;
  await run.db.segmentPush.deleteMany({
    where: { shopId: run.shopId, customerId: { in: plans.map((p) => p.customerId) } },
  });
  run.failed -= plans.filter((p) => p.failed).length;
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
    const reason = await pushBlockedReason(db, shopId);
    return reason === "disabled" ? null : (reason ?? "enabled");
  };
  const first = await check();
  if (first) return { status: "stopped", reason: first };
  if (!(await acquireLease(db, shopId, REMOVE_STATE_KIND))) return { status: "busy" };
  const key = { shopId_kind: { shopId, kind: REMOVE_STATE_KIND } };
  const run = new Run(deps, shopId, now);
  try {
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { currency: true } });
    for (;;) {
      if (!run.budgetLeft) {
        await db.syncState.update({ where: key, data: { status: "queued" } });
        return { status: "more", mutations: run.mutations, updated: run.updated, failed: run.failed };
      }
      const reason = await check();
      if (reason) {
        if (reason !== "unknown-shop") await db.syncState.update({ where: key, data: { status: "stopped" } });
        return { status: "stopped", reason };
      }
      const states = await db.segmentPush.findMany({
        where: { shopId },
        orderBy: { customerId: "asc" },
        take: deps.chunkSize ?? 100,
      });
      if (!states.length) {
        await db.syncState.update({ where: key, data: { status: "completed", finishedAt: new Date() } });
        return { status: "done", mutations: run.mutations, updated: run.updated, failed: run.failed };
      }
      const plans = states.map((s) => plan(s.customerId, s, null, shop.currency));
      await applyChunk(run, plans, { timezone: "UTC", currency: shop.currency });
      await clearDeparted(run, plans);
      await db.syncState.update({ where: key, data: { processed: { increment: plans.length } } });
    }
  } catch (e) {
    await db.syncState
      .update({
        where: key,
        data: { status: "failed", error: e instanceof Error ? e.message : String(e), finishedAt: new Date() },
      })
      .catch(() => undefined);
    throw e;
  }
}
