// Starts tests/crash/child.ts as a real process and follows what it prints: "READY <port>" once
// it serves, "PAUSED <point>" where it stopped dead to be SIGKILLed.
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../helpers/app-env";

export interface Child {
  proc: ChildProcess;
  port: number;
  seen: Set<string>;
  until(marker: string, ms?: number): Promise<void>;
  exited: Promise<void>;
}

/** What every child needs: the test's app credentials, its database and the fake Admin API. */
export const childEnv = (databaseUrl: string, fakeShopifyUrl: string): Record<string, string> => ({
  NODE_ENV: "test",
  SHOPIFY_API_KEY: TEST_API_KEY,
  SHOPIFY_API_SECRET: TEST_API_SECRET,
  SHOPIFY_APP_URL: TEST_APP_URL,
  DEMO_MODE: "0",
  DATABASE_URL: databaseUrl,
  FAKE_SHOPIFY_URL: fakeShopifyUrl,
});

const running = new Set<ChildProcess>();

/** For afterAll: no child outlives its test file. */
export function killChildren() {
  for (const p of running) p.kill("SIGKILL");
}

export async function startChild(env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ["--import", "tsx", "tests/crash/child.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(proc);
  const seen = new Set<string>();
  const waiters: (() => void)[] = [];
  let stderr = "";
  proc.stderr!.on("data", (c) => (stderr += c));
  readline.createInterface({ input: proc.stdout! }).on("line", (line) => {
    seen.add(line.trim());
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<void>((resolve) => proc.on("exit", () => (running.delete(proc), resolve())));
  const until = async (marker: string, ms = 45_000) => {
    const end = Date.now() + ms;
    while (![...seen].some((l) => l.startsWith(marker))) {
      if (proc.exitCode !== null || Date.now() > end)
        throw new Error(
          `child never printed "${marker}" (saw ${[...seen].join(" | ")}); stderr: ${stderr.slice(-2000)}`,
        );
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  await until("READY");
  const port = Number([...seen].find((l) => l.startsWith("READY"))!.split(" ")[1]);
  return { proc, port, seen, until, exited };
}

/** Polls `check` until it holds. */
export async function until(check: () => Promise<boolean>, what: string, ms = 30_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
