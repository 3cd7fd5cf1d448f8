// Shopify REST webhook bodies (orders/*, refunds/create, customers/*) to the shared
// Normalized shapes. Bodies must be parsed with parseJsonLossless so ids stay exact;
// ids are taken from admin_graphql_api_id where present. Amounts are the shop currency
// (shop_money), so every order of a shop is in one reporting currency.
import { z } from "zod";
import { PayloadError } from "~/core/payload-error";
import { gidToId } from "~/core/lossless-json";
import { decimalToMinor } from "~/core/money";
import { normalizeEmail, type NormalizedCustomer, type NormalizedOrder, type NormalizedRefund } from "~/core/records";

const id = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(String);
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");
const money = z.object({
  shop_money: z.object({ amount: z.union([z.string(), z.number()]), currency_code: z.string() }),
});

const transaction = z.object({
  kind: z.string(),
  status: z.string().nullish(),
  amount: z.union([z.string(), z.number()]),
  currency: z.string().nullish(),
});

const refundSchema = z.object({
  id,
  admin_graphql_api_id: z.string().optional(),
  order_id: id,
  created_at: date,
  processed_at: date.nullish(),
  transactions: z.array(transaction).default([]),
});

const customerRef = z
  .object({ id: id.nullish(), admin_graphql_api_id: z.string().nullish(), email: z.string().nullish() })
  .passthrough();

const orderSchema = z.object({
  id,
  admin_graphql_api_id: z.string().optional(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  contact_email: z.string().nullish(),
  currency: z.string(),
  total_price_set: money,
  financial_status: z.string().nullish(),
  cancelled_at: date.nullish(),
  processed_at: date.nullish(),
  created_at: date,
  updated_at: date.nullish(),
  source_name: z.string().nullish(),
  customer: customerRef.nullish(),
  refunds: z.array(refundSchema).default([]),
});

const customerSchema = z.object({
  id,
  admin_graphql_api_id: z.string().optional(),
  email: z.string().nullish(),
  first_name: z.string().nullish(),
  last_name: z.string().nullish(),
  orders_count: z.number().int().nullish(),
  total_spent: z.union([z.string(), z.number()]).nullish(),
  currency: z.string().nullish(),
  tags: z.string().nullish(),
  email_marketing_consent: z.object({ state: z.string().nullish() }).nullish(),
  created_at: date.nullish(),
  updated_at: date.nullish(),
});

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, payload: unknown, what: string): T {
  const r = schema.safeParse(payload);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`).join("; ");
    throw new PayloadError(`malformed ${what} payload: ${issues}`);
  }
  return r.data;
}

const platformId = (gid: string | null | undefined, fallback: string) => (gid ? gidToId(gid) : fallback);
const toDate = (s: string | null | undefined) => (s ? new Date(s) : null);

/** Refund amount: successful refund transactions (in the order's currency). */
function refundFrom(r: z.infer<typeof refundSchema>, currency: string): NormalizedRefund {
  const amountMinor = r.transactions
    .filter((t) => t.kind === "refund" && (t.status ?? "success") === "success")
    .reduce((sum, t) => sum + decimalToMinor(String(t.amount), t.currency ?? currency), 0n);
  return {
    id: platformId(r.admin_graphql_api_id, r.id),
    orderId: r.order_id,
    amountMinor,
    currency,
    processedAt: new Date(r.processed_at ?? r.created_at),
  };
}

export function orderFromRest(payload: unknown): NormalizedOrder {
  const o = parse(orderSchema, payload, "order");
  const currency = o.total_price_set.shop_money.currency_code;
  const refunds = o.refunds.map((r) => refundFrom(r, currency));
  const customerId = o.customer ? platformId(o.customer.admin_graphql_api_id, o.customer.id ?? "") || null : null;
  return {
    id: platformId(o.admin_graphql_api_id, o.id),
    name: o.name ?? null,
    customerId,
    email: normalizeEmail(o.email || o.contact_email || o.customer?.email),
    currency,
    totalMinor: decimalToMinor(String(o.total_price_set.shop_money.amount), currency),
    refundedMinor: refunds.reduce((s, r) => s + r.amountMinor, 0n),
    financialStatus: o.financial_status ?? "pending",
    cancelledAt: toDate(o.cancelled_at),
    processedAt: new Date(o.processed_at ?? o.created_at),
    createdAt: new Date(o.created_at),
    updatedAt: toDate(o.updated_at),
    sourceName: o.source_name ?? null,
    refunds,
  };
}

/** refunds/create: the refund alone; its currency is the shop's (the body does not repeat it). */
export function refundFromRest(payload: unknown, shopCurrency: string): NormalizedRefund {
  return refundFrom(parse(refundSchema, payload, "refund"), shopCurrency);
}

const CONSENT: Record<string, NormalizedCustomer["marketingConsent"]> = {
  subscribed: "granted",
  unsubscribed: "denied",
  not_subscribed: "denied",
  redacted: "denied",
  pending: "unknown",
  invalid: "unknown",
};

/**
 * customers/create and customers/update. Since API 2025-01 their body has no `tags`,
 * `email_marketing_consent`, `orders_count` or `total_spent` (Shopify moved them to their own
 * topics); a field the body lacks stays undefined, so the stored value (from the bulk sync or
 * reconciliation) is kept rather than reset.
 */
export function customerFromRest(payload: unknown): NormalizedCustomer {
  const c = parse(customerSchema, payload, "customer");
  const state = c.email_marketing_consent?.state?.toLowerCase();
  return {
    id: platformId(c.admin_graphql_api_id, c.id),
    email: normalizeEmail(c.email),
    firstName: c.first_name ?? null,
    lastName: c.last_name ?? null,
    ordersCount: c.orders_count ?? undefined,
    totalSpentMinor:
      c.total_spent != null && c.currency ? decimalToMinor(String(c.total_spent), c.currency) : undefined,
    currency: c.currency ?? undefined,
    tags:
      c.tags == null
        ? undefined
        : c.tags
            .split(",")
            .map((t) => t.trim())
            .filter(Boolean),
    marketingConsent: c.email_marketing_consent == null ? undefined : state ? (CONSENT[state] ?? "unknown") : "unknown",
    createdAt: toDate(c.created_at),
    updatedAt: toDate(c.updated_at),
  };
}
