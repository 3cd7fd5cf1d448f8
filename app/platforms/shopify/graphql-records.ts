// Admin GraphQL Order/Customer/Refund objects (bulk JSONL lines and paginated nodes) to
// the shared Normalized shapes. Amounts are shop money, so a shop has one currency.
import { z } from "zod";
import { gidToId } from "../lossless-json";
import { decimalToMinor } from "../money";
import { normalizeEmail, type NormalizedCustomer, type NormalizedOrder, type NormalizedRefund } from "../types";
import { PayloadError } from "./rest-payloads";

const gid = (type: string) => z.string().startsWith(`gid://shopify/${type}/`);
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");
const moneyBag = z.object({ shopMoney: z.object({ amount: z.union([z.string(), z.number()]), currencyCode: z.string() }) });

const refundNode = z.object({ id: gid("Refund"), createdAt: date.nullish(), totalRefundedSet: moneyBag });

export const orderNode = z.object({
  id: gid("Order"),
  name: z.string().nullish(),
  email: z.string().nullish(),
  createdAt: date,
  updatedAt: date.nullish(),
  processedAt: date.nullish(),
  cancelledAt: date.nullish(),
  displayFinancialStatus: z.string().nullish(),
  test: z.boolean().nullish(),
  sourceName: z.string().nullish(),
  totalPriceSet: moneyBag,
  totalRefundedSet: moneyBag.nullish(),
  customer: z.object({ id: gid("Customer") }).nullish(),
  refunds: z.array(refundNode).nullish(),
});

export const customerNode = z.object({
  id: gid("Customer"),
  firstName: z.string().nullish(),
  lastName: z.string().nullish(),
  createdAt: date.nullish(),
  updatedAt: date.nullish(),
  numberOfOrders: z.union([z.string(), z.number()]).nullish(),
  amountSpent: z.object({ amount: z.union([z.string(), z.number()]), currencyCode: z.string() }).nullish(),
  tags: z.array(z.string()).nullish(),
  defaultEmailAddress: z.object({ emailAddress: z.string().nullish(), marketingState: z.string().nullish() }).nullish(),
});

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, node: unknown, what: string): T {
  const r = schema.safeParse(node);
  if (!r.success) {
    throw new PayloadError(`malformed ${what}: ${r.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`).join("; ")}`);
  }
  return r.data;
}

const toDate = (s: string | null | undefined) => (s ? new Date(s) : null);

export function refundFromGraphql(node: unknown, orderId: string): NormalizedRefund {
  const r = parse(refundNode, node, "refund");
  const money = r.totalRefundedSet.shopMoney;
  return {
    id: gidToId(r.id),
    orderId,
    amountMinor: decimalToMinor(String(money.amount), money.currencyCode),
    currency: money.currencyCode,
    processedAt: new Date(r.createdAt ?? 0),
  };
}

export function orderFromGraphql(node: unknown): NormalizedOrder {
  const o = parse(orderNode, node, "order");
  const currency = o.totalPriceSet.shopMoney.currencyCode;
  const id = gidToId(o.id);
  const refunds = (o.refunds ?? []).map((r) => refundFromGraphql(r, id));
  const refunded = o.totalRefundedSet
    ? decimalToMinor(String(o.totalRefundedSet.shopMoney.amount), currency)
    : refunds.reduce((s, r) => s + r.amountMinor, 0n);
  return {
    id,
    name: o.name ?? null,
    customerId: o.customer ? gidToId(o.customer.id) : null,
    email: normalizeEmail(o.email),
    currency,
    totalMinor: decimalToMinor(String(o.totalPriceSet.shopMoney.amount), currency),
    refundedMinor: refunded,
    financialStatus: (o.displayFinancialStatus ?? "PENDING").toLowerCase(),
    cancelledAt: toDate(o.cancelledAt),
    processedAt: new Date(o.processedAt ?? o.createdAt),
    createdAt: new Date(o.createdAt),
    updatedAt: toDate(o.updatedAt),
    sourceName: o.sourceName ?? null,
    refunds,
  };
}

const CONSENT: Record<string, NormalizedCustomer["marketingConsent"]> = {
  SUBSCRIBED: "granted",
  UNSUBSCRIBED: "denied",
  NOT_SUBSCRIBED: "denied",
  REDACTED: "denied",
  PENDING: "unknown",
  INVALID: "unknown",
};

export function customerFromGraphql(node: unknown): NormalizedCustomer {
  const c = parse(customerNode, node, "customer");
  const state = c.defaultEmailAddress?.marketingState ?? undefined;
  return {
    id: gidToId(c.id),
    email: normalizeEmail(c.defaultEmailAddress?.emailAddress),
    firstName: c.firstName ?? null,
    lastName: c.lastName ?? null,
    ordersCount: c.numberOfOrders != null ? Number(c.numberOfOrders) : undefined,
    totalSpentMinor: c.amountSpent ? decimalToMinor(String(c.amountSpent.amount), c.amountSpent.currencyCode) : undefined,
    currency: c.amountSpent?.currencyCode ?? null,
    tags: c.tags ?? [],
    marketingConsent: state ? (CONSENT[state] ?? "unknown") : "unknown",
    createdAt: toDate(c.createdAt),
    updatedAt: toDate(c.updatedAt),
  };
}
