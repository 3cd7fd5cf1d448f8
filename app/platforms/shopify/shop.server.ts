// The shop's own details from the Admin API (name, currency, time zone).
import { type AdminGraphql } from "./admin-graphql.server";
import { SHOP_DETAILS_QUERY, type ShopDetails } from "./graphql/shop";

export async function fetchShopDetails(graphql: AdminGraphql): Promise<ShopDetails> {
  const response = await graphql(SHOP_DETAILS_QUERY);
  const body = (await response.json()) as { data?: { shop?: ShopDetails }; errors?: unknown };
  if (!body.data?.shop) throw new Error(`ShopDetails query failed: ${JSON.stringify(body.errors ?? body)}`);
  return body.data.shop;
}
