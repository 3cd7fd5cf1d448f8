// Admin GraphQL Order/Customer/Refund objects (bulk JSONL lines and paginated nodes) to
// the shared Normalized shapes. Amounts are shop money, so a shop has one currency.
import { z } from "zod";
import { gidToId } from "~/core/lossless-json";
import { decimalToMinor } from "~/core/money";
import { normalizeEmail, type NormalizedCustomer, type NormalizedOrder, type NormalizedRefund } from "~/core/records";
import { PayloadError } from "~/core/payload-error";

const gid = (type: string) => z.string().startsWith(`gid://shopify/${type}/`);
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), "not a date");
const moneyBag = z.object({
  shopMoney: z.object({ amount: z.union([z.string(), z.number()]), currencyCode: z.string() }),
});

const refundNode = z.object({ id: gid("Refund"), createdAt: date.nullish(), totalRefundedSet: moneyBag });

/** The order shape, as a schema (documentation and tests); orderFromGraphql checks it by hand. */
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
    throw new PayloadError(
      `malformed ${what}: ${r.error.issues.map((i) => `${i.path.join(".") || what}: ${i.message}`).join("; ")}`,
    );
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

// Orders are the hot path of a bulk backfill (a million lines): checked by hand, with the
// same error messages the schema above would give, instead of through zod.
type Money = { shopMoney: { amount: string | number; currencyCode: string } };
const isMoney = (v: unknown): v is Money => {
  const m = (v as Money | null)?.shopMoney;
  return !!m && (typeof m.amount === "string" || typeof m.amount === "number") && typeof m.currencyCode === "string";
};
const isDate = (v: unknown) => typeof v === "string" && !Number.isNaN(Date.parse(v));

export function orderFromGraphql(node: unknown): NormalizedOrder {
  const o = node as Record<string, unknown> | null;
  const problem = !o
    ? "order: not an object"
    : typeof o.id !== "string" || !o.id.startsWith("gid://shopify/Order/")
      ? "id: not an Order gid"
      : !isDate(o.createdAt)
        ? "createdAt: not a date"
        : !isMoney(o.totalPriceSet)
          ? "totalPriceSet: Required"
          : (o.processedAt != null && !isDate(o.processedAt)) ||
              (o.updatedAt != null && !isDate(o.updatedAt)) ||
              (o.cancelledAt != null && !isDate(o.cancelledAt))
            ? "processedAt/updatedAt/cancelledAt: not a date"
            : o.totalRefundedSet != null && !isMoney(o.totalRefundedSet)
              ? "totalRefundedSet: not money"
              : o.refunds != null && !Array.isArray(o.refunds)
                ? "refunds: not a list"
                : null;
  if (problem) throw new PayloadError(`malformed order: ${problem}`);
  const r = o as Record<string, unknown> & { id: string; createdAt: string; totalPriceSet: Money };
  const currency = r.totalPriceSet.shopMoney.currencyCode;
  const id = gidToId(r.id);
  const refunds = ((r.refunds as unknown[] | null) ?? []).map((x) => refundFromGraphql(x, id));
  const refundedSet = r.totalRefundedSet as Money | null | undefined;
  const customer = r.customer as { id?: unknown } | null | undefined;
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  return {
    id,
    name: str(r.name),
    customerId: customer && typeof customer.id === "string" ? gidToId(customer.id) : null,
    email: normalizeEmail(str(r.email)),
    currency,
    totalMinor: decimalToMinor(String(r.totalPriceSet.shopMoney.amount), currency),
    refundedMinor: refundedSet
      ? decimalToMinor(String(refundedSet.shopMoney.amount), currency)
      : refunds.reduce((s, x) => s + x.amountMinor, 0n),
    financialStatus: (str(r.displayFinancialStatus) ?? "PENDING").toLowerCase(),
    cancelledAt: toDate(str(r.cancelledAt)),
    processedAt: new Date(str(r.processedAt) ?? r.createdAt),
    createdAt: new Date(r.createdAt),
    updatedAt: toDate(str(r.updatedAt)),
    sourceName: str(r.sourceName),
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
    totalSpentMinor: c.amountSpent
      ? decimalToMinor(String(c.amountSpent.amount), c.amountSpent.currencyCode)
      : undefined,
    currency: c.amountSpent?.currencyCode ?? null,
    tags: c.tags ?? [],
    marketingConsent: state ? (CONSENT[state] ?? "unknown") : "unknown",
    createdAt: toDate(c.createdAt),
    updatedAt: toDate(c.updatedAt),
  };
}
