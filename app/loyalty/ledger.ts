// The points ledger: append-only entries, each with an idempotency key, so a webhook
// delivered twice (or an order re-read by reconciliation) can never award twice. A
// balance is never stored: it is always the sum of the entries, read at a given instant.
//
// Rules (all decided here, all tested in tests/loyalty):
// - Points are earned on the order's paid total (`totalMinor`: after discounts, including
//   shipping and tax, as the platforms report it). Refunds are not subtracted at earn time:
//   each refund gets its own reversal entry, so the ledger nets out to the points of the
//   net paid amount whatever order the webhooks arrive in.
// - points = floor(totalMinor / 10^decimals × pointsPerUnit × tier multiplier), computed
//   exactly in integers (one rounding, at the end; 99.99 € at ×1.5 = 149.985 → 149).
// - Earned points are pending until processedAt + approvalDays; at that instant exactly they
//   become available (one millisecond before, still pending).
// - Guest orders (no customer id), unpaid and cancelled orders earn nothing.
// - Refund reversals are pro rata and cumulative: after refunds totalling R of a paid total
//   P, the order has lost round(E × R / P) of its E points in total (half rounds up), so
//   partial refunds never drift and a full refund reverses exactly E. Never more than what
//   remains of E is reversed (the ledger passed in is checked).
// - Reversals are immediate (availableAt = createdAt). A reversal of a still-pending earning
//   reduces pending; a reversal of an earning that has matured reduces available — which can
//   go negative if the points were already spent (see `balance`).
import { LoyaltyInputError, InsufficientPointsError, UnknownRewardError } from "./errors";
import { addDays, byTimeThenId, isCancelled, isPaid, type LoyaltyOrder, type LoyaltyRefund } from "./orders";
import { findReward, hasAtMostDecimals, type LoyaltyProgram, type Tier } from "./program";
import { currencyDecimals } from "~/core/money";

export type EntryKind =
  "earn_order" | "signup" | "referral" | "redeem" | "reverse_refund" | "reverse_cancel" | "adjust";

export interface LedgerEntry {
  key: string; // idempotency key, unique per shop: "order:<id>:earn", "refund:<id>", ...
  customerId: string;
  kind: EntryKind;
  points: number; // signed whole points
  createdAt: Date;
  availableAt: Date; // a positive entry is pending until then; others are effective at createdAt
  orderId?: string;
  refundId?: string;
  rewardId?: string;
}

export interface Balance {
  available: number; // spendable now; negative when spent points were later reversed
  pending: number; // earned, still inside the approval period (net of their reversals)
  lifetimeEarned: number; // every entry except redemptions: earnings net of reversals and adjustments
}

const REVERSALS: ReadonlySet<EntryKind> = new Set(["reverse_refund", "reverse_cancel"]);
const SCALE = 10n ** 4n; // pointsPerUnit and multipliers carry at most 4 decimals

export const earnKey = (orderId: string) => `order:${orderId}:earn`;
export const refundKey = (refundId: string) => `refund:${refundId}`;
export const cancelKey = (orderId: string) => `order:${orderId}:cancel`;
export const signupKey = (customerId: string) => `signup:${customerId}`;

function scaled(x: number, what: string): bigint {
  if (!Number.isFinite(x) || x < 0 || !hasAtMostDecimals(x, 4))
    throw new LoyaltyInputError(`${what} must be a number >= 0 with at most 4 decimals, got ${x}`);
  return BigInt(Math.round(x * 10_000));
}

function checkDate(d: Date, what: string): void {
  if (!(d instanceof Date) || !Number.isFinite(d.getTime())) throw new LoyaltyInputError(`${what} is not a valid date`);
}

/** Points for a paid amount: floor(minor / 10^decimals × pointsPerUnit × multiplier), exact. */
export function pointsForAmount(amountMinor: bigint, currency: string, pointsPerUnit: number, multiplier = 1): number {
  if (amountMinor <= 0n) return 0;
  const unit = 10n ** BigInt(currencyDecimals(currency));
  const p =
    (amountMinor * scaled(pointsPerUnit, "pointsPerUnit") * scaled(multiplier, "earnMultiplier")) /
    (unit * SCALE * SCALE);
  return Number(p);
}

