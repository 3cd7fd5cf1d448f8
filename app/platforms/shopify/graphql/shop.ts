// Admin GraphQL documents about the shop itself.
export const SHOP_DETAILS_QUERY = `#graphql
  query ShopDetails {
    shop {
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
      primaryDomain {
        host
      }
    }
  }
`;

export interface ShopDetails {
  name: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  /** Where shoppers reach the online store (the myshopify domain until the merchant adds their own). */
  primaryDomain: { host: string } | null;
}
