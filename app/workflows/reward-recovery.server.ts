// Redemptions interrupted between our commit (points spent, code "pending") and Shopify's
// answer — a crash or a deploy — are settled by the periodic catch-up: if the code exists in
// the shop it becomes active; if not, the points come back and the code is marked failed.
import { CODE_DISCOUNT_BY_CODE } from "~/platforms/shopify/graphql/discounts";
import type { Db } from "~/db/client.server";
import { adjustment } from "~/loyalty";
import { adminQuery } from "~/platforms/shopify/admin-graphql.server";
import { entryData, lockAccount, RESTORE_PREFIX } from "~/models/loyalty-ledger.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";

/** A redemption still pending after this long was interrupted (the Admin API call takes seconds). */
export const PENDING_GRACE_MS = 10 * 60_000;

export async function settlePendingRewardCodes(db: Db, shopId: string, graphql: AdminGraphql, now = new Date()) {
  const stale = await db.rewardCode.findMany({
    where: { shopId, status: "pending", createdAt: { lt: new Date(now.getTime() - PENDING_GRACE_MS) } },
  });
  const settled = { activated: 0, restored: 0 };
  for (const code of stale) {
    const { data } = await adminQuery<{ codeDiscountNodeByCode: { id: string } | null }>(
      graphql,
      CODE_DISCOUNT_BY_CODE,
      { variables: { code: code.code } },
    );
    const where = { shopId_code: { shopId, code: code.code } };
    if (data.codeDiscountNodeByCode) {
      await db.rewardCode.update({ where, data: { status: "active", discountId: data.codeDiscountNodeByCode.id } });
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
