// Once per vitest run: a folder for this run's real WordPress store. The store itself starts
// only when a test file asks for it (useWordPress() in tests/helpers/wordpress.ts), so a run
// without such a file pays nothing; it is stopped and removed here when the run ends.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { stopStack, workDirFor } from "../../scripts/wordpress-stack.mjs";

const OWNER = "harness-owner.pid";

function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}

// Deleting the store's ~20,000 files takes seconds on a busy machine: the folder is renamed
// out of the way and removed by a detached rm, so the run ends as soon as the servers are down.
function removeStack(dir: string) {
  stopStack(dir);
  const trash = path.join(path.dirname(dir), `trash-${path.basename(dir)}`);
  try {
    fs.renameSync(dir, trash);
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }
  spawn("rm", ["-rf", trash], { detached: true, stdio: "ignore" }).unref();
}

// A run that was killed never reached its teardown: stop what it left running.
function sweepAbandonedRuns(parent: string) {
  if (!fs.existsSync(parent)) return;
  for (const name of fs.readdirSync(parent)) {
    const dir = path.join(parent, name);
    if (/^trash-.*run-\d+-[0-9a-f]{6}$/.test(name)) {
      // an earlier run's removal that did not finish (its rm was killed): finish it now
      if (Date.now() - fs.statSync(dir).mtimeMs > 600_000) fs.rmSync(dir, { recursive: true, force: true });
      continue;
    }
    if (!/(^|-)run-\d+-[0-9a-f]{6}$/.test(name)) continue;
    let owner = NaN;
    try {
      owner = Number(fs.readFileSync(path.join(dir, OWNER), "utf8"));
    } catch {
      continue; // not made by this setup
    }
    if (owner > 0 && !alive(owner)) removeStack(dir);
  }
}

export default function setup(project: TestProject) {
  const runDir = workDirFor(`run-${process.pid}-${crypto.randomBytes(3).toString("hex")}`);
  sweepAbandonedRuns(path.dirname(runDir));
  fs.mkdirSync(runDir, { recursive: true });
  fs.writeFileSync(path.join(runDir, OWNER), String(process.pid));
  project.provide("wordpressRunDir", runDir);
  return () => {
    const t0 = Date.now();
    const ready = path.join(runDir, "harness-ready.json");
    const startMs = fs.existsSync(ready) ? JSON.parse(fs.readFileSync(ready, "utf8")).START_MS : undefined;
    const started = fs.existsSync(path.join(runDir, "wpstack.env"));
    removeStack(runDir);
    if (started) console.log(`real WordPress store: started in ${startMs} ms, stopped in ${Date.now() - t0} ms`);
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    wordpressRunDir: string;
  }
}
