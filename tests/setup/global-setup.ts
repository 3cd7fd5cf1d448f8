// Once per test run: a migrated base SQLite database that every worker copies (cheaper
// than migrating per worker). On PostgreSQL each worker migrates its own schema instead.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export const TEST_DB_DIR = path.resolve(".tmp", "test-db");

export default async function globalSetup() {
  fs.rmSync(TEST_DB_DIR, { recursive: true, force: true });
  fs.mkdirSync(TEST_DB_DIR, { recursive: true });
  const base = path.join(TEST_DB_DIR, "base.sqlite");
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${base}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
}
