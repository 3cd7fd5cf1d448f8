// Admin GraphQL documents about the shop itself.
export const SHOP_DETAILS_QUERY = `#graphql
  query ShopDetails {
    shop {
      name
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`;

export interface ShopDetails {
  name: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
}
