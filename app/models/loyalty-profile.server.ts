// What the storefront widget and the customer account page show a shopper: points, tier,
// rewards and referral link for a member; the invitation for a guest.
import { translate, type Locale } from "~/i18n";
import type { Db } from "~/db/client.server";
import { balanceFor, currentTier, ensureAccount } from "./loyalty-ledger.server";
import { getProgram } from "./loyalty-program.server";

/** GET /apps/retention/api/me for a signed-in shopper (extensions/retention-theme/src/api.ts `Me`). */
export async function memberProfile(
  db: Db,
  shop: { id: string; domain: string },
  customerId: string,
  now = new Date(),
) {
  const account = await ensureAccount(db, shop.id, customerId, { now });
  const program = await getProgram(db, shop.id);
  const [b, tier] = await Promise.all([
    balanceFor(db, shop.id, customerId, now),
    currentTier(db, shop.id, customerId, program, now),
  ]);
  return {
    loggedIn: true as const,
    points: { available: b.available, pending: b.pending },
    tier: tier?.name ?? null,
    rewards: program.rewards.map((r) => ({ id: r.id, title: r.name, points: r.pointsCost })),
    // The myshopify domain redirects to the shop's primary domain, keeping ?ref.
    referralUrl: `https://${shop.domain}/?ref=${account.referralCode}`,
    incentive: null,
  };
}

/** What a guest sees: the invitation; the theme block's own incentive text wins over ours. */
export async function guestProfile(db: Db, shopId: string, locale: Locale = "en") {
  const program = await getProgram(db, shopId);
  return {
    loggedIn: false as const,
    points: null,
    tier: null,
    rewards: program.rewards.map((r) => ({ id: r.id, title: r.name, points: r.pointsCost })),
    referralUrl: null,
    incentive:
      program.signupBonus > 0 ? translate(locale, "storefront.incentive", { points: program.signupBonus }) : null,
  };
}
