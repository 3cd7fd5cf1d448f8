// Creates a single-use discount code for one customer through the Admin API. Shared by
// rewards (bought with points) and referral friend codes.
import { randomBytes } from "node:crypto";
import {
  DISCOUNT_CODE_BASIC_CREATE,
  DISCOUNT_CODE_FREE_SHIPPING_CREATE,
  type DiscountCreatePayload,
} from "~/platforms/shopify/graphql/discounts";
import type { CombinesWith, RewardType } from "~/loyalty";
import { adminQuery } from "~/platforms/shopify/admin-graphql.server";
import { minorToDecimal } from "~/core/money";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";

const ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"; // no look-alikes (0/O, 1/I/L)

/** A random code such as "RW-7KQ2M9XPTA": 50+ bits, so guessing one is hopeless. */
export function newDiscountCode(prefix: string): string {
  const bytes = randomBytes(10);
  let s = "";
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return `${prefix}-${s}`;
}

export interface DiscountSpec {
  code: string;
  title: string;
  customerId: string; // platform id; the code works for this customer only
  type: RewardType;
  value: number; // minor units (fixed_amount) or percent (percentage); ignored for free_shipping
  currency: string;
  minimumOrderMinor: number;
  combinesWith: CombinesWith;
}

export type DiscountResult = { ok: true; discountId: string } | { ok: false; error: string };

const customerGid = (id: string) => (id.startsWith("gid://") ? id : `gid://shopify/Customer/${id}`);

/** The variables of the mutation for a spec; exported for tests. */
export function discountInput(spec: DiscountSpec, now: Date) {
  const common = {
    title: spec.title,
    code: spec.code,
    startsAt: now.toISOString(),
    // DiscountContextInput is @oneOf: exactly one of all / customers / customerSegments / markets.
    context: { customers: { add: [customerGid(spec.customerId)] } },
    usageLimit: 1,
    appliesOncePerCustomer: true,
    combinesWith: {
      orderDiscounts: spec.combinesWith.order,
      productDiscounts: spec.combinesWith.product,
      shippingDiscounts: spec.combinesWith.shipping,
    },
    ...(spec.minimumOrderMinor > 0
      ? {
          minimumRequirement: {
            subtotal: { greaterThanOrEqualToSubtotal: minorToDecimal(spec.minimumOrderMinor, spec.currency) },
          },
        }
      : {}),
  };
  if (spec.type === "free_shipping") {
    return {
      mutation: DISCOUNT_CODE_FREE_SHIPPING_CREATE,
      field: "discountCodeFreeShippingCreate",
      variables: { freeShippingCodeDiscount: { ...common, destination: { all: true } } },
    } as const;
  }
  const value =
    spec.type === "percentage"
      ? { percentage: spec.value / 100 } // Shopify takes a fraction: 0.1 is 10 %
      : { discountAmount: { amount: minorToDecimal(spec.value, spec.currency), appliesOnEachItem: false } };
  return {
    mutation: DISCOUNT_CODE_BASIC_CREATE,
    field: "discountCodeBasicCreate",
    variables: { basicCodeDiscount: { ...common, customerGets: { value, items: { all: true } } } },
  } as const;
}

/** Creates the code; userErrors and API failures come back as `{ ok: false, error }`, never thrown. */
export async function createDiscountCode(
  graphql: AdminGraphql,
  spec: DiscountSpec,
  now = new Date(),
): Promise<DiscountResult> {
  const { mutation, field, variables } = discountInput(spec, now);
  try {
    // No retries: a mutation that timed out may have run; the caller gives the points back instead.
    const { data } = await adminQuery<Record<string, DiscountCreatePayload | null>>(graphql, mutation, {
      variables,
      maxAttempts: 1,
    });
    const payload = data[field];
    if (!payload) return { ok: false, error: "Shopify returned no result" };
    if (payload.userErrors.length) return { ok: false, error: payload.userErrors.map((e) => e.message).join("; ") };
    if (!payload.codeDiscountNode) return { ok: false, error: "Shopify returned no discount" };
    return { ok: true, discountId: payload.codeDiscountNode.id };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
