// Storefront entry, bundled by scripts/build-storefront.mjs into assets/retention.js (Shopify's
// theme extension) and the WordPress plugin's assets. Blocks render containers with data
// attributes; this script fills them in. The platform shows only in those attributes: the API
// base (Shopify's app proxy /apps/retention, or the plugin's REST route) and, on WordPress, the
// REST nonce.
import { mountAccount } from "./account";
import { createApi } from "./api";
import type { Ctx } from "./context";
import { pickLanguage } from "./i18n";
import { mountLauncher } from "./launcher";
import { mountNps } from "./nps";
import { captureReferral, claimReferral, REFERRAL_KEY } from "./referral";
import { h } from "./dom";
import { friendDiscount } from "./offer";
import { safeLocale, safeNonce, safeProxyPath } from "./validate";

declare global {
  interface Window {
    __retentionLoaded?: boolean;
  }
}

function boot() {
  // Both the app embed and a block may include the script; run once.
  if (window.__retentionLoaded) return;
  window.__retentionLoaded = true;
  const embed = document.querySelector<HTMLElement>("[data-retention-embed]");
  const first = embed ?? document.querySelector<HTMLElement>("[data-retention-proxy]");
  const lang = document.documentElement.lang || first?.dataset.locale;
  const i18n = pickLanguage(lang);
  const ctx: Ctx = {
    ...i18n,
    api: createApi(
      safeProxyPath(first?.dataset.retentionProxy),
      i18n.t,
      safeNonce(first?.dataset.retentionNonce),
      safeLocale(lang),
    ),
    registerUrl: first?.dataset.registerUrl || "/account/register",
    loginUrl: first?.dataset.loginUrl || "/account/login",
  };
  document.querySelectorAll<HTMLElement>("[data-retention-account]").forEach((el) => void mountAccount(el, ctx));
  document.querySelectorAll<HTMLElement>("[data-retention-nps]").forEach((el) => mountNps(el, ctx));
  if (embed && embed.dataset.launcher !== "false") mountLauncher(embed, ctx);
  // A referral landing block shows the claimed code in place; otherwise the embed does.
  if (first) void referral(document.querySelector<HTMLElement>("[data-retention-referral]"), ctx);
}

/**
 * Shows a referral message where the shopper sees it: in the referral landing block, or on the
 * page itself (the app embed's element only carries settings and is hidden).
 */
function showReferral(host: HTMLElement | null, text: string, code?: string) {
  const note = h(
    "div",
    { class: "retention-referral", role: "status", "data-testid": "rtn-referral-note" },
    text,
    code ? " " : null,
    code ? h("strong", { class: "rtn-code" }, code) : null,
  );
  (host && !host.hidden && host.getClientRects().length ? host : document.body).appendChild(note);
}

async function referral(host: HTMLElement | null, ctx: Ctx) {
  let store: Storage;
  try {
    store = window.localStorage;
  } catch {
    return; // storage blocked: referral links still work on the first page as a sign-up prompt
  }
  captureReferral(location.search, store);
  if (!store.getItem(REFERRAL_KEY)) return;
  const code = await claimReferral(ctx.api, store);
  if (code) return showReferral(host, ctx.t.referralClaimed, code);
  // Not signed in yet (the code is still kept): the friend sees the offer that waits for them.
  const [me, program] = await Promise.all([ctx.api.me().catch(() => null), ctx.api.program()]);
  const discount = program && friendDiscount(ctx, program);
  if (me && !me.loggedIn && discount && store.getItem(REFERRAL_KEY))
    showReferral(host, ctx.fill(ctx.t.friendOffer, { discount }));
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", boot);
else boot();
