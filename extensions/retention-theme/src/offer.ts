// The program's numbers in the shopper's words, every one from the merchant's settings
// (GET /api/program), formatted for the page's language: "1 point per €1", how many points a
// reward still needs, the spend to the next tier, what a referral gives each side and when.
import type { Program, Reward } from "./api";
import type { Ctx } from "./context";

/** "You earn 1 point per €1 spent." (2 per €1; 1 per €2 when a point costs more than one unit). */
export function earnRate(ctx: Ctx, p: Program): string {
  // One major unit of the currency in minor units (100 cents; 1 yen; 1,000 fils).
  const unit = 10 ** ctx.decimals(p.currency);
  const rate = p.pointsPerUnit;
  if (rate >= 1) return ctx.fill(ctx.t.earnRate, { points: ctx.pts(rate), money: ctx.money(unit, p.currency) });
  return ctx.fill(ctx.t.earnRate, { points: ctx.pts(1), money: ctx.money(Math.round(unit / rate), p.currency) });
}

/** The cheapest reward not yet affordable: how many points are missing; or the best one affordable now. */
export function rewardProgress(ctx: Ctx, available: number, rewards: Reward[]): string | null {
  const sorted = [...rewards].sort((a, b) => a.points - b.points);
  const next = sorted.find((r) => r.points > available);
  if (next) return ctx.fill(ctx.t.toReward, { points: ctx.pts(next.points - available), reward: next.title });
  const best = sorted[sorted.length - 1];
  return best ? ctx.fill(ctx.t.rewardReady, { reward: best.title }) : null;
}

export function tierProgress(ctx: Ctx, p: Program): string | null {
  const g = p.progress;
  if (!g) return null;
  if (!g.next) return g.tier ? ctx.t.tierTop : null;
  return ctx.fill(ctx.t.tierNext, {
    money: ctx.money(g.next.minSpendMinor - g.spendMinor, p.currency),
    tier: g.next.name,
  });
}

/** The friend's first-order discount ("€10 off", "15% off"), or null when the program gives none. */
export function friendDiscount(ctx: Ctx, p: Program): string | null {
  const d = p.referral.friendDiscount;
  if (!d || d.value <= 0) return null;
  return d.type === "percentage"
    ? new Intl.NumberFormat(ctx.locale === "nl" ? "nl-NL" : "en-GB", {
        style: "percent",
        maximumFractionDigits: 2,
      }).format(d.value / 100)
    : ctx.money(d.value, p.currency);
}

/** What the referrer gets and when: on the friend's first paid order, spendable after the approval period. */
export function referrerOffer(ctx: Ctx, p: Program): string | null {
  const discount = friendDiscount(ctx, p);
  if (!discount || p.referral.referrerPoints <= 0) return null;
  return ctx.fill(p.approvalDays > 0 ? ctx.t.referrerOffer : ctx.t.referrerOfferNow, {
    discount,
    points: ctx.pts(p.referral.referrerPoints),
    days: p.approvalDays.toLocaleString(ctx.locale === "nl" ? "nl-NL" : "en-GB"),
  });
}

/** The invitation's incentive from the sign-up bonus ("Create a free account and get 100 points."). */
export function incentive(ctx: Ctx, p: Program | null, joining: boolean): string {
  if (!p || p.signupBonus <= 0) return "";
  return ctx.fill(joining ? ctx.t.joinIncentive : ctx.t.signupIncentive, { points: ctx.pts(p.signupBonus) });
}