/**
 * The earning for a paid order, or null when it earns nothing (guest, unpaid, cancelled,
 * zero total). `tier` is the customer's tier when the order was placed (see `tierForOrder`);
 * null means no multiplier. `now` stamps createdAt.
 */
export function earnForOrder(
  order: LoyaltyOrder,
  program: LoyaltyProgram,
  tier: Tier | null,
  now: Date,
): LedgerEntry | null {
  checkDate(now, "now");
  checkDate(order.processedAt, `order ${order.id}: processedAt`);
  if (!order.customerId || !isPaid(order) || isCancelled(order)) return null;
  const points = pointsForAmount(order.totalMinor, order.currency, program.pointsPerUnit, tier?.earnMultiplier ?? 1);
  if (points <= 0) return null;
  return {
    key: earnKey(order.id),
    customerId: order.customerId,
    kind: "earn_order",
    points,
    createdAt: now,
    availableAt: addDays(order.processedAt, program.approvalDays),
    orderId: order.id,
  };
}

/** Points already taken back from `customerId`'s earning on `orderId`, as a positive number, ignoring `exceptKey`. */
function reversedSoFar(
  entries: readonly LedgerEntry[],
  customerId: string,
  orderId: string,
  exceptKey: string,
): number {
  let r = 0;
  for (const e of entries) {
    if (e.customerId === customerId && e.orderId === orderId && REVERSALS.has(e.kind) && e.key !== exceptKey)
      r -= e.points;
  }
  return r;
}

/** round(e × num / den), half up, for e, num, den >= 0 and num <= den. */
const proRata = (e: bigint, num: bigint, den: bigint): bigint => (2n * e * num + den) / (2n * den);

/**
 * The reversal for one refund, or null when nothing is to be reversed (no earning, a
 * refund too small to be worth a point, or the earning already fully reversed).
 *
 * Cumulative pro rata: with the order's refunds sorted by (processedAt, id) — this refund is
 * added if the order does not list it yet — and R₋ / R₊ the refunded totals before / after
 * it, the reversal is round(E·R₊/P) − round(E·R₋/P). Capped at what remains of E according
 * to `orderEntries` (the customer's entries; others are ignored), so reversals for an order
 * never exceed what it earned, even after a cancellation.
 */
export function reverseForRefund(
  order: LoyaltyOrder,
  refund: LoyaltyRefund,
  earnedEntry: LedgerEntry | null | undefined,
  orderEntries: readonly LedgerEntry[] = [],
): LedgerEntry | null {
  if (refund.orderId !== order.id)
    throw new LoyaltyInputError(`refund ${refund.id} belongs to order ${refund.orderId}, not ${order.id}`);
  if (!earnedEntry) return null;
  if (earnedEntry.kind !== "earn_order" || earnedEntry.orderId !== order.id)
    throw new LoyaltyInputError(`entry ${earnedEntry.key} is not the earning of order ${order.id}`);
  checkDate(refund.processedAt, `refund ${refund.id}: processedAt`);
  if (refund.amountMinor < 0n) throw new LoyaltyInputError(`refund ${refund.id}: amount must be >= 0`);
  const paid = order.totalMinor;
  const earned = earnedEntry.points;
  if (paid <= 0n || earned <= 0) return null;

  const refunds = order.refunds
    .filter((r) => r.id !== refund.id)
    .concat(refund)
    .sort(byTimeThenId((r: LoyaltyRefund) => r.processedAt));
  let after = 0n;
  for (const r of refunds) {
    after += r.amountMinor;
    if (r.id === refund.id) break;
  }
  const clamp = (x: bigint) => (x > paid ? paid : x);
  const before = clamp(after - refund.amountMinor);
  const E = BigInt(earned);
  const raw = Number(proRata(E, clamp(after), paid) - proRata(E, before, paid));
  const key = refundKey(refund.id);
  const remaining = earned - reversedSoFar(orderEntries, earnedEntry.customerId, order.id, key);
  const points = Math.min(raw, remaining);
  if (points <= 0) return null;
  return {
    key,
    customerId: earnedEntry.customerId,
    kind: "reverse_refund",
    points: -points,
    createdAt: refund.processedAt,
    availableAt: refund.processedAt,
    orderId: order.id,
    refundId: refund.id,
  };
}

