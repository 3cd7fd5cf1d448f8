// A database of its own for each test file: a copy of the migrated base SQLite file, or
// (TEST_DATABASE=postgresql) a fresh schema in the PostgreSQL `test` database.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "~/db/client.server";
import { migratePostgres } from "../../scripts/pg-migrate.mjs";

export const POSTGRES_URL = process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test";

export function testDatabaseKind(): "sqlite" | "postgresql" {
  return process.env.TEST_DATABASE === "postgresql" ? "postgresql" : "sqlite";
}

/** Creates an isolated, migrated database and returns its URL. */
export async function createTestDatabaseUrl(): Promise<string> {
  const tag = `${process.pid}_${crypto.randomBytes(3).toString("hex")}`;
  if (testDatabaseKind() === "postgresql") {
    const url = `${POSTGRES_URL}?schema=t_${tag}`;
    await migratePostgres(url, path.resolve("prisma/postgresql/migrations"), () => {});
    return url;
  }
  const dir = inject("testDbDir");
  const file = path.join(dir, `w_${tag}.sqlite`);
  fs.copyFileSync(path.join(dir, "base.sqlite"), file);
  return `file:${file}`;
}

/** A client on a fresh database, dropped after the file's tests. */
export async function useTestDb(): Promise<{ db: Db; url: string }> {
  const url = await createTestDatabaseUrl();
  const db = createDb(url);
  afterAll(async () => {
    const { closeRawSql } = await import("~/db/raw-sql.server");
    await closeRawSql(db);
    await db.$disconnect();
    await dropTestDatabase(url);
  });
  return { db, url };
}

export async function dropTestDatabase(url: string) {
  if (url.startsWith("file:")) {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(url.slice(5) + suffix, { force: true });
    return;
  }
  const schema = new URL(url).searchParams.get("schema");
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
