import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "~/db/client.server";
import { isMember } from "~/models/loyalty-ledger.server";
import { redeemReward } from "~/workflows/rewards.server";
import { errorResponse, jsonResponse, ProxyError, readBody, requireCustomer, withProxy } from "~/http/app-proxy.server";

const bodySchema = z.object({
  rewardId: z
    .string({ required_error: "storefront.error.chooseReward", invalid_type_error: "storefront.error.chooseReward" })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "storefront.error.rewardUnavailable"),
});

// POST /apps/retention/api/redeem { rewardId } → { code, points }: spends points on a reward.
export const action = ({ request }: ActionFunctionArgs) =>
  withProxy(request, async (ctx) => {
    const customerId = requireCustomer(ctx);
    const { rewardId } = await readBody(request, bodySchema);
    if (!(await isMember(db, ctx.shop.id, customerId))) throw new ProxyError(409, "storefront.error.joinFirst");
    const result = await redeemReward(db, ctx.shop, customerId, rewardId, await ctx.rewardIssuer());
    return result.ok
      ? jsonResponse({ code: result.code, points: result.points })
      : errorResponse(ctx.locale, result.status, result.error.key, result.error.vars, { points: result.points });
  });
