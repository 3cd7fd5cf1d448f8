// Redemptions interrupted between our commit (points spent, code "pending") and the shop's
// answer — a crash, a deploy, a timeout — are settled by the periodic catch-up (Shopify's
// reconcile, WooCommerce's sync): if the code exists in the shop it becomes active; if not,
// the points come back and the code is marked failed. The same for either platform: the
// issuer (reward-issuer.server.ts) looks the code up.
import type { Db } from "~/db/client.server";
import { adjustment } from "~/loyalty";
import { entryData, lockAccount, RESTORE_PREFIX } from "~/models/loyalty-ledger.server";
import type { RewardIssuer } from "./reward-issuer.server";

/** A redemption still pending after this long was interrupted (the Admin API call takes seconds). */
export const PENDING_GRACE_MS = 10 * 60_000;

export async function settlePendingRewardCodes(db: Db, shopId: string, issuer: RewardIssuer, now = new Date()) {
  const stale = await db.rewardCode.findMany({
    where: { shopId, status: "pending", createdAt: { lt: new Date(now.getTime() - PENDING_GRACE_MS) } },
  });
  const settled = { activated: 0, restored: 0 };
  for (const code of stale) {
    const found = await issuer.find(code.code);
    const where = { shopId_code: { shopId, code: code.code } };
    if (found) {
      await db.rewardCode.update({ where, data: { status: "active", discountId: found, error: null } });
      settled.activated++;
      continue;
    }
    await db.$transaction(async (tx) => {
      const spent = code.entryKey
        ? await tx.loyaltyEntry.findUnique({ where: { shopId_key: { shopId, key: code.entryKey } } })
        : null;
      if (spent && code.customerId) {
        await lockAccount(tx, shopId, code.customerId);
        const key = `${RESTORE_PREFIX}${spent.key}`;
        // The restore key is the one a failed redemption uses: points never come back twice.
        if (!(await tx.loyaltyEntry.findUnique({ where: { shopId_key: { shopId, key } } }))) {
          await tx.loyaltyEntry.create({
            data: entryData(shopId, adjustment(code.customerId, -spent.points, now, key)),
          });
        }
      }
      await tx.rewardCode.update({
        where,
        data: {
          status: "failed",
          error: "The code was not created in the shop (interrupted); the points were returned.",
        },
      });
    });
    settled.restored++;
  }
  return settled;
}
