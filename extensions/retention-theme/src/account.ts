// Account widget: guests get an invitation to create a free account (the merchant's incentive
// text); signed-in shoppers who have not joined get a Join button (POST /api/join: joining is
// their choice); members get points, tier, rewards and their referral link from GET /api/me.
import { ApiError, type Me, type Program, type Reward } from "./api";
import type { Ctx } from "./context";
import { h, replace } from "./dom";
import { earnRate, incentive as programIncentive, referrerOffer, rewardProgress, tierProgress } from "./offer";

export function errorText(ctx: Ctx, e: unknown): string {
  return e instanceof ApiError ? e.message : ctx.t.errGeneric;
}

function invitation(ctx: Ctx, incentive: string) {
  const { t } = ctx;
  return h(
    "div",
    { class: "rtn-invite", "data-testid": "rtn-invite" },
    h("h3", { class: "rtn-title" }, t.joinTitle),
    incentive ? h("p", { class: "rtn-incentive" }, incentive) : null,
    h("a", { class: "rtn-button", href: ctx.registerUrl }, t.joinCta),
    h("a", { class: "rtn-link", href: ctx.loginUrl }, t.signIn),
  );
}

function joinOffer(ctx: Ctx, el: HTMLElement, incentive: string) {
  const { t } = ctx;
  const status = h("p", { class: "rtn-status", role: "status", "aria-live": "polite" });
  const button = h("button", { type: "button", class: "rtn-button", "data-testid": "rtn-join" }, t.joinNow);
  button.addEventListener("click", async () => {
    button.disabled = true;
    status.className = "rtn-status";
    status.textContent = t.loading;
    try {
      await ctx.api.join();
      const [me, program] = await Promise.all([ctx.api.me(true), ctx.api.program(true)]);
      render(ctx, el, me, program);
    } catch (e) {
      status.className = "rtn-status rtn-error";
      status.textContent = errorText(ctx, e);
      button.disabled = false;
    }
  });
  return h(
    "div",
    { class: "rtn-invite", "data-testid": "rtn-join-offer" },
    h("h3", { class: "rtn-title" }, t.joinTitle),
    incentive ? h("p", { class: "rtn-incentive" }, incentive) : null,
    button,
    status,
  );
}

function tierName(tier: Me["tier"]): string {
  return typeof tier === "string" ? tier : (tier?.name ?? "");
}

function member(ctx: Ctx, me: Me, el: HTMLElement, program: Program | null) {
  const { t, fmt } = ctx;
  const available = me.points?.available ?? 0;
  const pending = me.points?.pending ?? 0;
  const status = h("p", { class: "rtn-status", role: "status", "aria-live": "polite" });
  const tier = tierName(me.tier);

  const rewardRow = (r: Reward) => {
    const button = h("button", { type: "button", class: "rtn-button", disabled: available < r.points }, t.redeem);
    button.addEventListener("click", async () => {
      button.disabled = true;
      status.className = "rtn-status";
      status.textContent = t.loading;
      try {
        const result = await ctx.api.redeem(r.id);
        const me2 = await ctx.api.me(true);
        render(ctx, el, me2, program);
        // render() replaced the status node; report on the fresh one.
        const s = el.querySelector(".rtn-status");
        if (s && result.code) replace(s, t.redeemed + " ", h("strong", { class: "rtn-code" }, result.code));
      } catch (e) {
        status.className = "rtn-status rtn-error";
        status.textContent = errorText(ctx, e);
        button.disabled = false;
      }
    });
    return h(
      "li",
      { class: "rtn-reward" },
      h("span", null, r.title),
      h("span", { class: "rtn-cost" }, fmt(t.cost, r.points)),
      button,
    );
  };

  const rewards = me.rewards ?? [];
  // Codes made for the shopper: also the ones whose redemption answer never reached this page.
  const codes = me.codes ?? [];
  let referral: HTMLElement | null = null;
  if (me.referralUrl) {
    const url = me.referralUrl;
    const copy = h("button", { type: "button", class: "rtn-link" }, t.copy);
    copy.addEventListener("click", () => {
      navigator.clipboard?.writeText(url).then(
        () => (copy.textContent = t.copied),
        () => undefined,
      );
    });
    const offer = program && referrerOffer(ctx, program);
    referral = h(
      "div",
      { class: "rtn-referral" },
      h("h4", null, t.referral),
      offer ? h("p", { class: "rtn-note", "data-testid": "rtn-referrer-offer" }, offer) : null,
      h("input", {
        class: "rtn-input",
        type: "text",
        readonly: true,
        value: url,
        "aria-label": t.referral,
        "data-testid": "rtn-referral",
      }),
      copy,
    );
  }

  return h(
    "div",
    { class: "rtn-member" },
    h("h3", { class: "rtn-title" }, t.points),
    h("p", { class: "rtn-points", "data-testid": "rtn-points" }, fmt(t.available, available)),
    pending ? h("p", { class: "rtn-pending" }, fmt(t.pending, pending)) : null,
    program ? h("p", { class: "rtn-note", "data-testid": "rtn-earn-rate" }, earnRate(ctx, program)) : null,
    note("rtn-to-reward", rewardProgress(ctx, available, rewards)),
    tier ? h("p", { class: "rtn-tier", "data-testid": "rtn-tier" }, `${t.tier}: ${tier}`) : null,
    note("rtn-tier-benefits", tierBenefits(program, tier)),
    note("rtn-tier-progress", program && tierProgress(ctx, program)),
    h("h4", null, t.rewards),
    rewards.length ? h("ul", { class: "rtn-rewards" }, ...rewards.map(rewardRow)) : h("p", null, t.noRewards),
    codes.length ? h("h4", null, t.codes) : null,
    codes.length
      ? h(
          "ul",
          { class: "rtn-codes", "data-testid": "rtn-codes" },
          ...codes.map((c) =>
            h("li", null, h("strong", { class: "rtn-code" }, c.code), c.title ? ` ${c.title}` : null),
          ),
        )
      : null,
    referral,
    status,
  );
}

/** The benefits the merchant wrote for the member's tier, if any. */
const tierBenefits = (program: Program | null, tier: string) =>
  (tier && program?.tiers?.find((x) => x.name === tier)?.benefits?.trim()) || null;

const note = (testId: string, text: string | null) =>
  text ? h("p", { class: "rtn-note", "data-testid": testId }, text) : null;

function render(ctx: Ctx, el: HTMLElement, me: Me, program: Program | null) {
  const joining = me.loggedIn && me.member === false;
  // The theme block's own text wins; else the program's sign-up bonus in the shopper's language
  // (the API's English sentence only for an app too old to say /api/program).
  const incentive =
    el.dataset.incentive?.trim() || (program ? programIncentive(ctx, program, joining) : me.incentive || "");
  if (!me.loggedIn) replace(el, invitation(ctx, incentive));
  else if (joining) replace(el, joinOffer(ctx, el, incentive));
  else replace(el, member(ctx, me, el, program));
}

export async function mountAccount(el: HTMLElement, ctx: Ctx) {
  el.setAttribute("aria-busy", "true");
  try {
    const [me, program] = await Promise.all([ctx.api.me(), ctx.api.program()]);
    render(ctx, el, me, program);
  } catch (e) {
    replace(el, h("p", { class: "rtn-status rtn-error", role: "alert" }, errorText(ctx, e)));
  } finally {
    el.removeAttribute("aria-busy");
  }
}
