// Floating launcher (app embed): a button that opens a panel holding the account widget.
// The panel's content loads on first open so pages without interest cost one request less.
import { mountAccount } from "./account";
import type { Ctx } from "./context";
import { h } from "./dom";

export function mountLauncher(embed: HTMLElement, ctx: Ctx) {
  const { t } = ctx;
  const body = h("div", { class: "rtn-panel-body", "data-incentive": embed.dataset.incentive ?? "" });
  const close = h("button", { type: "button", class: "rtn-close", "aria-label": t.close }, "×");
  const panel = h(
    "div",
    { class: "rtn-panel", id: "rtn-panel", role: "dialog", "aria-label": t.launcher, hidden: true },
    close,
    body,
  );
  const button = h(
    "button",
    { type: "button", class: "rtn-launcher", "aria-expanded": "false", "aria-controls": "rtn-panel" },
    t.launcher,
  );
  let loaded = false;
  const toggle = (open: boolean) => {
    panel.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    if (open && !loaded) {
      loaded = true;
      void mountAccount(body, ctx);
    }
    if (open) close.focus();
    else button.focus();
  };
  button.addEventListener("click", () => toggle(panel.hidden));
  close.addEventListener("click", () => toggle(false));
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape") toggle(false);
  });
  const root = h(
    "div",
    { class: `rtn-root rtn-${embed.dataset.position === "left" ? "left" : "right"}` },
    panel,
    button,
  );
  if (embed.dataset.accent) root.style.setProperty("--rtn-accent", embed.dataset.accent);
  document.body.append(root);
  tuckOverSurvey(root);
}

/**
 * The floating button sits in the bottom corner, where a survey's comment box ends up as the
 * shopper scrolls to it: while the survey's comment box or send button reaches into that strip (and the panel is
 * closed), the launcher steps aside, and comes back when the survey scrolls on. (Width does not
 * matter: on a wide screen a full-width comment box reaches under the corner too.)
 */
function tuckOverSurvey(root: HTMLElement) {
  const surveys = Array.from(document.querySelectorAll("[data-retention-nps]"));
  if (!surveys.length) return;
  const STRIP = 96; // px: the launcher's 20 px offset, its height and some air
  // Room at the end of the page, so a survey that ends it can always scroll clear of the
  // corner and the launcher is never out of reach for good.
  document.body.append(h("div", { class: "rtn-spacer", "aria-hidden": "true" }));
  let queued = false;
  const update = () => {
    queued = false;
    const bottom = window.innerHeight;
    // The parts a shopper types in or taps: the comment box and the send button.
    const covered = surveys.some((s) =>
      Array.from(s.querySelectorAll("textarea, [type=submit]")).some((el) => {
        const r = el.getBoundingClientRect();
        return r.height > 0 && r.bottom > bottom - STRIP && r.top < bottom;
      }),
    );
    root.classList.toggle("rtn-tucked", covered);
  };
  const schedule = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(update);
  };
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  // The survey's own content loads after this: look again once it has.
  new MutationObserver(schedule).observe(document.body, { childList: true, subtree: true });
  update();
}
