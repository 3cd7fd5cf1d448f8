// Per-customer insight rows, rewritten by each analytics refresh: the Customers and Segments
// pages search, filter and page through them, so a request never recomputes the shop.
// Rows are upserted in transactions of a few thousand on the raw driver connection, so no
// write lock is held for long (SQLite has one writer: webhooks must not wait seconds); rows
// the refresh did not write (a redacted customer) are removed at the end.
import { isoOfDay, type ShopAnalysis } from "~/analytics";
import { dbKind, type Db } from "~/db/client.server";
import { rawSqlFor } from "~/db/raw-sql.server";
import { bigParam, chunk, dateParam, placeholder, placeholders, quoted, type Param } from "~/db/sql-rows.server";

const COLS = [
  "shopId",
  "customerKey",
  "customerId",
  "email",
  "name",
  "searchText",
  "orders",
  "revenueMinor",
  "firstOrderDate",
  "lastOrderDate",
  "segment",
  "rfmR",
  "rfmF",
  "rfmM",
  "rfmSegment",
  "pAlive",
  "expectedPurchases",
  "expectedOrderValueMinor",
  "predictedClvMinor",
  "computedAt",
] as const;

type PerCustomer = ShopAnalysis["perCustomer"];

const ROWS_PER_TRANSACTION = 5_000;

/** Names and e-mails of the shop's customer accounts, by platform id. */
async function customerContacts(db: Db, shopId: string) {
  const rows = await rawSqlFor(db).rows<{
    id: string;
    email: string | null;
    firstName: string | null;
    lastName: string | null;
  }>(`SELECT "id", "email", "firstName", "lastName" FROM "Customer" WHERE "shopId" = ${placeholder(dbKind(db))(1)}`, [
    shopId,
  ]);
  return new Map(
    rows.map((r) => [r.id, { email: r.email, name: [r.firstName, r.lastName].filter(Boolean).join(" ") || null }]),
  );
}

export async function writeCustomerInsights(db: Db, shopId: string, per: PerCustomer, computedAt: Date) {
  const dialect = dbKind(db);
  const contacts = await customerContacts(db, shopId);
  const at = dateParam(computedAt, dialect);
  const round = (v: number) => bigParam(BigInt(Math.round(v)), dialect);
  const n = per.keys.length;
  const indexes = Array.from({ length: n }, (_, i) => i);
  const raw = rawSqlFor(db);
  const p = placeholder(dialect);
  const updates = COLS.filter((c) => c !== "shopId" && c !== "customerKey")
    .map((c) => `"${c}" = excluded."${c}"`)
    .join(", ");
  for (let from = 0; from < n; from += ROWS_PER_TRANSACTION) {
    await raw.transaction(async (run) => {
      for (const part of chunk(indexes.slice(from, from + ROWS_PER_TRANSACTION), COLS.length)) {
        const params: Param[] = [];
        for (const c of part) {
          const key = per.keys[c];
          const customerId = key.startsWith("c:") ? key.slice(2) : null;
          const contact = customerId ? contacts.get(customerId) : undefined;
          const email = contact?.email ?? (key.startsWith("e:") ? key.slice(2) : null);
          const name = contact?.name ?? null;
          params.push(
            shopId,
            key,
            customerId,
            email,
            name,
            [name, email, customerId].filter(Boolean).join(" ").toLowerCase(),
            per.orders[c],
            round(per.revenueMinor[c]),
            isoOfDay(per.firstOrderDay[c]),
            isoOfDay(per.lastOrderDay[c]),
            per.segment[c],
            per.rfm.r[c],
            per.rfm.f[c],
            per.rfm.m[c],
            per.rfm.segment[c],
            per.pAlive ? per.pAlive[c] : null,
            per.expectedPurchases ? per.expectedPurchases[c] : null,
            per.expectedOrderValueMinor ? round(per.expectedOrderValueMinor[c]) : null,
            per.predictedClvMinor ? round(per.predictedClvMinor[c]) : null,
            at,
          );
        }
        await run(
          `INSERT INTO "CustomerInsight" (${quoted(COLS)}) VALUES ${placeholders(part.length, COLS.length, dialect)} ` +
            `ON CONFLICT ("shopId", "customerKey") DO UPDATE SET ${updates}`,
          params,
        );
      }
    });
  }
  await raw.transaction((run) =>
    run(`DELETE FROM "CustomerInsight" WHERE "shopId" = ${p(1)} AND "computedAt" <> ${p(2)}`, [shopId, at]),
  );
  return n;
}
