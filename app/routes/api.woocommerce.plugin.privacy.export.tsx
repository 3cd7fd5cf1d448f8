import type { ActionFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { minorToDecimal } from "~/core/money";
import { shopperFromBody } from "~/http/woocommerce-privacy.server";
import { pluginJson, withPluginRequest } from "~/http/woocommerce-plugin.server";
import { shopperDataRequest, type ShopperExport } from "~/models/compliance.server";

// POST /api/woocommerce/plugin/privacy/export (signed, S) { email, customer_id, request_id } ->
// what the app holds about the shopper, for WordPress's Export Personal Data tool: points,
// ledger, referral and reward codes, NPS answers, segment, the order copies. Recorded as a data
// request (Settings lists it); an e-mail the app does not know: empty lists.
const iso = (d: Date | null) => d?.toISOString() ?? null;

function forPlugin(d: ShopperExport, currency: string) {
  const account = d.loyalty.account;
  return {
    loyalty: account
      ? [
          {
            customer_id: account.customerId,
            referral_code: account.referralCode,
            enrolled_at: iso(account.enrolledAt),
            referred: account.referredBy !== null,
            points: d.loyalty.balance && {
              available: d.loyalty.balance.available,
              pending: d.loyalty.balance.pending,
              lifetime_earned: d.loyalty.balance.lifetimeEarned,
            },
          },
        ]
      : [],
    ledger: d.loyalty.ledger.map((e) => ({
      created_at: iso(e.createdAt),
      kind: e.kind,
      points: e.points,
      available_at: iso(e.availableAt),
      order_id: e.orderId,
    })),
    reward_codes: d.loyalty.rewardCodes.map((c) => ({
      code: c.code,
      kind: c.kind,
      status: c.status,
      created_at: iso(c.createdAt),
    })),
    nps: d.surveyAnswers.map((a) => ({
      answered_at: iso(a.answeredAt),
      score: a.score,
      comment: a.comment,
      order_id: a.orderId,
    })),
    segments: [
      ...d.insights.map((i) => ({
        customer_id: i.customerId,
        segment: i.segment,
        rfm_segment: i.rfmSegment,
        orders: i.orders,
        last_order_date: i.lastOrderDate,
        predicted_clv: i.predictedClvMinor === null ? null : minorToDecimal(i.predictedClvMinor, currency),
      })),
    ],
    winback: d.winbackPush.map((p) => ({
      customer_id: p.customerId,
      segment: p.segment,
      churn_risk: p.churnRisk,
      predicted_clv: p.predictedClv,
      last_order_date: p.lastOrderDate,
    })),
    orders: d.orders.map((o) => ({
      id: o.id,
      name: o.name,
      processed_at: iso(o.processedAt),
      currency: o.currency,
      total: minorToDecimal(o.totalMinor, o.currency),
      refunded: minorToDecimal(o.refundedMinor, o.currency),
      financial_status: o.financialStatus,
    })),
  };
}

export const action = ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return pluginJson({ error: "Use POST." }, 405);
  return withPluginRequest(request, async ({ store, body }) => {
    const shopper = shopperFromBody(body, "export");
    if (shopper instanceof Response) return shopper;
    const { requestId, exports } = await shopperDataRequest(db, store.shop.id, shopper);
    const parts = exports.map((d) => forPlugin(d, store.shop.currency));
    const keys = ["loyalty", "ledger", "reward_codes", "nps", "segments", "winback", "orders"] as const;
    const lists = Object.fromEntries(keys.map((k) => [k, parts.flatMap((p) => p[k] as unknown[])]));
    return pluginJson({ request_id: requestId, ...lists });
  });
};
