import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "~/db/client.server";
import { isMember } from "~/models/loyalty-ledger.server";
import { redeemReward } from "~/workflows/rewards.server";
import { jsonResponse, ProxyError, readBody, requireCustomer, withProxy } from "~/http/app-proxy.server";

const bodySchema = z.object({
  rewardId: z
    .string({ required_error: "Choose a reward.", invalid_type_error: "Choose a reward." })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, "This reward is not available."),
});

// POST /apps/retention/api/redeem { rewardId } → { code, points }: spends points on a reward.
export const action = ({ request }: ActionFunctionArgs) =>
  withProxy(request, async (ctx) => {
    const customerId = requireCustomer(ctx);
    const { rewardId } = await readBody(request, bodySchema);
    if (!(await isMember(db, ctx.shop.id, customerId))) throw new ProxyError(409, "Join the rewards programme first.");
    const result = await redeemReward(db, ctx.shop, customerId, rewardId, await ctx.rewardIssuer());
    return result.ok
      ? jsonResponse({ code: result.code, points: result.points })
      : jsonResponse({ error: result.error, points: result.points }, result.status);
  });