/**
 * The reversal of whatever remains of a cancelled order's earning (after any refund
 * reversals), or null when the order is not cancelled or nothing remains. `entries` may
 * hold the whole ledger; only the order's earning and its reversals are read.
 */
export function reverseForCancel(order: LoyaltyOrder, entries: readonly LedgerEntry[]): LedgerEntry | null {
  if (!order.cancelledAt) return null;
  checkDate(order.cancelledAt, `order ${order.id}: cancelledAt`);
  const earn = entries.find((e) => e.kind === "earn_order" && e.orderId === order.id);
  if (!earn || earn.points <= 0) return null;
  const key = cancelKey(order.id);
  const remaining = earn.points - reversedSoFar(entries, earn.customerId, order.id, key);
  if (remaining <= 0) return null;
  return {
    key,
    customerId: earn.customerId,
    kind: "reverse_cancel",
    points: -remaining,
    createdAt: order.cancelledAt,
    availableAt: order.cancelledAt,
    orderId: order.id,
  };
}

/**
 * Every entry an order's current state calls for — its earning, one reversal per refund,
 * the cancellation reversal — minus those already in `existing`. One call per order
 * webhook or reconciliation pass; an earning already recorded is reused (never recomputed),
 * so a replay yields nothing new.
 */
export function entriesForOrder(
  order: LoyaltyOrder,
  existing: readonly LedgerEntry[],
  program: LoyaltyProgram,
  tier: Tier | null,
  now: Date,
): LedgerEntry[] {
  const ledger = [...existing];
  const out: LedgerEntry[] = [];
  const add = (e: LedgerEntry | null) => {
    if (!e || ledger.some((x) => x.key === e.key)) return;
    ledger.push(e);
    out.push(e);
  };
  const earned = ledger.find((e) => e.key === earnKey(order.id)) ?? null;
  const earn = earned ?? earnForOrder(order, program, tier, now); // a cancelled order earns nothing
  add(earn);
  for (const r of [...order.refunds].sort(byTimeThenId((x: LoyaltyRefund) => x.processedAt)))
    add(reverseForRefund(order, r, earn, ledger));
  add(reverseForCancel(order, ledger));
  return out;
}

/**
 * The candidates whose key is not yet in `existing` (nor earlier in `candidates`), sorted
 * by (createdAt, key) so the same inputs always append in the same order. Nulls (rules
 * that produced nothing) are skipped. A candidate whose key exists is dropped even if its
 * content differs: the first write wins, as with a unique index on the key.
 */
