import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "~/db/client.server";
import { attachReferral } from "~/workflows/referrals.server";
import { errorResponse, jsonResponse, ProxyError, readBody, withProxy } from "~/http/app-proxy.server";

const bodySchema = z.object({
  code: z
    .string({ required_error: "storefront.error.enterReferral", invalid_type_error: "storefront.error.enterReferral" })
    .trim()
    .min(1, "storefront.error.enterReferral")
    .max(40, "storefront.error.referralInvalid"),
});

// POST /apps/retention/api/referral { code } → { code: friend's discount code | null }: a
// friend who arrived with ?ref=CODE claims it once signed in (see app/workflows/referrals.server.ts).
export const action = ({ request }: ActionFunctionArgs) =>
  withProxy(request, async (ctx) => {
    const { code } = await readBody(request, bodySchema);
    if (!ctx.customerId) throw new ProxyError(401, "storefront.error.referralLogIn");
    const result = await attachReferral(db, ctx.shop, ctx.customerId, code, await ctx.rewardIssuer());
    return result.ok
      ? jsonResponse({ code: result.code })
      : errorResponse(ctx.locale, result.status, result.error.key, result.error.vars);
  });
