// The win-back push's stored state. SegmentPush holds, per customer, what the platform was last
// told; every confirmed change is written back at once, so these rows are the push's checkpoint.
// The SyncState row of the push (or of the removal) is the run's lease and holds its position.
import type { Db } from "~/db/client.server";
import type { SegmentPush } from "~/generated/sqlite";
import type { InsightRow } from "~/winback/plan";

export type PushStateData = Partial<Omit<SegmentPush, "shopId" | "customerId" | "updatedAt">>;

/** A run that has not reported progress for this long is taken to have died (its lease lapses). */
const LEASE_MS = 10 * 60_000;

/** One run per shop at a time: the SyncState row is the lease, renewed by every chunk's progress update. */
export type PushLease = { acquired: true } | { acquired: false; lapsesAt: Date };

export async function acquirePushLease(db: Db, shopId: string, kind: string): Promise<PushLease> {
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
  if (count === 1) return { acquired: true };
  // Held by another run, or by one that died (kill -9) without letting go: the caller tries again
  // when the lease lapses, so a dead run's pass is finished without waiting for the next refresh.
  const held = await db.syncState.findUnique({ where: { shopId_kind: { shopId, kind } }, select: { updatedAt: true } });
  return { acquired: false, lapsesAt: new Date((held?.updatedAt ?? now).getTime() + LEASE_MS) };
}

export interface PushCursor {
  phase: "customers" | "departed";
  after: string | null;
  /** Newest insight stamp when the pass began: a refresh during the pass means another pass. */
  since: string | null;
}

/** The run's saved position, or null when a new pass begins. */
export async function readPushCursor(db: Db, shopId: string, kind: string): Promise<PushCursor | null> {
  const row = await db.syncState.findUniqueOrThrow({ where: { shopId_kind: { shopId, kind } } });
  try {
    const c = JSON.parse(row.cursor ?? "null") as PushCursor | null;
    return c && (c.phase === "customers" || c.phase === "departed") ? c : null;
  } catch {
    return null;
  }
}

/** Updates the run's SyncState row: status, position (undefined: left as it is) and counters. */
export async function updatePushRun(
  db: Db,
  shopId: string,
  kind: string,
  data: {
    status?: string;
    cursor?: PushCursor | null;
    error?: string | null;
    finishedAt?: Date;
    processed?: number | { increment: number };
    total?: number | null;
  },
) {
  const { cursor, ...rest } = data;
  await db.syncState.update({
    where: { shopId_kind: { shopId, kind } },
    data: { ...rest, cursor: cursor === undefined ? undefined : cursor && JSON.stringify(cursor) },
  });
}

/** When the shop's insight rows were last written (a refresh). */
export async function newestInsight(db: Db, shopId: string): Promise<string | null> {
  const r = await db.customerInsight.aggregate({ where: { shopId }, _max: { computedAt: true } });
  return r._max.computedAt?.toISOString() ?? null;
}

const INSIGHT_SELECT = {
  customerId: true,
  segment: true,
  pAlive: true,
  predictedClvMinor: true,
  lastOrderDate: true,
} as const;

/** The next customers with an account after `after`, by id, with what the analysis says of them. */
export async function insightChunk(db: Db, shopId: string, after: string | null, size: number) {
  return (await db.customerInsight.findMany({
    where: { shopId, customerId: after === null ? { not: null } : { gt: after } },
    orderBy: { customerId: "asc" },
    take: size,
    select: INSIGHT_SELECT,
  })) as InsightRow[];
}

/** What the platform was last told about these customers. */
export async function pushStates(db: Db, shopId: string, customerIds: string[]) {
  const rows = await db.segmentPush.findMany({ where: { shopId, customerId: { in: customerIds } } });
  return new Map(rows.map((s) => [s.customerId, s]));
}

/** The next stored push states after `after`, by customer id. */
export async function pushStateChunk(db: Db, shopId: string, after: string | null, size: number) {
  return db.segmentPush.findMany({
    where: { shopId, ...(after === null ? {} : { customerId: { gt: after } }) },
    orderBy: { customerId: "asc" },
    take: size,
  });
}

/** Which of these customers the analysis still holds. */
export async function customersInAnalysis(db: Db, shopId: string, customerIds: string[]): Promise<Set<string>> {
  const rows = await db.customerInsight.findMany({
    where: { shopId, customerId: { in: customerIds } },
    select: { customerId: true },
  });
  return new Set(rows.map((r) => r.customerId!));
}

export function savePushState(db: Db, shopId: string, customerId: string, data: PushStateData) {
  return db.segmentPush.upsert({
    where: { shopId_customerId: { shopId, customerId } },
    create: { shopId, customerId, ...data },
    update: data,
  });
}

/** The "became inactive" trigger is owed (or no longer owed) for these customers. */
export async function setFlowOwed(db: Db, shopId: string, customerIds: string[], owed: boolean) {
  if (!customerIds.length) return;
  await db.segmentPush.updateMany({ where: { shopId, customerId: { in: customerIds } }, data: { flowPending: owed } });
}

/** Claims an owed trigger just before it is sent: true for the one caller that may send it. */
export async function claimFlowTrigger(db: Db, shopId: string, customerId: string, now: Date): Promise<boolean> {
  const claimed = await db.segmentPush.updateMany({
    where: { shopId, customerId, flowPending: true },
    data: { flowPending: false, flowSentAt: now },
  });
  return claimed.count === 1;
}

/** Gives a claimed trigger back (the platform certainly did not run it). */
export async function releaseFlowTrigger(db: Db, shopId: string, customerId: string, flowSentAt: Date | null) {
  await db.segmentPush.updateMany({ where: { shopId, customerId }, data: { flowPending: true, flowSentAt } });
}

export async function deletePushStates(db: Db, shopId: string, customerIds: string[]) {
  if (!customerIds.length) return;
  await db.segmentPush.deleteMany({ where: { shopId, customerId: { in: customerIds } } });
}

const DEFINITIONS_STATE_KIND = "segment-push-definitions";

/** Whether the metafield definitions were created for this shop. */
export async function definitionsDone(db: Db, shopId: string): Promise<boolean> {
  const row = await db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: DEFINITIONS_STATE_KIND } } });
  return row?.status === "completed";
}

export async function markDefinitionsDone(db: Db, shopId: string, problems: string[], now: Date) {
  const data = { status: "completed", error: problems.join("; ") || null, finishedAt: now };
  await db.syncState.upsert({
    where: { shopId_kind: { shopId, kind: DEFINITIONS_STATE_KIND } },
    create: { shopId, kind: DEFINITIONS_STATE_KIND, ...data },
    update: data,
  });
}
