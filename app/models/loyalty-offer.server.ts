// What the storefront shows a shopper about the program, as numbers from the merchant's own
// settings (never a figure written into the script or a theme default): points per unit of
// money, the sign-up bonus, what a referral gives each side and when, the rewards and tiers;
// for a signed-in shopper also their spend towards the next tier. The script words and
// formats them in the shopper's language (GET /api/program).
import { spendInWindow, tierFor } from "~/loyalty";
import type { Db } from "~/db/client.server";
import type { Locale } from "~/i18n";
import { toLoyaltyOrder } from "./loyalty-ledger.server";
import { getProgram } from "./loyalty-program.server";

const DAY_MS = 86_400_000;

export async function programOffer(
  db: Db,
  shop: { id: string; currency: string },
  customerId: string | null,
  now = new Date(),
  /** The shopper's language: a shop without a saved program shows its default tiers and rewards in it. */
  locale?: Locale,
) {
  const program = await getProgram(db, shop.id, locale);
  let progress: {
    spendMinor: number;
    tier: string | null;
    next: { name: string; minSpendMinor: number } | null;
  } | null = null;
  if (customerId) {
    const orders = await db.order.findMany({
      where: { shopId: shop.id, customerId, processedAt: { gt: new Date(now.getTime() - 365 * DAY_MS), lte: now } },
      include: { refunds: true },
    });
    const spend = spendInWindow(orders.map(toLoyaltyOrder), now);
    const next = [...program.tiers]
      .sort((a, b) => a.minSpendMinor - b.minSpendMinor)
      .find((t) => BigInt(t.minSpendMinor) > spend);
    progress = {
      spendMinor: Number(spend),
      tier: tierFor(spend, program)?.name ?? null,
      next: next ? { name: next.name, minSpendMinor: next.minSpendMinor } : null,
    };
  }
  return {
    currency: shop.currency,
    pointsPerUnit: program.pointsPerUnit,
    signupBonus: program.signupBonus,
    approvalDays: program.approvalDays,
    referral: { referrerPoints: program.referral.referrerPoints, friendDiscount: program.referral.friendDiscount },
    tiers: program.tiers.map((t) => ({
      name: t.name,
      minSpendMinor: t.minSpendMinor,
      earnMultiplier: t.earnMultiplier,
      // The merchant writes these "for customers": the panel shows a member their tier's benefits.
      benefits: t.benefits,
    })),
    rewards: program.rewards.map((r) => ({ id: r.id, title: r.name, points: r.pointsCost })),
    progress,
  };
}
