import type { ActionFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { npsInputSchema, recordSurveyAnswer } from "~/models/nps.server";
import { wooId } from "~/platforms/woocommerce/order-status";
import { errorResponse, jsonResponse, readBody, withProxy } from "~/http/app-proxy.server";

// POST /apps/retention/api/nps { score, comment, orderId? }: one NPS answer, limited per
// customer, order or address (app/models/nps.server.ts). Guests may answer when the theme block
// shows them the survey.
export const action = ({ request }: ActionFunctionArgs) =>
  withProxy(request, async ({ shop, platform, customerId, shopperKey, locale }) => {
    const { orderId, ...input } = await readBody(request, npsInputSchema);
    const result = await recordSurveyAnswer(
      db,
      shop.id,
      { customerId, shopperKey },
      { ...input, orderId: orderId ? (platform === "woocommerce" ? wooId(orderId) : orderId) : null },
    );
    return result.ok
      ? jsonResponse({ ok: true })
      : errorResponse(locale, result.status, result.error.key, result.error.vars);
  });
