// WebhookEvent rows: one per delivery (Shopify's event id, WooCommerce's delivery id), so a
// repeated delivery is recognised; a failed one stays visible with its error. The two writes
// of every delivery go over the raw connection: each Prisma query costs a query compilation,
// and this path takes hundreds of requests a second.
import { dbKind, type Db } from "~/db/client.server";
import { rawSqlFor } from "~/db/raw-sql.server";
import { dateParam, placeholder } from "~/db/sql-rows.server";

/** Inserts the event's row; false when it was already there (a repeated delivery). */
export async function recordEvent(db: Db, shopId: string, eventId: string, topic: string): Promise<boolean> {
  const kind = dbKind(db);
  const p = placeholder(kind);
  const inserted = await rawSqlFor(db).execute(
    `INSERT INTO "WebhookEvent" ("shopId", "eventId", "topic", "receivedAt", "status") ` +
      `VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 'received') ON CONFLICT ("shopId", "eventId") DO NOTHING`,
    [shopId, eventId, topic, dateParam(new Date(), kind)],
  );
  return inserted > 0;
}

export async function markProcessed(db: Db, shopId: string, eventId: string) {
  const p = placeholder(dbKind(db));
  await rawSqlFor(db).execute(
    `UPDATE "WebhookEvent" SET "status" = 'processed' WHERE "shopId" = ${p(1)} AND "eventId" = ${p(2)}`,
    [shopId, eventId],
  );
}

/** A delivery that will not improve on retry: kept visible as failed with its reason. */
export async function markFailed(db: Db, shopId: string, eventId: string, topic: string, error: string) {
  await db.webhookEvent.upsert({
    where: { shopId_eventId: { shopId, eventId } },
    create: { shopId, eventId, topic, status: "failed", error },
    update: { status: "failed", error },
  });
}

/** Forgets a delivery whose work failed for a passing reason, so the platform's retry is processed. */
export async function forgetEvent(db: Db, shopId: string, eventId: string) {
  await db.webhookEvent.deleteMany({ where: { shopId, eventId } });
}
