// Shopify session storage: Prisma's, except that loading a session reads on the raw
// connection. Every webhook delivery and admin request loads the shop's offline session;
// through Prisma that one lookup cost more CPU (query compilation) than the rest of a
// webhook's work. Writes, deletes and shop listings stay Prisma's storage's own code.
import { Session } from "@shopify/shopify-api";
import type { SessionStorage } from "@shopify/shopify-app-session-storage";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { dbKind, type Db } from "~/db/client.server";
import { epochMs, placeholder, timestampColumn } from "~/db/sql-rows.server";
import { rawSqlFor } from "~/db/raw-sql.server";

const TEXT = [
  "id",
  "shop",
  "state",
  "scope",
  "accessToken",
  "firstName",
  "lastName",
  "email",
  "locale",
  "refreshToken",
] as const;
const FLAGS = ["isOnline", "accountOwner", "collaborator", "emailVerified"] as const;

export class RetentionSessionStorage implements SessionStorage {
  private readonly prisma: PrismaSessionStorage<never>;

  constructor(private readonly db: Db) {
    this.prisma = new PrismaSessionStorage(db as never);
  }

  storeSession(session: Session) {
    return this.prisma.storeSession(session);
  }

  async loadSession(id: string): Promise<Session | undefined> {
    const dialect = dbKind(this.db);
    const cols = [
      ...TEXT.map((c) => `"${c}"`),
      ...FLAGS.map((c) => `"${c}"`),
      `CAST("userId" AS TEXT) AS "userId"`, // user ids are 64-bit: read as text, never as a double
      timestampColumn("expires", dialect),
      timestampColumn("refreshTokenExpires", dialect),
    ].join(", ");
    const [row] = await rawSqlFor(this.db).rows<Record<string, unknown>>(
      `SELECT ${cols} FROM "Session" WHERE "id" = ${placeholder(dialect)(1)}`,
      [id],
    );
    return row ? rowToSession(row) : undefined;
  }

  deleteSession(id: string) {
    return this.prisma.deleteSession(id);
  }

  deleteSessions(ids: string[]) {
    return this.prisma.deleteSessions(ids);
  }

  findSessionsByShop(shop: string) {
    return this.prisma.findSessionsByShop(shop);
  }
}

/** The Session PrismaSessionStorage builds from the same row (its rowToSession, field for field). */
function rowToSession(row: Record<string, unknown>): Session {
  const flag = (v: unknown) => (v === null || v === undefined ? null : Boolean(v));
  const params: Record<string, string | number | boolean> = {
    id: row.id as string,
    shop: row.shop as string,
    state: row.state as string,
    isOnline: flag(row.isOnline) ?? false,
    // String(null) is "null": Prisma's storage does the same, and Session reads it back so.
    userId: String(row.userId ?? null),
    firstName: String(row.firstName),
    lastName: String(row.lastName),
    email: String(row.email),
    locale: String(row.locale),
  };
  for (const c of ["accountOwner", "collaborator", "emailVerified"] as const) {
    const v = flag(row[c]);
    if (v !== null) params[c] = v;
  }
  if (row.expires !== null) params.expires = epochMs(row.expires);
  if (row.scope) params.scope = row.scope as string;
  if (row.accessToken) params.accessToken = row.accessToken as string;
  if (row.refreshToken) params.refreshToken = row.refreshToken as string;
  if (row.refreshTokenExpires !== null) params.refreshTokenExpires = epochMs(row.refreshTokenExpires);
  return Session.fromPropertyArray(Object.entries(params), true);
}
