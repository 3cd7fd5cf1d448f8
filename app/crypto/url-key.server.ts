// The key behind the opaque customer ids in admin URLs (app/core/opaque-id.ts), derived from
// the same material as the key for secrets at rest, for its own purpose.
import { env } from "~/env.server";
import { deriveOpaqueIdKeys, type OpaqueIdKeys } from "~/core/opaque-id";

let cached: OpaqueIdKeys | undefined;

export function customerUrlKeys(): OpaqueIdKeys {
  cached ??= deriveOpaqueIdKeys(env.APP_ENCRYPTION_KEY ?? env.SHOPIFY_API_SECRET, "customer-url");
  return cached;
}
