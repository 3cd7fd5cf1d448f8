// refunds/create arrives on its own: store the refund and bring its order's refunded and
// net amounts up to date. A refund for an order we have not stored yet is left to the
// order's own next update, which carries all of its refunds.
import type { Db } from "~/db/client.server";
import type { NormalizedRefund } from "~/core/records";

export async function recordRefund(
  db: Db,
  shopId: string,
  refund: NormalizedRefund,
): Promise<"recorded" | "order-unknown"> {
  return db.$transaction(async (tx) => {
    const order = await tx.order.findUnique({ where: { shopId_id: { shopId, id: refund.orderId } } });
    if (!order) return "order-unknown";
    await tx.refund.upsert({
      where: { shopId_id: { shopId, id: refund.id } },
      create: {
        shopId,
        id: refund.id,
        orderId: refund.orderId,
        amountMinor: refund.amountMinor,
        currency: refund.currency,
        processedAt: refund.processedAt,
      },
      update: { amountMinor: refund.amountMinor, processedAt: refund.processedAt },
    });
    const sum = await tx.refund.aggregate({ where: { shopId, orderId: refund.orderId }, _sum: { amountMinor: true } });
    const refunded = sum._sum.amountMinor ?? 0n;
    // Never below what the order itself reported (its refunds list may include refunds not delivered here).
    const refundedMinor = refunded > order.refundedMinor ? refunded : order.refundedMinor;
    await tx.order.update({
      where: { shopId_id: { shopId, id: refund.orderId } },
      data: { refundedMinor, netPaidMinor: order.totalMinor - refundedMinor },
    });
    return "recorded";
  });
}
