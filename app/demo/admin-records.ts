// The demo generator's records in the shape Shopify's Admin GraphQL API returns them (the
// fields the app's bulk and reconciliation queries select): fills the fake Admin API in
// tests and writes the benchmark shop as a bulk-operation JSONL file.
import type { NormalizedCustomer, NormalizedOrder } from "~/core/records";
import { minorToDecimal } from "~/core/money";

const money = (minor: bigint, currencyCode: string) => ({
  shopMoney: { amount: minorToDecimal(minor, currencyCode), currencyCode },
});

export function adminOrder(o: NormalizedOrder) {
  return {
    id: `gid://shopify/Order/${o.id}`,
    name: o.name ?? `#${o.id}`,
    email: o.email,
    createdAt: (o.createdAt ?? o.processedAt).toISOString(),
    updatedAt: (o.updatedAt ?? o.processedAt).toISOString(),
    processedAt: o.processedAt.toISOString(),
    cancelledAt: o.cancelledAt?.toISOString() ?? null,
    displayFinancialStatus: o.financialStatus.toUpperCase(),
    test: false,
    sourceName: o.sourceName,
    totalPriceSet: money(o.totalMinor, o.currency),
    totalRefundedSet: money(o.refundedMinor, o.currency),
    customer: o.customerId ? { id: `gid://shopify/Customer/${o.customerId}` } : null,
    refunds: o.refunds.map((r) => ({
      id: `gid://shopify/Refund/${r.id}`,
      createdAt: r.processedAt.toISOString(),
      totalRefundedSet: money(r.amountMinor, r.currency),
    })),
  };
}

export function adminCustomer(c: NormalizedCustomer) {
  return {
    id: `gid://shopify/Customer/${c.id}`,
    firstName: c.firstName,
    lastName: c.lastName,
    createdAt: (c.createdAt ?? new Date(0)).toISOString(),
    updatedAt: (c.updatedAt ?? new Date(0)).toISOString(),
    numberOfOrders: String(c.ordersCount ?? 0),
    amountSpent: {
      amount: minorToDecimal(c.totalSpentMinor ?? 0n, c.currency ?? "EUR"),
      currencyCode: c.currency ?? "EUR",
    },
    tags: c.tags ?? [],
    defaultEmailAddress: c.email
      ? { emailAddress: c.email, marketingState: c.marketingConsent === "granted" ? "SUBSCRIBED" : "NOT_SUBSCRIBED" }
      : null,
  };
}
