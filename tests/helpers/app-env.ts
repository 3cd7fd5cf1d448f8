// Runs the app's own modules (routes, shopify.server) against a test database: sets the
// environment they read at import, then the test imports them dynamically.
import { createTestDatabaseUrl, dropTestDatabase } from "./db";
import { afterAll } from "vitest";

export const TEST_API_KEY = "test-api-key";
export const TEST_API_SECRET = "test-api-secret";
export const TEST_APP_URL = "https://retention.test";

export async function useAppEnv(extra: Record<string, string> = {}) {
  const url = await createTestDatabaseUrl();
  Object.assign(process.env, {
    NODE_ENV: "test",
    SHOPIFY_API_KEY: TEST_API_KEY,
    SHOPIFY_API_SECRET: TEST_API_SECRET,
    SHOPIFY_APP_URL: TEST_APP_URL,
    DATABASE_URL: url,
    DEMO_MODE: "0",
    ...extra,
  });
  const { default: db } = await import("~/db/client.server");
  // As in the server: the process's job queue gets its handlers and runs (in-process).
  const { startJobs } = await import("~/jobs/registry.server");
  await startJobs();
  afterAll(async () => {
    const { closeRawSql } = await import("~/db/raw-sql.server");
    await closeRawSql(db);
    await db.$disconnect();
    await dropTestDatabase(url);
  });
  return { db, databaseUrl: url };
}
