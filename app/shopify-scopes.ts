// Access scopes the app asks for; shopify.app.toml lists the same (a test keeps them equal).
export const ACCESS_SCOPES = [
  "read_orders",
  "read_all_orders", // order history older than 60 days, for cohorts and CLV
  "read_customers",
  "write_customers", // segment tags and metafields for win-back flows
  "read_discounts",
  "write_discounts", // reward and referral codes
  "write_pixels", // retargeting web pixel
  "read_customer_events",
];
