// Saving the loyalty settings form (the draft and its conversion are app/loyalty/draft.ts):
// nothing is saved unless everything is valid; errors are keyed by the program path
// ("rewards[1].value") so the page shows each one next to its field.
import type { Db } from "~/db/client.server";
import { validateProgram } from "~/loyalty";
import { draftSchema, programFromDraft, type FormErrors } from "~/loyalty/draft";
import { saveProgram } from "./loyalty-program.server";

export async function saveProgramForm(
  db: Db,
  shop: { id: string; currency: string },
  form: FormData,
): Promise<{ ok: true } | { ok: false; errors: FormErrors }> {
  let raw: unknown;
  try {
    raw = JSON.parse(String(form.get("program") ?? ""));
  } catch {
    return { ok: false, errors: { form: "The form could not be read. Reload the page and try again." } };
  }
  const parsed = draftSchema.safeParse(raw);
  if (!parsed.success)
    return { ok: false, errors: { form: `The form could not be read (${parsed.error.issues[0]?.path.join(".")}).` } };
  const { program, errors } = programFromDraft(parsed.data, shop.currency);
  // An amount that did not parse is already reported; then only validate, never save.
  const result = Object.keys(errors).length ? validateProgram(program) : await saveProgram(db, shop.id, program);
  if (!result.ok) for (const e of result.errors) errors[e.path || "form"] ??= capitalise(e.message);
  return Object.keys(errors).length ? { ok: false, errors } : { ok: true };
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
