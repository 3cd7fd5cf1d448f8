// A friend arrives with ?ref=CODE and, once signed in, claims it: the referral is stored on
// the friend's account and the friend gets a first-order code that only they can use. The
// referrer's points follow on the friend's first paid order (applyOrderToLedger).
//
// Guests cannot claim: a code eligible for anyone could be minted in bulk by any visitor,
// so the friend signs up first (which also earns the sign-up bonus).
import type { Db } from "~/db/client.server";
import { checkReferral, parseReferralCode, SelfReferralError, type FriendDiscount } from "~/loyalty";
import { createDiscountCode, newDiscountCode } from "~/platforms/shopify/discount-codes.server";
import { ensureAccount, lockAccount } from "~/models/loyalty-ledger.server";
import { getProgram } from "~/models/loyalty-program.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";

export type AttachResult =
  { ok: true; code: string | null } | { ok: false; status: 404 | 409 | 422 | 502; error: string };

const PAID = ["paid", "partially_refunded", "refunded"];

export async function attachReferral(
  db: Db,
  shop: { id: string; currency: string },
  friendId: string,
  input: string,
  graphql: AdminGraphql,
  now = new Date(),
): Promise<AttachResult> {
  const shopId = shop.id;
  const parsed = parseReferralCode(input);
  const referrer = parsed
    ? await db.loyaltyAccount.findUnique({ where: { shopId_referralCode: { shopId, referralCode: parsed } } })
    : null;
  if (!referrer) return { ok: false, status: 404, error: "This referral code is not valid." };

  const friend = await ensureAccount(db, shopId, friendId, { now });
  const customer = await db.customer.findUnique({
    where: { shopId_id: { shopId, id: friendId } },
    select: { email: true },
  });
  try {
    checkReferral({
      referrer: { customerId: referrer.customerId, email: referrer.email },
      friend: { customerId: friendId, email: customer?.email ?? friend.email },
    });
  } catch (e) {
    if (e instanceof SelfReferralError)
      return { ok: false, status: 422, error: "You cannot use your own referral code." };
    throw e;
  }
  const program = await getProgram(db, shopId);

  type Claim =
    | { kind: "error"; error: string }
    | { kind: "done"; code: string | null }
    | { kind: "create"; code: string; discount: FriendDiscount };
  const claim = await db.$transaction(async (tx): Promise<Claim> => {
    const account = await lockAccount(tx, shopId, friendId);
    if (account.referredBy && account.referredBy !== referrer.customerId)
      return { kind: "error", error: "You have already used another referral code." };
    const issued = await tx.rewardCode.findFirst({
      where: { shopId, customerId: friendId, kind: "referral-friend", status: { in: ["pending", "active"] } },
    });
    if (issued) return { kind: "done", code: issued.code };
    if (!account.referredBy) {
      const bought = await tx.order.count({
        where: { shopId, customerId: friendId, financialStatus: { in: PAID }, processedAt: { lt: now } },
      });
      if (bought > 0) return { kind: "error", error: "Referral codes are for new customers." };
      await tx.loyaltyAccount.update({
        where: { shopId_customerId: { shopId, customerId: friendId } },
        data: { referredBy: referrer.customerId, referredAt: now },
      });
    }
    const discount = program.referral.friendDiscount;
    if (!discount) return { kind: "done", code: null };
    const code = newDiscountCode("FR");
    await tx.rewardCode.create({
      data: { shopId, code, customerId: friendId, kind: "referral-friend", status: "pending" },
    });
    return { kind: "create", code, discount };
  });
  if (claim.kind === "error") return { ok: false, status: 409, error: claim.error };
  if (claim.kind === "done") return { ok: true, code: claim.code };

  const created = await createDiscountCode(graphql, {
    code: claim.code,
    title: "Welcome discount from a friend",
    customerId: friendId,
    type: claim.discount.type,
    value: claim.discount.value,
    currency: shop.currency,
    minimumOrderMinor: 0,
    combinesWith: { order: false, product: false, shipping: false },
  });
  await db.rewardCode.update({
    where: { shopId_code: { shopId, code: claim.code } },
    data: created.ok
      ? { status: "active", discountId: created.discountId }
      : { status: "failed", error: created.error.slice(0, 1000) },
  });
  // A failed code is retried on the next claim (it no longer counts as issued).
  if (!created.ok)
    return {
      ok: false,
      status: 502,
      error: `Your welcome code could not be created (${created.error}). Please try again later.`,
    };
  return { ok: true, code: claim.code };
}
