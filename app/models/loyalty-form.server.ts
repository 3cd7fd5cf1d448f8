// Saving the loyalty settings form (the draft and its conversion are app/loyalty/draft.ts):
// nothing is saved unless everything is valid; errors are keyed by the program path
// ("rewards[1].value") so the page shows each one next to its field.
// Every error is worded in the page's language.
import { minorToDecimal } from "~/core/money";
import type { Db } from "~/db/client.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import { validateProgram, type FieldError } from "~/loyalty";
import { draftSchema, programFromDraft, type FormErrors } from "~/loyalty/draft";
import { saveProgram } from "./loyalty-program.server";

export async function saveProgramForm(
  db: Db,
  shop: { id: string; currency: string },
  form: FormData,
  locale: Locale = "en",
): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
  const unreadable = translate(locale, "loyalty.error.unreadable");
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.get("program") ?? ""));
  } catch {
    return { ok: false, errors: { form: unreadable } };
  }
  const parsed = draftSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, errors: { form: `${unreadable} (${parsed.error.issues[0]?.path.join(".")})` } };
  const { program, errors } = programFromDraft(parsed.data, shop.currency);
  // The draft's only complaint is an amount that does not parse.
  const example = minorToDecimal(500, shop.currency).replace(".", locale === "nl" ? "," : ".");
  for (const path of Object.keys(errors)) errors[path] = translate(locale, "loyalty.error.amount", { example });
  // An amount that did not parse is already reported; then only validate, never save.
  const result = Object.keys(errors).length ? validateProgram(program) : await saveProgram(db, shop.id, program);
  if (!result.ok) for (const e of result.errors) errors[e.path || "form"] ??= fieldMessage(e, locale);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}

/** A validation error in words; one only hand-made JSON can cause keeps the validator's English. */
const fieldMessage = (e: FieldError, locale: Locale) =>
  e.code ? translate(locale, `loyalty.error.${e.code}` as MessageKey, e.vars) : capitalise(e.message);

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
