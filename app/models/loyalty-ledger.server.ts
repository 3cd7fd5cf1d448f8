// The points ledger in the database: LoyaltyEntry rows (unique on shopId + key) written
// through app/loyalty's rules. Accounts, balances and the entries an order calls for.
//
// Rules of this layer:
// - only customers with a LoyaltyAccount earn; an account is opened on customers/create
//   (the storefront sign-up) or on the shopper's first visit to the rewards widget;
// - orders processed before enrolment earn nothing: no retroactive points, and the
//   history backfill (bulk sync) never awards any;
// - every write for a customer starts by bumping LoyaltyAccount.version, so order webhooks
//   and redemptions of one customer run one at a time on SQLite and PostgreSQL alike.
import { dbKind, type Db } from "~/db/client.server";
import { placeholder } from "~/db/sql-rows.server";
import { rawSqlFor } from "~/db/raw-sql.server";
import type { Prisma } from "~/generated/sqlite";
import {
  balance,
  entriesForOrder,
  LoyaltyError,
  referralCode,
  referralKey,
  referrerRewardOnFirstPaidOrder,
  reverseReferralReward,
  signupBonus,
  tierFor,
  tierForOrder,
  spendInWindow,
  type Balance,
  type EntryKind,
  type LedgerEntry,
  type LoyaltyOrder,
  type LoyaltyProgram,
  type Tier,
} from "~/loyalty";
import { getProgram, referralSecret } from "./loyalty-program.server";

export type Tx = Prisma.TransactionClient;
type EntryRow = Awaited<ReturnType<Db["loyaltyEntry"]["findMany"]>>[number];

const DAY_MS = 86_400_000;
/** Key prefix of the entry that gives back a redemption's points when its code could not be created. */
export const RESTORE_PREFIX = "restore:";

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && "code" in e && (e as { code: string }).code === "P2002";
}

export const toEntry = (r: EntryRow): LedgerEntry => ({
  key: r.key,
  customerId: r.customerId,
  kind: r.kind as EntryKind,
  points: r.points,
  createdAt: r.createdAt,
  availableAt: r.availableAt,
  orderId: r.orderId ?? undefined,
  refundId: r.refundId ?? undefined,
  rewardId: r.rewardId ?? undefined,
});

export const entryData = (shopId: string, e: LedgerEntry) => ({
  shopId,
  key: e.key,
  customerId: e.customerId,
  kind: e.kind,
  points: e.points,
  createdAt: e.createdAt,
  availableAt: e.availableAt,
  orderId: e.orderId ?? null,
  refundId: e.refundId ?? null,
  rewardId: e.rewardId ?? null,
});

/** Takes the customer's account row lock for the rest of the transaction (see the header). */
export async function lockAccount(tx: Tx, shopId: string, customerId: string) {
  return tx.loyaltyAccount.update({
    where: { shopId_customerId: { shopId, customerId } },
    data: { version: { increment: 1 } },
  });
}

/**
 * Is the customer in the loyalty program? Asked on every order webhook, so on the raw
 * connection: most buyers are not members, and a Prisma query costs a query compilation.
 */
export async function isMember(db: Db, shopId: string, customerId: string): Promise<boolean> {
  const p = placeholder(dbKind(db));
  const rows = await rawSqlFor(db).rows(
    `SELECT 1 AS "one" FROM "LoyaltyAccount" WHERE "shopId" = ${p(1)} AND "customerId" = ${p(2)} LIMIT 1`,
    [shopId, customerId],
  );
  return rows.length > 0;
}

export async function findAccount(db: Db | Tx, shopId: string, customerId: string) {
  return db.loyaltyAccount.findUnique({ where: { shopId_customerId: { shopId, customerId } } });
}

export async function ledgerFor(db: Db | Tx, shopId: string, customerId: string): Promise<LedgerEntry[]> {
  const rows = await db.loyaltyEntry.findMany({
    where: { shopId, customerId },
    orderBy: [{ createdAt: "asc" }, { key: "asc" }],
  });
  return rows.map(toEntry);
}

export async function balanceFor(db: Db | Tx, shopId: string, customerId: string, now = new Date()): Promise<Balance> {
  return balance(await ledgerFor(db, shopId, customerId), now);
}

type OrderWithRefunds = Prisma.OrderGetPayload<{ include: { refunds: true } }>;

