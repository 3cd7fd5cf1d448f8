// Small builders for loyalty tests: orders in EUR with only the fields the rules read.
import { defaultProgram, type LoyaltyOrder, type LoyaltyProgram, type LoyaltyRefund } from "~/loyalty";

export const DAY = 86_400_000;
export const T0 = new Date("2025-03-01T10:00:00.000Z");
export const at = (days: number, ms = 0) => new Date(T0.getTime() + days * DAY + ms);

export function order(p: Partial<LoyaltyOrder> & { id: string; totalMinor: bigint }): LoyaltyOrder {
  const refunds = p.refunds ?? [];
  return {
    customerId: "c1",
    currency: "EUR",
    refundedMinor: refunds.reduce((s, r) => s + r.amountMinor, 0n),
    financialStatus: "paid",
    cancelledAt: null,
    processedAt: T0,
    ...p,
    refunds,
  };
}

export const refund = (id: string, orderId: string, amountMinor: bigint, processedAt: Date): LoyaltyRefund => ({
  id,
  orderId,
  amountMinor,
  processedAt,
});

/** Default program, 1 point per €1, 30 approval days; tiers Member 0 ×1, Silver €500 ×1.25, Gold €1500 ×1.5. */
export const program = (over: Partial<LoyaltyProgram> = {}): LoyaltyProgram => ({ ...defaultProgram(), ...over });
