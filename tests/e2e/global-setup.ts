// Builds the app, seeds the demo shop into a fresh SQLite file and starts the production
// server in demo mode on a free port — the same path `npm run demo` takes.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import type { TestProject } from "vitest/node";

const root = path.resolve(__dirname, "..", "..");
let server: ChildProcess | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

export default async function setup(project: TestProject) {
  const dir = path.join(root, ".tmp", "e2e");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "production",
    DATABASE_URL: `file:${path.join(dir, "demo.sqlite")}`,
    DEMO_MODE: "1",
    SHOPIFY_API_KEY: "demo-api-key",
    SHOPIFY_API_SECRET: "demo-api-secret",
    SHOPIFY_APP_URL: `http://localhost:${port}`,
    PORT: String(port),
  };
  const run = (args: string[]) =>
    execFileSync(process.execPath, args, { cwd: root, env, stdio: ["ignore", "ignore", "inherit"] });
  run(["scripts/prisma.mjs", "migrate", "deploy"]);
  run([path.join(root, "node_modules/tsx/dist/cli.mjs"), "scripts/demo-setup.ts"]);
  run([path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "vite:build"]);

  const log = fs.openSync(path.join(dir, "server.log"), "w");
  server = spawn(process.execPath, ["server.mjs"], { cwd: root, env, stdio: ["ignore", log, log] });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/`, { redirect: "manual" });
      if (res.status > 0) break;
    } catch {
      if (Date.now() > deadline) throw new Error(`demo server did not start; see ${dir}/server.log`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  project.provide("baseUrl", baseUrl);
  project.provide("databaseUrl", env.DATABASE_URL!);
  return () => {
    server?.kill("SIGTERM");
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}
