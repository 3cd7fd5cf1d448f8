// Redeeming points for a reward: one DB transaction spends the points and records the code
// (pending); after commit the code is created in the shop (a Shopify discount code or a
// WooCommerce coupon, reward-issuer.server.ts); then the code is marked active, or the points
// are given back by a compensating entry and the code marked failed. When no clear answer came
// back (a timeout: the shop may have made the code) the code stays pending and the periodic
// recovery (reward-recovery.server.ts) looks it up in the shop before giving anything back.
//
// Double spending: the transaction's first statement bumps LoyaltyAccount.version, which
// takes the account's row lock (PostgreSQL) or the database write lock (SQLite) until
// commit, so a second redemption reads the balance only after the first one's deduction.
import type { Db } from "~/db/client.server";
import { adjustment, balance, findReward, InsufficientPointsError, redeem, type Balance } from "~/loyalty";
import { newDiscountCode } from "~/platforms/shopify/discount-codes.server";
import { entryData, ledgerFor, lockAccount, RESTORE_PREFIX } from "~/models/loyalty-ledger.server";
import { getProgram } from "~/models/loyalty-program.server";
import type { RewardIssuer } from "./reward-issuer.server";

export type RedeemResult =
  | { ok: true; code: string; points: Pick<Balance, "available" | "pending"> }
  | { ok: false; status: 404 | 409 | 422 | 502 | 503; error: string; points?: Pick<Balance, "available" | "pending"> };

const points = (b: Balance) => ({ available: b.available, pending: b.pending });

export async function redeemReward(
  db: Db,
  shop: { id: string; currency: string },
  customerId: string,
  rewardId: string,
  issuer: RewardIssuer,
  now = new Date(),
): Promise<RedeemResult> {
  const program = await getProgram(db, shop.id);
  const reward = findReward(program, rewardId);
  if (!reward) return { ok: false, status: 404, error: "This reward is not available." };
  const code = newDiscountCode("RW");
  const entryKey = `redeem:${code}`;

  const spent = await db.$transaction(async (tx) => {
    await lockAccount(tx, shop.id, customerId); // first statement: the lock (see the header)
    const entries = await ledgerFor(tx, shop.id, customerId);
    let entry;
    try {
      entry = redeem(entries, program, reward.id, now, entryKey, customerId);
    } catch (e) {
      if (e instanceof InsufficientPointsError) return { ok: false as const, available: e.available };
      throw e;
    }
    await tx.loyaltyEntry.create({ data: entryData(shop.id, entry) });
    await tx.rewardCode.create({
      data: { shopId: shop.id, code, customerId, kind: "reward", rewardId: reward.id, entryKey, status: "pending" },
    });
    return { ok: true as const };
  });
  if (!spent.ok) {
    return {
      ok: false,
      status: 409,
      error: `Not enough points: this reward costs ${reward.pointsCost}, you have ${Math.max(0, spent.available)}.`,
      points: points(balance(await ledgerFor(db, shop.id, customerId), now)),
    };
  }

  const created = await issuer.create(
    {
      code,
      title: `${reward.name} (loyalty reward)`,
      customerId,
      type: reward.type,
      value: reward.value,
      currency: shop.currency,
      minimumOrderMinor: reward.minimumOrderMinor,
      combinesWith: reward.combinesWith,
    },
    now,
  );

  const later = new Date(Math.max(Date.now(), now.getTime())); // balances after the Admin API call
  if (created.ok) {
    await db.rewardCode.update({
      where: { shopId_code: { shopId: shop.id, code } },
      data: { status: "active", discountId: created.discountId },
    });
    return { ok: true, code, points: points(balance(await ledgerFor(db, shop.id, customerId), later)) };
  }

  if (created.maybeCreated) {
    // Pending until the recovery finds out whether the shop made it: no free code, no lost points.
    await db.rewardCode.update({
      where: { shopId_code: { shopId: shop.id, code } },
      data: { error: created.error.slice(0, 1000) },
    });
    return {
      ok: false,
      status: 503,
      error: "The shop did not answer in time. Your code, or else your points, will be back shortly.",
      points: points(balance(await ledgerFor(db, shop.id, customerId), later)),
    };
  }

  // Compensate: the points come back, the failed code stays on record with the shop's reason.
  await db.$transaction(async (tx) => {
    await lockAccount(tx, shop.id, customerId);
    await tx.loyaltyEntry.create({
      data: entryData(shop.id, adjustment(customerId, reward.pointsCost, later, `${RESTORE_PREFIX}${entryKey}`)),
    });
    await tx.rewardCode.update({
      where: { shopId_code: { shopId: shop.id, code } },
      data: { status: "failed", error: created.error.slice(0, 1000) },
    });
  });
  return {
    ok: false,
    status: 502,
    error: `Your code could not be created (${created.error}). Your points have been returned.`,
    points: points(balance(await ledgerFor(db, shop.id, customerId), later)),
  };
}
