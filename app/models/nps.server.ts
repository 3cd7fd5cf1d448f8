// Storefront NPS answers: one SurveyAnswer row each; the dashboard's NPS metric reads them.
// Answers are limited so nobody can tip the score by answering again and again:
// - a signed-in customer answers once per survey period (NPS_PERIOD_DAYS);
// - a guest answers for an order of the shop (once per order), or else once per survey period
//   from one IP address (known only as a keyed hash); a guest whose address the shop's proxy
//   did not pass on cannot answer without an order;
// - and every address may post only NPS_IP_LIMIT answers per hour, whoever is signed in.
// The unique index (shopId, respondent, period) enforces "once" in the database, across web
// processes and concurrent requests.
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { normalizeEmail } from "~/core/records";
import type { ShopperMessage } from "~/i18n";
import { countRequest } from "./rate-limit.server";

export const MAX_COMMENT_LENGTH = 1000;
export const NPS_PERIOD_DAYS = 90;
export const NPS_IP_LIMIT = { max: 10, windowMs: 60 * 60_000 };

const DAY_MS = 86_400_000;

export const npsInputSchema = z.object({
  score: z
    .number({
      required_error: "storefront.error.chooseScore",
      invalid_type_error: "storefront.error.scoreWhole",
    })
    .int("storefront.error.scoreWhole")
    .min(0, "storefront.error.scoreRange")
    .max(10, "storefront.error.scoreRange"),
  comment: z
    .string({ invalid_type_error: "storefront.error.commentText" })
    .max(MAX_COMMENT_LENGTH, "storefront.error.commentLength")
    .optional()
    .transform((c) => c?.trim() || null),
  /** The order the survey follows (the order-received page), as the shop numbers it. */
  orderId: z
    .string({ invalid_type_error: "storefront.error.orderUnknown" })
    .regex(/^\d{1,20}$/, "storefront.error.orderUnknown")
    .optional(),
});

export type NpsInput = Omit<z.infer<typeof npsInputSchema>, "orderId"> & {
  /** The order's id as the app stores it (WooCommerce's namespaced), or null. */
  orderId: string | null;
};

export interface Respondent {
  customerId: string | null;
  /** Keyed hash of the shopper's IP address, or null when unknown. */
  shopperKey: string | null;
}

export type NpsResult = { ok: true } | { ok: false; status: 403 | 404 | 409 | 429; error: ShopperMessage };

/** The survey period a moment falls in (numbered from 1970; periods are NPS_PERIOD_DAYS long). */
export const surveyPeriod = (at: Date) => Math.floor(at.getTime() / (NPS_PERIOD_DAYS * DAY_MS));

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";

export async function recordSurveyAnswer(
  db: Db,
  shopId: string,
  who: Respondent,
  input: NpsInput,
  now = new Date(),
): Promise<NpsResult> {
  if (who.shopperKey) {
    const count = await countRequest(db, shopId, `nps-ip:${who.shopperKey}`, NPS_IP_LIMIT.windowMs, now);
    if (count > NPS_IP_LIMIT.max) return { ok: false, status: 429, error: { key: "storefront.error.tooManyAnswers" } };
  }
  const order = input.orderId
    ? await db.order.findUnique({
        where: { shopId_id: { shopId, id: input.orderId } },
        select: { id: true, customerId: true, email: true },
      })
    : null;
  let respondent: string;
  let period: number;
  let orderId: string | null = null;
  if (who.customerId) {
    respondent = `c:${who.customerId}`;
    period = surveyPeriod(now);
    // The order is noted only when it is the customer's own.
    if (order?.customerId === who.customerId) orderId = order.id;
  } else if (input.orderId) {
    if (!order) return { ok: false, status: 404, error: { key: "storefront.error.orderUnknown" } };
    respondent = `o:${order.id}`;
    period = 0; // an order is answered once, ever
    orderId = order.id;
  } else if (who.shopperKey) {
    respondent = `g:${who.shopperKey}`;
    period = surveyPeriod(now);
  } else {
    return { ok: false, status: 403, error: { key: "storefront.error.npsLogIn" } };
  }
  try {
    await db.surveyAnswer.create({
      data: {
        shopId,
        // Tied to the customer now, so the NPS page names them at once (not only after the next
        // analytics run): the signed-in one, or the customer of the order the survey followed.
        customerId: who.customerId ?? order?.customerId ?? (await accountWithEmail(db, shopId, order?.email)),
        orderId,
        score: input.score,
        comment: input.comment,
        respondent,
        period,
        answeredAt: now,
      },
    });
  } catch (e) {
    if (isUniqueViolation(e)) return { ok: false, status: 409, error: { key: "storefront.error.answered" } };
    throw e;
  }
  return { ok: true };
}

/**
 * The customer account a guest order's e-mail belongs to (WooCommerce guest checkouts by a registered
 * customer; the analysis joins such orders to the account the same way), or null.
 */
async function accountWithEmail(db: Db, shopId: string, email: string | null | undefined): Promise<string | null> {
  const normal = normalizeEmail(email);
  if (!normal) return null;
  const account = await db.customer.findFirst({
    where: { shopId, email: normal, redactedAt: null },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return account?.id ?? null;
}
