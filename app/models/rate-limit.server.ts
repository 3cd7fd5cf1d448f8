// Fixed-window rate limits kept in the database (web processes hold no state, and a limit must
// hold across all of them): one RateLimitWindow row per shop, key and window, counted up with
// each request. Keys carry no raw identifier (callers pass a keyed hash of an IP address).
import type { Db } from "~/db/client.server";

const DAY_MS = 86_400_000;

const isUniqueViolation = (e: unknown) =>
  typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";

/**
 * Counts one request for `key` in the current window of `windowMs` and returns how many the
 * window now holds (this one included). Windows older than a day are cleared on the way.
 */
export async function countRequest(
  db: Db,
  shopId: string,
  key: string,
  windowMs: number,
  now = new Date(),
): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const where = { shopId_key_windowStart: { shopId, key, windowStart } };
  const bump = () =>
    db.rateLimitWindow.upsert({
      where,
      create: { shopId, key, windowStart, count: 1 },
      update: { count: { increment: 1 } },
    });
  let row;
  try {
    row = await bump();
  } catch (e) {
    // Two first requests of a window at once: one created the row, the other now increments it.
    if (!isUniqueViolation(e)) throw e;
    row = await bump();
  }
  if (row.count === 1)
    await db.rateLimitWindow.deleteMany({
      where: { shopId, windowStart: { lt: new Date(now.getTime() - Math.max(DAY_MS, windowMs)) } },
    });
  return row.count;
}
