// Admin GraphQL documents for the discount codes the loyalty program issues (rewards bought
// with points, referred friends' first-order codes). Admin API 2026-10: who may use a code is
// the `context` input (`customerSelection` is deprecated, "Use `context` instead").
export const DISCOUNT_CODE_BASIC_CREATE = `#graphql
  mutation LoyaltyDiscountCodeBasicCreate($basicCodeDiscount: DiscountCodeBasicInput!) {
    discountCodeBasicCreate(basicCodeDiscount: $basicCodeDiscount) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const DISCOUNT_CODE_FREE_SHIPPING_CREATE = `#graphql
  mutation LoyaltyDiscountCodeFreeShippingCreate($freeShippingCodeDiscount: DiscountCodeFreeShippingInput!) {
    discountCodeFreeShippingCreate(freeShippingCodeDiscount: $freeShippingCodeDiscount) {
      codeDiscountNode {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export interface UserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

export interface DiscountCreatePayload {
  codeDiscountNode: { id: string } | null;
  userErrors: UserError[];
}

export type DiscountCreateData =
  { discountCodeBasicCreate: DiscountCreatePayload } | { discountCodeFreeShippingCreate: DiscountCreatePayload };

/** Whether a code exists in the shop: settles a redemption interrupted between our commit and Shopify's answer. */
export const CODE_DISCOUNT_BY_CODE = `#graphql
  query LoyaltyCodeDiscountByCode($code: String!) {
    codeDiscountNodeByCode(code: $code) {
      id
    }
  }
`;
