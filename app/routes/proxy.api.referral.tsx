import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "~/db/client.server";
import { attachReferral } from "~/workflows/referrals.server";
import { jsonResponse, ProxyError, readBody, withProxy } from "~/http/app-proxy.server";

const bodySchema = z.object({
  code: z
    .string({ required_error: "Enter a referral code.", invalid_type_error: "Enter a referral code." })
    .trim()
    .min(1, "Enter a referral code.")
    .max(40, "This referral code is not valid."),
});

// POST /apps/retention/api/referral { code } → { code: friend's discount code | null }: a
// friend who arrived with ?ref=CODE claims it once signed in (see app/workflows/referrals.server.ts).
export const action = ({ request }: ActionFunctionArgs) =>
  withProxy(request, async (ctx) => {
    const { code } = await readBody(request, bodySchema);
    if (!ctx.customerId) throw new ProxyError(401, "Create an account or log in to claim your friend's discount.");
    const result = await attachReferral(db, ctx.shop, ctx.customerId, code, await ctx.rewardIssuer());
    return result.ok ? jsonResponse({ code: result.code }) : jsonResponse({ error: result.error }, result.status);
  });