export const toLoyaltyOrder = (o: OrderWithRefunds): LoyaltyOrder => ({
  id: o.id,
  customerId: o.customerId,
  currency: o.currency,
  totalMinor: o.totalMinor,
  refundedMinor: o.refundedMinor,
  financialStatus: o.financialStatus,
  cancelledAt: o.cancelledAt,
  processedAt: o.processedAt,
  refunds: o.refunds.map((r) => ({
    id: r.id,
    orderId: r.orderId,
    amountMinor: r.amountMinor,
    processedAt: r.processedAt,
  })),
});

/** The customer's tier now, from the paid spend of the last 365 days. */
export async function currentTier(
  db: Db | Tx,
  shopId: string,
  customerId: string,
  program: LoyaltyProgram,
  now = new Date(),
): Promise<Tier | null> {
  const orders = await db.order.findMany({
    where: { shopId, customerId, processedAt: { gt: new Date(now.getTime() - 365 * DAY_MS), lte: now } },
    include: { refunds: true },
  });
  return tierFor(spendInWindow(orders.map(toLoyaltyOrder), now), program);
}

/**
 * Opens the customer's account (referral code + sign-up bonus) unless it exists; safe to
 * call concurrently. `since` is when the shopper's store account was created (customers/create):
 * orders from then on earn. Orders already stored since enrolment are applied at once, as
 * orders/create can arrive before customers/create.
 */
export async function ensureAccount(
  db: Db,
  shopId: string,
  customerId: string,
  opts: { since?: Date; now?: Date } = {},
) {
  const existing = await findAccount(db, shopId, customerId);
  if (existing) return existing;
  const now = opts.now ?? new Date();
  const enrolledAt = opts.since && opts.since < now ? opts.since : now;
  const program = await getProgram(db, shopId);
  const customer = await db.customer.findUnique({
    where: { shopId_id: { shopId, id: customerId } },
    select: { email: true },
  });
  const bonus = signupBonus(customerId, program, now);
  let account;
  try {
    account = await db.$transaction(async (tx) => {
      const created = await tx.loyaltyAccount.create({
        data: {
          shopId,
          customerId,
          email: customer?.email ?? null,
          referralCode: referralCode(referralSecret(shopId), customerId),
          enrolledAt,
        },
      });
      if (bonus) await tx.loyaltyEntry.create({ data: entryData(shopId, bonus) });
      return created;
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return db.loyaltyAccount.findUniqueOrThrow({ where: { shopId_customerId: { shopId, customerId } } });
  }
  const orders = await db.order.findMany({
    where: { shopId, customerId, processedAt: { gte: enrolledAt } },
    select: { id: true },
  });
  for (const o of orders) await applyOrderToLedger(db, shopId, o.id, now);
  return account;
}

/**
 * Appends what an order's current state calls for (earning, refund and cancel reversals,
 * and the referrer's reward when this is a referred friend's first paid order). Call after
 * every write of the order or its refunds; a replay appends nothing. Returns the new entries.
 */
export async function applyOrderToLedger(
  db: Db,
  shopId: string,
  orderId: string,
  now = new Date(),
): Promise<LedgerEntry[]> {
  const head = await db.order.findUnique({
    where: { shopId_id: { shopId, id: orderId } },
    select: { customerId: true },
  });
  const customerId = head?.customerId;
  if (!customerId || !(await findAccount(db, shopId, customerId))) return [];
  const program = await getProgram(db, shopId);

  return db.$transaction(async (tx) => {
    const account = await lockAccount(tx, shopId, customerId);
    // Read after the lock: a concurrent webhook for this customer has committed by now.
    const row = await tx.order.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: orderId } },
      include: { refunds: true },
    });
    const order = toLoyaltyOrder(row);
    const existing = (await tx.loyaltyEntry.findMany({ where: { shopId, customerId, orderId } })).map(toEntry);
    const fresh: LedgerEntry[] = [];
    const alreadyEarned = existing.some((e) => e.kind === "earn_order");
    if (alreadyEarned || order.processedAt >= account.enrolledAt) {
      const window = await tx.order.findMany({
        where: {
          shopId,
          customerId,
          processedAt: { gt: new Date(order.processedAt.getTime() - 365 * DAY_MS), lte: order.processedAt },
        },
        include: { refunds: true },
      });
      const tier = tierForOrder(order, window.map(toLoyaltyOrder), program);
      fresh.push(...entriesForOrder(order, existing, program, tier, now));
    }
    if (account.referredBy) fresh.push(...(await referralEntries(tx, shopId, account, order, program, now)));
    for (const e of fresh) await tx.loyaltyEntry.create({ data: entryData(shopId, e) });
    return fresh;
  });
}

