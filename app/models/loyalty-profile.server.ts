// What the storefront widget and the customer account page show a shopper: points, tier,
// rewards and referral link for a member; the offer to join for a signed-in shopper who has not
// joined; the invitation for a guest. Reading a profile never enrols anyone: joining is the
// shopper's choice (POST /api/join, app/workflows/loyalty-join.server.ts) or their sign-up.
import { translate, type Locale } from "~/i18n";
import type { Db } from "~/db/client.server";
import { balanceFor, currentTier, findAccount } from "./loyalty-ledger.server";
import type { LoyaltyProgram } from "~/loyalty";
import { getProgram } from "./loyalty-program.server";
import { storefrontBaseUrl } from "./storefront-url.server";

const rewardList = (program: LoyaltyProgram) =>
  program.rewards.map((r) => ({ id: r.id, title: r.name, points: r.pointsCost }));

const incentive = (
  program: LoyaltyProgram,
  key: "storefront.incentive" | "storefront.joinIncentive",
  locale: Locale,
) => (program.signupBonus > 0 ? translate(locale, key, { points: program.signupBonus }) : null);

/** GET /apps/retention/api/me for a signed-in shopper (extensions/retention-theme/src/api.ts `Me`). */
export async function memberProfile(
  db: Db,
  shop: { id: string; platform: string; domain: string; settings: string },
  customerId: string,
  now = new Date(),
  locale: Locale = "en",
) {
  const [account, program] = await Promise.all([findAccount(db, shop.id, customerId), getProgram(db, shop.id, locale)]);
  if (!account)
    return {
      loggedIn: true as const,
      member: false as const,
      points: null,
      tier: null,
      tierBenefits: null,
      rewards: rewardList(program),
      referralUrl: null,
      incentive: incentive(program, "storefront.joinIncentive", locale),
      codes: [],
    };
  const [b, tier, storefront, codes] = await Promise.all([
    balanceFor(db, shop.id, customerId, now),
    currentTier(db, shop.id, customerId, program, now),
    storefrontBaseUrl(db, shop),
    activeCodes(db, shop.id, customerId, program),
  ]);
  return {
    loggedIn: true as const,
    member: true as const,
    points: { available: b.available, pending: b.pending },
    tier: tier?.name ?? null,
    // What the merchant wrote "for customers" about this tier (the Loyalty page's benefits field).
    tierBenefits: tier?.benefits.trim() || null,
    rewards: rewardList(program),
    // On the storefront's own address and scheme (app/models/storefront-url.server.ts).
    referralUrl: `${storefront}/?ref=${account.referralCode}`,
    incentive: null,
    codes,
  };
}

/**
 * The shopper's codes the shop holds, newest first. The redemption's answer is not the only
 * place a code is shown: when it is lost (a timeout, a restart) the points are spent and the
 * code, once the recovery finds it in the shop, is listed here.
 */
async function activeCodes(db: Db, shopId: string, customerId: string, program: LoyaltyProgram) {
  const rows = await db.rewardCode.findMany({
    where: { shopId, customerId, status: "active" },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { code: true, rewardId: true, createdAt: true },
  });
  return rows.map((r) => ({
    code: r.code,
    title: program.rewards.find((reward) => reward.id === r.rewardId)?.name ?? null,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** What a guest sees: the invitation; the theme block's own incentive text wins over ours. */
export async function guestProfile(db: Db, shopId: string, locale: Locale = "en") {
  const program = await getProgram(db, shopId, locale);
  return {
    loggedIn: false as const,
    member: false as const,
    points: null,
    tier: null,
    rewards: rewardList(program),
    referralUrl: null,
    incentive: incentive(program, "storefront.incentive", locale),
    codes: [],
  };
}
