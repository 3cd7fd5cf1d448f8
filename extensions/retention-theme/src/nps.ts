// NPS survey: a 0–10 score and an optional comment, posted to POST /api/nps.
import type { Ctx } from "./context";
import { h, replace } from "./dom";
import { errorText } from "./account";
import { MAX_COMMENT_LENGTH, validateNps } from "./validate";

export function mountNps(el: HTMLElement, ctx: Ctx) {
  const { t, fmt } = ctx;
  let score: number | undefined;
  const error = h("p", { class: "rtn-status rtn-error", role: "alert", "data-testid": "rtn-nps-error" });
  const buttons: HTMLButtonElement[] = [];
  for (let i = 0; i <= 10; i++) {
    const b = h("button", { type: "button", class: "rtn-score", "aria-pressed": "false", "data-score": i }, i);
    b.addEventListener("click", () => {
      score = i;
      for (const other of buttons) other.setAttribute("aria-pressed", String(other === b));
      error.textContent = "";
    });
    buttons.push(b);
  }
  const question = el.dataset.question?.trim() || t.npsQuestion;
  // No maxlength on purpose: a pasted long comment gets an explanation instead of silent truncation.
  const comment = h("textarea", {
    class: "rtn-input",
    name: "comment",
    rows: 3,
    "aria-label": t.comment,
    placeholder: t.comment,
  });
  const send = h("button", { type: "submit", class: "rtn-button" }, t.send);
  const form = h(
    "form",
    { class: "rtn-nps", novalidate: true },
    h("fieldset", null, h("legend", { class: "rtn-title" }, question), h("div", { class: "rtn-scores" }, ...buttons)),
    h("div", { class: "rtn-scale", "aria-hidden": "true" }, h("span", null, t.npsLow), h("span", null, t.npsHigh)),
    comment,
    send,
    error,
  );
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = comment.value.trim();
    const problem = validateNps(score, text);
    if (problem) {
      error.textContent = problem === "score" ? t.errScore : fmt(t.errComment, MAX_COMMENT_LENGTH);
      return;
    }
    send.disabled = true;
    error.textContent = "";
    try {
      await ctx.api.nps(score!, text);
      replace(el, h("p", { class: "rtn-thanks", role: "status", "data-testid": "rtn-nps-thanks" }, t.thanks));
    } catch (e) {
      error.textContent = errorText(ctx, e);
      send.disabled = false;
    }
  });
  replace(el, form);
}
