// Once per test run: a migrated base SQLite database that every test file copies (cheaper
// than migrating per file). Each run gets its own directory, so parallel runs never share.
// On PostgreSQL each test file migrates a schema of its own instead.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";

export default async function globalSetup(project: TestProject) {
  const dir = path.resolve(".tmp", "test-db", `run-${process.pid}`);
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, "base.sqlite");
  execFileSync(process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: `file:${base}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
  project.provide("testDbDir", dir);
  return () => fs.rmSync(dir, { recursive: true, force: true });
}

declare module "vitest" {
  export interface ProvidedContext {
    testDbDir: string;
  }
}