type Account = NonNullable<Awaited<ReturnType<typeof findAccount>>>;

/** The referrer's reward on the friend's first paid order, or its reversal if that order is cancelled or fully refunded. */
async function referralEntries(
  tx: Tx,
  shopId: string,
  friend: Account,
  order: LoyaltyOrder,
  program: LoyaltyProgram,
  now: Date,
): Promise<LedgerEntry[]> {
  const referrer = await findAccount(tx, shopId, friend.referredBy as string);
  if (!referrer) return [];
  const rewardRow = await tx.loyaltyEntry.findUnique({
    where: { shopId_key: { shopId, key: referralKey(friend.customerId) } },
  });
  if (rewardRow) {
    if (rewardRow.orderId !== order.id) return [];
    const reversal = reverseReferralReward(toEntry(rewardRow), order);
    if (!reversal) return [];
    const done = await tx.loyaltyEntry.findUnique({ where: { shopId_key: { shopId, key: reversal.key } } });
    return done ? [] : [reversal];
  }
  const friendOrders = await tx.order.findMany({
    where: { shopId, customerId: friend.customerId },
    include: { refunds: true },
  });
  try {
    const reward = referrerRewardOnFirstPaidOrder({
      referrer: { customerId: referrer.customerId, email: referrer.email },
      friend: { customerId: friend.customerId, email: friend.email },
      friendOrders: friendOrders.map(toLoyaltyOrder),
      program,
      now,
      referredAt: friend.referredAt ?? undefined,
    });
    return reward ? [reward] : [];
  } catch (e) {
    if (e instanceof LoyaltyError) return []; // a self-referral that slipped past attach earns nothing
    throw e;
  }
}

/** Points issued and redeemed, for the admin summary. */
export async function loyaltySummary(db: Db, shopId: string) {
  const [accounts, byKind, restored, codes] = await Promise.all([
    db.loyaltyAccount.count({ where: { shopId } }),
    db.loyaltyEntry.groupBy({ by: ["kind"], where: { shopId }, _sum: { points: true } }),
    db.loyaltyEntry.aggregate({
      where: { shopId, kind: "adjust", key: { startsWith: RESTORE_PREFIX } },
      _sum: { points: true },
    }),
    db.rewardCode.groupBy({ by: ["status"], where: { shopId }, _count: { _all: true } }),
  ]);
  const restoredPoints = restored._sum.points ?? 0;
  const sum = (kinds: string[]) =>
    byKind.filter((k) => kinds.includes(k.kind)).reduce((s, k) => s + (k._sum.points ?? 0), 0);
  return {
    accounts,
    issued: sum(["earn_order", "signup", "referral"]),
    // 0 - x, not -x: a -0 renders as "-0" on the server and "0" in the browser (hydration mismatch).
    reversed: 0 - sum(["reverse_refund", "reverse_cancel"]),
    // A redemption whose code Shopify refused was given back: it was never spent.
    redeemed: 0 - sum(["redeem"]) - restoredPoints,
    adjusted: sum(["adjust"]) - restoredPoints,
    activeCodes: codes.find((c) => c.status === "active")?._count._all ?? 0,
    failedCodes: codes.find((c) => c.status === "failed")?._count._all ?? 0,
  };
}

/**
 * The ledger after a batch of orders was written (a sync page): each member's order catches up
 * with its state, as after a webhook. Idempotent: orders already applied append nothing.
 */
export async function applyOrdersToLedger(
  db: Db,
  shopId: string,
  orders: { id: string; customerId: string | null }[],
  now = new Date(),
): Promise<number> {
  let appended = 0;
  const members = new Map<string, boolean>();
  for (const o of orders) {
    if (!o.customerId) continue;
    let member = members.get(o.customerId);
    if (member === undefined) members.set(o.customerId, (member = await isMember(db, shopId, o.customerId)));
    if (member) appended += (await applyOrderToLedger(db, shopId, o.id, now)).length;
  }
  return appended;
}
