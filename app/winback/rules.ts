// What the win-back push writes onto a shop's customers, so Shopify Email, Flow and e-mail apps
// can act on the segments: one tag, a few metafields, and a Flow trigger. Plain data.
/** The app's one tag per customer: `retention:<segment>`. Tags without this prefix are never touched. */
export const TAG_PREFIX = "retention:";
/**
 * Metafields go to the merchant-owned namespace `retention`, not the app-reserved `$app:retention`:
 * app-owned metafields can no longer be read by other apps (Shopify removed PUBLIC_READ access
 * for them), and e-mail apps such as Klaviyo must read these.
 */
export const METAFIELD_NAMESPACE = "retention";
/** extensions/retention-flow-trigger/shopify.extension.toml */
export const FLOW_TRIGGER_HANDLE = "retention-customer-inactive";
export const SEGMENTS = ["one-time", "repeat", "inactive", "active-loyal"] as const;
export type Segment = (typeof SEGMENTS)[number];
export const tagFor = (segment: string) => `${TAG_PREFIX}${segment}`;

/** The customer metafields the push sets (without definitions Shopify needs the type on every write). */
export const METAFIELDS = [
  {
    column: "segment",
    key: "segment",
    type: "single_line_text_field",
    name: "Retention segment",
    description: "one-time, repeat, inactive or active-loyal (Retention app)",
  },
  {
    column: "churnRisk",
    key: "churn_risk",
    type: "number_decimal",
    name: "Churn risk",
    description: "Chance the customer has stopped buying, 0 to 1 (Retention app)",
  },
  {
    column: "predictedClv",
    key: "predicted_clv",
    type: "number_decimal",
    name: "Predicted lifetime value",
    description: "Predicted customer lifetime value in the shop's reporting currency (Retention app)",
  },
  {
    column: "lastOrderDate",
    key: "last_order_date",
    type: "date",
    name: "Last order date",
    description: "Date of the customer's last order (Retention app)",
  },
] as const;
export type MetafieldColumn = (typeof METAFIELDS)[number]["column"];

/**
 * WooCommerce has no metafields: the same fields go to the customer's meta data as
 * `retention_segment`, `retention_churn_risk`, `retention_predicted_clv` and
 * `retention_last_order_date` (no leading "_": WooCommerce's REST API drops protected keys).
 */
export const WOO_META_PREFIX = "retention_";
export const wooMetaKey = (key: string) => `${WOO_META_PREFIX}${key}`;
