// The app's own admin sessions for merchants signed in from WordPress ("Open dashboard"), one
// row per browser session, bound to one WooCommerce shop. The browser holds
// "<shopId>.<token>"; the row holds only sha256(token), so neither a database copy nor a log of
// the table signs anyone in. Every query is scoped by the shop the cookie names.
import crypto from "node:crypto";
import type { Db } from "~/db/client.server";
import type { Shop } from "~/generated/sqlite";

/** How long a sign-in lasts; the merchant then opens the dashboard from WordPress again. */
export const WOO_ADMIN_SESSION_TTL_MS = 8 * 60 * 60_000;

export interface WooAdminSession {
  shopId: string;
  wpUserId: number;
  wpUserEmail: string;
  expiresAt: Date;
  shop: Shop;
}

const tokenHash = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

/** "<shopId>.<token>" → its parts, or null for anything else. */
function parseSessionValue(value: string): { shopId: string; token: string } | null {
  const match = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{43})$/.exec(value);
  return match ? { shopId: match[1]!, token: match[2]! } : null;
}

/** Opens a session for the shop and returns the cookie's value; the shop's expired sessions are cleared on the way. */
export async function createWooAdminSession(
  db: Db,
  shopId: string,
  user: { wpUserId: number; wpUserEmail: string },
  now = new Date(),
): Promise<{ value: string; expiresAt: Date }> {
  const token = crypto.randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + WOO_ADMIN_SESSION_TTL_MS);
  await db.$transaction([
    db.wooCommerceAdminSession.deleteMany({ where: { shopId, expiresAt: { lte: now } } }),
    db.wooCommerceAdminSession.create({
      data: { shopId, tokenHash: tokenHash(token), ...user, createdAt: now, expiresAt },
    }),
  ]);
  return { value: `${shopId}.${token}`, expiresAt };
}

/** The live session a cookie value names, with its shop, or null (unknown, expired, malformed). */
export async function findWooAdminSession(db: Db, value: string, now = new Date()): Promise<WooAdminSession | null> {
  const parsed = parseSessionValue(value);
  if (!parsed) return null;
  const row = await db.wooCommerceAdminSession.findUnique({
    where: { shopId_tokenHash: { shopId: parsed.shopId, tokenHash: tokenHash(parsed.token) } },
    select: { shopId: true, wpUserId: true, wpUserEmail: true, expiresAt: true, shop: true },
  });
  return row && row.expiresAt > now ? row : null;
}

/** Logout: the session a cookie value names is gone (nothing happens for an unknown one). */
export async function deleteWooAdminSession(db: Db, value: string) {
  const parsed = parseSessionValue(value);
  if (!parsed) return;
  await db.wooCommerceAdminSession.deleteMany({
    where: { shopId: parsed.shopId, tokenHash: tokenHash(parsed.token) },
  });
}
