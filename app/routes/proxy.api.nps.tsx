import type { ActionFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { npsInputSchema, recordSurveyAnswer } from "~/models/nps.server";
import { jsonResponse, readBody, withProxy } from "~/http/app-proxy.server";

// POST /apps/retention/api/nps { score, comment }: one NPS answer (guests allowed: the theme
// block decides whether guests see the survey).
export const action = ({ request }: ActionFunctionArgs) =>
  withProxy(request, async ({ shop, customerId }) => {
    const input = await readBody(request, npsInputSchema);
    await recordSurveyAnswer(db, shop.id, customerId, input);
    return jsonResponse({ ok: true });
  });
