// What `npm test` / `npm run test:pg` need from the machine besides Node and node_modules,
// each missing piece as one line with its fix (the tests that need it fail anyway; these lines
// say why before the output scrolls away).
import fs from "node:fs";
import net from "node:net";
import { missingPrerequisites as missingForWordPress } from "./wordpress-stack.mjs";

function reachable(host, port, timeoutMs = 1500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
  });
}

/** @returns {Promise<string[]>} one line per missing prerequisite */
export async function missingForTests({ postgres = false } = {}) {
  const lines = [];
  if (postgres) {
    const url = new URL(process.env.TEST_POSTGRES_URL ?? "postgresql://postgres@127.0.0.1:5432/test");
    if (!(await reachable(url.hostname, url.port || 5432))) {
      lines.push(
        `PostgreSQL is not reachable at ${url.host} (database ${url.pathname.slice(1)}, trust auth): sudo apt-get install postgresql, then create the database (or set TEST_POSTGRES_URL)`,
      );
    }
    return lines;
  }
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!fs.existsSync(chromium)) {
    lines.push(`The browser tests need Debian's Chromium at ${chromium}: sudo apt-get install chromium`);
  }
  const redis = new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
  if (!(await reachable(redis.hostname, redis.port || 6379))) {
    lines.push(
      `The job queue tests need Redis at ${redis.host}: sudo apt-get install redis-server (or set TEST_REDIS_URL)`,
    );
  }
  const wordpress = missingForWordPress();
  if (wordpress) lines.push(wordpress);
  return lines;
}
