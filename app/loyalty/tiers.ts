// Tiers from spend: the spend of the last 365 days (paid, not cancelled, net of refunds)
// reaches the tier with the highest minimum at or below it.
import { LoyaltyInputError } from "./errors";
import { DAY_MS, isCancelled, isPaid, netPaidMinor, type LoyaltyOrder } from "./orders";
import type { LoyaltyProgram, Tier } from "./program";

/**
 * The tier whose minSpendMinor is the highest one <= spend (a spend exactly at a minimum
 * reaches that tier), or null when the spend is below every tier (or there are none).
 * The list order in the settings does not matter.
 */
export function tierFor(spendLast365DaysMinor: bigint | number, program: Pick<LoyaltyProgram, "tiers">): Tier | null {
  if (typeof spendLast365DaysMinor === "number" && !Number.isSafeInteger(spendLast365DaysMinor)) {
    throw new LoyaltyInputError(`spend must be a whole number of minor units, got ${spendLast365DaysMinor}`);
  }
  const spend = BigInt(spendLast365DaysMinor);
  let best: Tier | null = null;
  for (const t of program.tiers) {
    if (BigInt(t.minSpendMinor) <= spend && (!best || t.minSpendMinor > best.minSpendMinor)) best = t;
  }
  return best;
}

/**
 * Net spend of the orders processed in the window (now − days, now]: an order exactly
 * `days` days old has left the window, an order at `now` is in it. Counts paid orders that
 * are not cancelled, each net of all its refunds (never below 0). All orders must share
 * one currency (the shop's); pass one customer's orders.
 */
export function spendInWindow(orders: readonly LoyaltyOrder[], now: Date, days = 365): bigint {
  const end = now.getTime();
  if (!Number.isFinite(end)) throw new LoyaltyInputError("now is not a valid date");
  if (!(days > 0) || !Number.isFinite(days)) throw new LoyaltyInputError(`days must be > 0, got ${days}`);
  const start = end - days * DAY_MS;
  let currency: string | null = null;
  let spend = 0n;
  for (const o of orders) {
    const c = o.currency.toUpperCase();
    if (currency === null) currency = c;
    else if (c !== currency)
      throw new LoyaltyInputError(
        `order ${o.id}: currency ${c} differs from ${currency}; spend is counted in the shop currency`,
      );
    const t = o.processedAt.getTime();
    if (!(t > start && t <= end) || !isPaid(o) || isCancelled(o)) continue;
    spend += netPaidMinor(o);
  }
  return spend;
}

/**
 * The tier in force when `order` was placed: from the spend of the 365 days before it,
 * other orders only (an order does not lift its own multiplier). Refunds are counted as
 * they are known now.
 */
export function tierForOrder(
  order: LoyaltyOrder,
  customerOrders: readonly LoyaltyOrder[],
  program: Pick<LoyaltyProgram, "tiers">,
): Tier | null {
  const others = customerOrders.filter((o) => o.id !== order.id);
  return tierFor(spendInWindow(others, order.processedAt), program);
}
