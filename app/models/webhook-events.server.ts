// WebhookEvent rows: one per delivery (Shopify's event id, WooCommerce's delivery id), so a
// repeated delivery is recognised; a failed one stays visible with its error.
//
// The row says "received" from the moment a delivery arrives until its work has committed;
// only then is it "processed". A process killed in between leaves it "received", and the
// platform's retry of that delivery runs the work again (every topic's work is idempotent:
// the ingest keeps the newest version, the loyalty ledger appends under unique keys), so a
// crash never turns a delivery into a "duplicate" that was never stored. Two copies of one
// delivery arriving at once both run the same idempotent work.
//
// The writes of every delivery go over the raw connection: each Prisma query costs a query
// compilation, and this path takes hundreds of requests a second.
import { dbKind, type Db } from "~/db/client.server";
import { rawSqlFor } from "~/db/raw-sql.server";
import { dateParam, placeholder } from "~/db/sql-rows.server";

/** "new": first seen now; "unfinished": seen before but its work never committed (run it again); "done": processed or failed. */
export type DeliveryState = "new" | "unfinished" | "done";

/**
 * Records the delivery's arrival. One statement for a new delivery (the hot path); a second,
 * a read, only when the row was already there.
 */
export async function claimDelivery(db: Db, shopId: string, eventId: string, topic: string): Promise<DeliveryState> {
  const kind = dbKind(db);
  const p = placeholder(kind);
  const raw = rawSqlFor(db);
  const inserted = await raw.execute(
    `INSERT INTO "WebhookEvent" ("shopId", "eventId", "topic", "receivedAt", "status") ` +
      `VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 'received') ON CONFLICT ("shopId", "eventId") DO NOTHING`,
    [shopId, eventId, topic, dateParam(new Date(), kind)],
  );
  if (inserted > 0) return "new";
  const [row] = await raw.rows<{ status: string }>(
    `SELECT "status" FROM "WebhookEvent" WHERE "shopId" = ${p(1)} AND "eventId" = ${p(2)}`,
    [shopId, eventId],
  );
  // Gone between the two statements (a shop/redact removed the shop's events): nothing to redo.
  return row?.status === "received" ? "unfinished" : "done";
}

/** The delivery's work has committed: a later copy of it is a duplicate. */
export async function markProcessed(db: Db, shopId: string, eventId: string) {
  const p = placeholder(dbKind(db));
  await rawSqlFor(db).execute(
    `UPDATE "WebhookEvent" SET "status" = 'processed', "error" = NULL WHERE "shopId" = ${p(1)} AND "eventId" = ${p(2)}`,
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

/** An attempt failed for a reason that may pass: the row stays "received" (the retry runs it) and says why. */
export async function noteAttemptFailed(db: Db, shopId: string, eventId: string, error: string) {
  await db.webhookEvent.updateMany({ where: { shopId, eventId, status: "received" }, data: { error } });
}
