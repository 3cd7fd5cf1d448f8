// The key behind erasure tombstones (app/core/erasure-tombstone.ts), derived from the same
// material as the key for secrets at rest, for its own purpose. Rotating the material makes
// earlier tombstones unmatchable: an erased person could then come back through a sync.
import { env } from "~/env.server";
import { deriveSecretKey, type SecretKey } from "~/core/secret-box";
import { TOMBSTONE_KEY_PURPOSE } from "~/core/erasure-tombstone";

let cached: SecretKey | undefined;

export function erasureTombstoneKey(): SecretKey {
  cached ??= deriveSecretKey(env.APP_ENCRYPTION_KEY ?? env.SHOPIFY_API_SECRET, TOMBSTONE_KEY_PURPOSE);
  return cached;
}