export function appendEntries(
  existing: readonly LedgerEntry[],
  candidates: readonly (LedgerEntry | null | undefined)[],
): LedgerEntry[] {
  const seen = new Set(existing.map((e) => e.key));
  const out: LedgerEntry[] = [];
  for (const c of candidates) {
    if (!c || seen.has(c.key)) continue;
    seen.add(c.key);
    out.push(c);
  }
  return out.sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

function customerOf(entries: readonly LedgerEntry[]): string | null {
  let id: string | null = null;
  for (const e of entries) {
    if (!Number.isSafeInteger(e.points))
      throw new LoyaltyInputError(`entry ${e.key}: points must be a whole number, got ${e.points}`);
    if (id === null) id = e.customerId;
    else if (e.customerId !== id)
      throw new LoyaltyInputError(`a balance is per customer: entries of ${id} and ${e.customerId} are mixed`);
  }
  return id;
}

/**
 * One customer's balance at `now`. Every entry counts (createdAt does not filter); `now`
 * only decides which earnings are still pending.
 *
 * - pending: positive entries with availableAt > now, each reduced by the reversals of the
 *   same order (never below 0 per entry);
 * - available: everything else (sum of all entries − pending). Redemptions spend available
 *   points only. A reversal of points that matured and were then spent makes `available`
 *   negative: the debt is reported, not hidden, and it blocks redemptions until new
 *   points cover it (it is never taken from pending points);
 * - lifetimeEarned: the sum of all entries except redemptions.
 */
export function balance(entries: readonly LedgerEntry[], now: Date): Balance {
  checkDate(now, "now");
  customerOf(entries);
  const reversedByOrder = new Map<string, number>();
  let total = 0;
  let lifetimeEarned = 0;
  for (const e of entries) {
    total += e.points;
    if (e.kind !== "redeem") lifetimeEarned += e.points;
    if (REVERSALS.has(e.kind) && e.orderId !== undefined)
      reversedByOrder.set(e.orderId, (reversedByOrder.get(e.orderId) ?? 0) + e.points);
  }
  let pending = 0;
  for (const e of entries) {
    if (e.points <= 0 || REVERSALS.has(e.kind) || e.availableAt.getTime() <= now.getTime()) continue;
    const reversed =
      e.orderId !== undefined && (e.kind === "earn_order" || e.kind === "referral")
        ? (reversedByOrder.get(e.orderId) ?? 0)
        : 0;
    pending += Math.max(0, e.points + reversed);
  }
  return { available: total - pending, pending, lifetimeEarned };
}

/**
 * Spends a catalogue reward's cost from the available points. Throws UnknownRewardError if
 * the id is not in the catalogue, InsufficientPointsError if available < cost (pending points
 * never count). If `key` is already in the ledger as a redemption, that entry is returned
 * again (a retried request spends once). The customer is the ledger's; `entries` must hold
 * one customer's entries.
 */
export function redeem(
  entries: readonly LedgerEntry[],
  program: LoyaltyProgram,
  rewardId: string,
  now: Date,
  key: string,
  customerId?: string,
): LedgerEntry {
  if (!key) throw new LoyaltyInputError("a redemption needs an idempotency key");
  const reward = findReward(program, rewardId);
  if (!reward) throw new UnknownRewardError(rewardId);
  const owner = customerOf(entries) ?? customerId ?? null;
  if (customerId !== undefined && owner !== customerId)
    throw new LoyaltyInputError(`the entries belong to ${owner}, not ${customerId}`);
  const previous = entries.find((e) => e.key === key);
  if (previous) {
    if (previous.kind === "redeem" && previous.rewardId === rewardId) return previous;
    throw new LoyaltyInputError(`key ${key} is already used by another entry`);
  }
  const { available } = balance(entries, now);
  if (owner === null || available < reward.pointsCost) throw new InsufficientPointsError(available, reward.pointsCost);
  return {
    key,
    customerId: owner,
    kind: "redeem",
    points: -reward.pointsCost,
    createdAt: now,
    availableAt: now,
    rewardId,
  };
}

/** The sign-up bonus (available at once), or null when the program gives none. */
export function signupBonus(customerId: string, program: LoyaltyProgram, now: Date): LedgerEntry | null {
  checkDate(now, "now");
  if (!customerId) throw new LoyaltyInputError("customerId is required");
  if (program.signupBonus <= 0) return null;
  return {
    key: signupKey(customerId),
    customerId,
    kind: "signup",
    points: program.signupBonus,
    createdAt: now,
    availableAt: now,
  };
}

/** A manual correction by the merchant, effective at once. */
export function adjustment(customerId: string, points: number, now: Date, key: string): LedgerEntry {
  checkDate(now, "now");
  if (!customerId || !key) throw new LoyaltyInputError("customerId and key are required");
  if (!Number.isSafeInteger(points) || points === 0)
    throw new LoyaltyInputError(`an adjustment must be a non-zero whole number of points, got ${points}`);
  return { key, customerId, kind: "adjust", points, createdAt: now, availableAt: now };
}
