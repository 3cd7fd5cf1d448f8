#!/usr/bin/env node
// `npm run demo`: the app on its embedded default — SQLite, the generated demo shop, the
// admin at a printed localhost URL, no Shopify account. Safe to run again: migrations and
// the demo seed are idempotent.
import { spawnSync, spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  console.error(
    `Node ${process.versions.node} is too old: run \`npm run demo\` (it fetches Node 22), or put Node 22.12+ first on PATH.`,
  );
  process.exit(1);
}

const port = process.env.PORT ?? "3000";
const env = {
  ...process.env,
  NODE_ENV: "production",
  DATABASE_URL: process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite",
  DEMO_MODE: "1",
  // Demo-only credentials: they sign the demo shop's session tokens and nothing else.
  SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "demo-api-key",
  SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "demo-api-secret",
  SHOPIFY_APP_URL: `http://localhost:${port}`,
  PORT: port,
};

function step(label, cmd, args) {
  console.log(`\n> ${label}`);
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`\n${label} failed (exit ${r.status}).`);
    process.exit(r.status ?? 1);
  }
}

const tsx = path.join(root, "node_modules", "tsx", "dist", "cli.mjs");
step("Generating the database clients", process.execPath, ["scripts/prisma.mjs", "generate"]);
step("Migrating the SQLite database", process.execPath, ["scripts/prisma.mjs", "migrate", "deploy"]);
step("Seeding the demo shop", process.execPath, [tsx, "scripts/demo-setup.ts"]);
step("Building the app", process.execPath, [
  path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"),
  "vite:build",
]);

console.log("\n> Starting the app");
const server = spawn(process.execPath, ["server.mjs"], { cwd: root, env, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.kill(sig));
server.on("exit", (code) => process.exit(code ?? 0));
