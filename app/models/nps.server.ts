// Storefront NPS answers: one SurveyAnswer row each; the dashboard's NPS metric reads them.
import { z } from "zod";
import type { Db } from "~/db/client.server";

export const MAX_COMMENT_LENGTH = 1000;

export const npsInputSchema = z.object({
  score: z
    .number({
      required_error: "Choose a score from 0 to 10.",
      invalid_type_error: "The score must be a whole number from 0 to 10.",
    })
    .int("The score must be a whole number from 0 to 10.")
    .min(0, "The score must be from 0 to 10.")
    .max(10, "The score must be from 0 to 10."),
  comment: z
    .string({ invalid_type_error: "The comment must be text." })
    .max(MAX_COMMENT_LENGTH, `Please keep your comment under ${MAX_COMMENT_LENGTH} characters.`)
    .optional()
    .transform((c) => c?.trim() || null),
});

export async function recordSurveyAnswer(
  db: Db,
  shopId: string,
  customerId: string | null,
  input: z.infer<typeof npsInputSchema>,
) {
  return db.surveyAnswer.create({ data: { shopId, customerId, score: input.score, comment: input.comment } });
}
