#!/usr/bin/env node
// `npm test`: the whole suite on the embedded default (SQLite): unit, database, fake
// platform and analytics tests, then the browser tests against the demo app in Chromium.
// `npm run test:pg` (or `npm test -- --postgres`): the database-backed tests on PostgreSQL.
// Ends with one plain "N passed, N failed" line summed over the runs.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { missingForTests } from "./test-prerequisites.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const postgres = args.includes("--postgres");
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Node ${process.versions.node} is too old: run \`npm test\` (it fetches Node 22), or put Node 22.12+ first on PATH.`,
  );
  process.exit(1);
}

const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
const outDir = path.join(root, ".tmp", "test-results");
fs.mkdirSync(outDir, { recursive: true });
const totals = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

function run(label, cliArgs, extraEnv = {}) {
  console.log(`\n=== ${label} ===`);
  const out = path.join(outDir, `${label.replace(/\W+/g, "-")}.json`);
  fs.rmSync(out, { force: true });
  const r = spawnSync(
    process.execPath,
    [vitest, "run", "--reporter=default", "--reporter=json", `--outputFile.json=${out}`, ...cliArgs],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, ...extraEnv },
    },
  );
  if (fs.existsSync(out)) {
    const report = JSON.parse(fs.readFileSync(out, "utf8"));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
  }
  if (r.status !== 0) exitCode = r.status ?? 1;
}

const missing = await missingForTests({ postgres });
for (const line of missing) console.error(`Missing: ${line}`);

const gen = spawnSync(process.execPath, ["scripts/prisma.mjs", "generate"], {
  cwd: root,
  stdio: ["ignore", "ignore", "inherit"],
});
if (gen.status !== 0) process.exit(gen.status ?? 1);

if (!postgres) {
  console.log("\n=== typecheck ===");
  // The customer account extension has its own project: its platform's globals clash with App Bridge's.
  const tscBin = path.join(root, "node_modules", "typescript", "bin", "tsc");
  const app = spawnSync(process.execPath, [tscBin, "--noEmit"], { cwd: root, stdio: "inherit" });
  const ext = spawnSync(process.execPath, [tscBin, "--noEmit", "-p", "extensions/retention-account"], {
    cwd: root,
    stdio: "inherit",
  });
  const tsc = { status: app.status || ext.status };
  console.log("\n=== lint and format ===");
  const eslint = spawnSync(process.execPath, [path.join(root, "node_modules", "eslint", "bin", "eslint.js"), "."], {
    cwd: root,
    stdio: "inherit",
  });
  const prettier = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "prettier", "bin", "prettier.cjs"), "--check", "--log-level", "warn", "."],
    { cwd: root, stdio: "inherit" },
  );
  if (eslint.status === 0 && prettier.status === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    exitCode = 1;
  }
  if (tsc.status === 0) totals.passed += 1;
  else {
    totals.failed += 1;
    exitCode = 1;
  }
}

if (postgres) {
  // Pure computation does not touch the database, nor do the harness's own checks (toolchain,
  // the real WordPress store): only the database-backed suites run again.
  const notDatabase = ["analytics", "unit", "e2e", "toolchain", "wordpress-stack"];
  run(
    "postgresql",
    notDatabase.flatMap((dir) => ["--exclude", `tests/${dir}/**`]),
    { TEST_DATABASE: "postgresql" },
  );
} else {
  run("sqlite", []);
  if (!fs.existsSync(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium")) {
    // Named in the "Missing:" lines; counted as one failure instead of a run that cannot start.
    exitCode = 1;
    totals.failed += 1;
  } else {
    run("browser", ["--config", "tests/e2e/vitest.config.ts"]);
  }
}

if (missing.length > 0) console.error(`\n${missing.map((line) => `Missing: ${line}`).join("\n")}`);
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ""}`);
process.exit(exitCode);
