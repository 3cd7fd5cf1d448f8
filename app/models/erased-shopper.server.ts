// The shop's erasure tombstones (model ErasedShopper): written with an erasure, read by the
// ingest so an order or customer of an erased person is stored without them. Only keyed hashes
// are stored and compared (app/core/erasure-tombstone.ts); the key comes from app/crypto.
import type { Db } from "~/db/client.server";
import { chunk } from "~/db/sql-rows.server";
import type { SecretKey } from "~/core/secret-box";
import { tombstonesOf } from "~/core/erasure-tombstone";
import { erasureTombstoneKey } from "~/crypto/erasure-key.server";
import type { Tx } from "./loyalty-ledger.server";

export interface PersonKeys {
  customerId?: string | null;
  email?: string | null;
  /**
   * When the record came to be (an order's processedAt, a customer's createdAt). A tombstone holds
   * back only what existed when the person was erased: what they do afterwards (a new order, a new
   * account) is their own new choice, not the erased data coming back. Unknown: held back.
   */
  at?: Date | null;
}

/** Records that the person was erased; call inside the erasure's transaction. */
export async function recordErasure(tx: Tx, shopId: string, who: PersonKeys, key: SecretKey) {
  for (const keyHash of tombstonesOf(key, who))
    await tx.erasedShopper.upsert({
      where: { shopId_keyHash: { shopId, keyHash } },
      create: { shopId, keyHash },
      update: {},
    });
}

/**
 * Which of these records belong to an erased person: one query for the whole batch (none when
 * the shop has erased nobody, the usual case), so bulk ingest pays next to nothing.
 */
export async function erasedAmong(
  db: Db,
  shopId: string,
  records: PersonKeys[],
  tombstoneKey?: SecretKey,
): Promise<(who: PersonKeys) => boolean> {
  const none = () => false;
  if (records.length === 0 || !(await db.erasedShopper.findFirst({ where: { shopId }, select: { shopId: true } })))
    return none;
  const key = tombstoneKey ?? erasureTombstoneKey();
  const wanted = [...new Set(records.flatMap((r) => tombstonesOf(key, r)))];
  const found = new Map<string, number>(); // keyHash → erasedAt (ms)
  for (const part of chunk(wanted, 1)) {
    const rows = await db.erasedShopper.findMany({
      where: { shopId, keyHash: { in: part } },
      select: { keyHash: true, erasedAt: true },
    });
    for (const r of rows) found.set(r.keyHash, r.erasedAt.getTime());
  }
  if (found.size === 0) return none;
  return (who) =>
    tombstonesOf(key, who).some((t) => {
      const erasedAt = found.get(t);
      return erasedAt !== undefined && (!who.at || who.at.getTime() <= erasedAt);
    });
}

/** Whether one person (a customer id and/or e-mail) was erased in the shop. */
export async function isErasedPerson(db: Db, shopId: string, who: PersonKeys, key?: SecretKey) {
  return (await erasedAmong(db, shopId, [who], key))(who);
}
