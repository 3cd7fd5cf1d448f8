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
}
