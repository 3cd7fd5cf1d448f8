// A friend arrives with ?ref=CODE and, once signed in, claims it: the referral is stored on
// the friend's account and the friend gets a first-order code that only they can use. The
// referrer's points follow on the friend's first paid order (applyOrderToLedger).
//
// Guests cannot claim: a code eligible for anyone could be minted in bulk by any visitor,
// so the friend signs up first (which also earns the sign-up bonus).
//
// Self-referral is checked against every address either party is known by: the addresses the
// platform holds now (asked at claim time: the app's copy can predate the platform's, or the
// shopper may have changed it since) and the app's own copies. The fresh addresses are then
// stored on the accounts, so the referrer's reward check later sees them too.
import type { Db } from "~/db/client.server";
import { normalizeEmail } from "~/core/records";
import { checkReferral, parseReferralCode, SelfReferralError, type FriendDiscount } from "~/loyalty";
import { newDiscountCode } from "~/platforms/shopify/discount-codes.server";
import { ensureAccount, lockAccount } from "~/models/loyalty-ledger.server";
import { getProgram } from "~/models/loyalty-program.server";
import { ShopUnavailableError, type ReferralParties, type RewardIssuer } from "./reward-issuer.server";

export type AttachResult =
  { ok: true; code: string | null } | { ok: false; status: 404 | 409 | 422 | 502 | 503; error: string };

const PAID = ["paid", "partially_refunded", "refunded"];

export async function attachReferral(
  db: Db,
  shop: { id: string; currency: string },
  friendId: string,
  input: string,
  issuer: RewardIssuer,
  now = new Date(),
): Promise<AttachResult> {
  const shopId = shop.id;
  const parsed = parseReferralCode(input);
  const referrer = parsed
    ? await db.loyaltyAccount.findUnique({ where: { shopId_referralCode: { shopId, referralCode: parsed } } })
    : null;
  if (!referrer) return { ok: false, status: 404, error: "This referral code is not valid." };

  const friend = await ensureAccount(db, shopId, friendId, { now });
  const customers = await db.customer.findMany({
    where: { shopId, id: { in: [friendId, referrer.customerId] } },
    select: { id: true, email: true },
  });
  const stored = (id: string) => customers.find((c) => c.id === id)?.email ?? null;
  const selfReferral = (friendEmails: (string | null)[], referrerEmails: (string | null)[]) => {
    try {
      for (const f of friendEmails)
        for (const r of referrerEmails)
          checkReferral({
            referrer: { customerId: referrer.customerId, email: r },
            friend: { customerId: friendId, email: f },
          });
      return false;
    } catch (e) {
      if (e instanceof SelfReferralError) return true;
      throw e;
    }
  };
  const ownCode = { ok: false, status: 422, error: "You cannot use your own referral code." } as const;
  // What the app holds already decides the obvious cases without asking the platform.
  const heldFriend = [stored(friendId), friend.email];
  const heldReferrer = [stored(referrer.customerId), referrer.email];
  if (selfReferral(heldFriend, heldReferrer)) return ownCode;
  let fresh: ReferralParties;
  try {
    fresh = await issuer.referralParties(friendId, referrer.customerId);
  } catch (e) {
    // Without the platform's word the check would rest on copies that may be stale: no claim.
    if (!(e instanceof ShopUnavailableError)) throw e;
    return { ok: false, status: 503, error: "Referral codes are temporarily unavailable. Please try again later." };
  }
  if (!fresh.friend.exists) return { ok: false, status: 409, error: "Your account could not be found." };
  await rememberEmail(db, shopId, friendId, friend.email, fresh.friend.email);
  await rememberEmail(db, shopId, referrer.customerId, referrer.email, fresh.referrer.email);
  if (selfReferral([fresh.friend.email, ...heldFriend], [fresh.referrer.email, ...heldReferrer])) return ownCode;
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

  const created = await issuer.create(
    {
      code: claim.code,
      title: "Welcome discount from a friend",
      customerId: friendId,
      type: claim.discount.type,
      value: claim.discount.value,
      currency: shop.currency,
      minimumOrderMinor: 0,
      combinesWith: { order: false, product: false, shipping: false },
    },
    now,
  );
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

/** Stores the platform's current address on the loyalty account when it differs from the copy. */
async function rememberEmail(db: Db, shopId: string, customerId: string, held: string | null, current: string | null) {
  const email = normalizeEmail(current);
  if (!email || email === held) return;
  await db.loyaltyAccount.update({ where: { shopId_customerId: { shopId, customerId } }, data: { email } });
}
