// The app's key for secrets at rest: derived from APP_ENCRYPTION_KEY, or, when that is unset,
// from SHOPIFY_API_SECRET (every install has one). Set APP_ENCRYPTION_KEY to keep the two
// apart: rotating the Shopify secret would otherwise make stored WooCommerce keys unreadable
// (the merchant then connects the store again).
import { env } from "~/env.server";
import { deriveSecretKey, type SecretKey } from "~/core/secret-box";

let cached: SecretKey | undefined;

export function appSecretKey(): SecretKey {
  cached ??= deriveSecretKey(env.APP_ENCRYPTION_KEY ?? env.SHOPIFY_API_SECRET);
  return cached;
}
