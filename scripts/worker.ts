// `npm run worker`: processes background jobs from Redis (REDIS_URL). Run as many as the
// load needs; each finishes its running job before it exits on SIGTERM.
import { startJobs } from "../app/jobs/registry.server";

if (!process.env.REDIS_URL) {
  console.error("npm run worker needs REDIS_URL (without it, jobs run inside the web process)");
  process.exit(1);
}
// As in server.mjs: a failed promise nothing awaited is logged; the worker keeps processing.
process.on("unhandledRejection", (reason) => console.error("unhandled promise rejection:", reason));
const queue = await startJobs();
console.log("worker processing jobs from", process.env.REDIS_URL);
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, async () => {
    await queue.close();
    process.exit(0);
  });
}
