// Starting, watching and killing tests/crash/woo-child.ts from a test: its stdout lines are kept,
// `until(marker)` waits for one (failing with what the child printed when it dies or never prints
// it), and every child still running when the file ends is SIGKILLed.
import { spawn, type ChildProcess } from "node:child_process";
import readline from "node:readline";
import { afterAll } from "vitest";

export interface WooChild {
  proc: ChildProcess;
  port: number;
  lines: string[];
  until(marker: string, ms?: number): Promise<string>;
  kill(): Promise<void>;
  get(path: string): Promise<Response>;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const p of running) p.kill("SIGKILL");
});

export async function startWooChild(env: Record<string, string>): Promise<WooChild> {
  const proc = spawn(process.execPath, ["--import", "tsx", "tests/crash/woo-child.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(proc);
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  let stderr = "";
  proc.stderr!.on("data", (c) => (stderr += c));
  readline.createInterface({ input: proc.stdout! }).on("line", (line) => {
    lines.push(line.trim());
    for (const w of waiters.splice(0)) w();
  });
  const exited = new Promise<void>((resolve) => proc.on("exit", () => (running.delete(proc), resolve())));
  const until = async (marker: string, ms = 60_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const hit = lines.find((l) => l.startsWith(marker));
      if (hit) return hit;
      if (proc.exitCode !== null || proc.signalCode !== null || Date.now() > end)
        throw new Error(
          `child never printed "${marker}" (last lines: ${lines.slice(-15).join(" | ")}); stderr: ${stderr.slice(-3000)}`,
        );
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 200);
      });
    }
  };
  // Starting compiles the app (tsx): on a loaded machine that alone can take a minute.
  const port = Number((await until("READY", 180_000)).split(" ")[1]);
  return {
    proc,
    port,
    lines,
    until,
    async kill() {
      proc.kill("SIGKILL");
      await exited;
    },
    get: (path: string) => fetch(`http://127.0.0.1:${port}${path}`),
  };
}

/** Waits for a condition (polled), with what was waited for in the error. */
export async function waitFor(check: () => Promise<boolean>, what: string, ms = 60_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
