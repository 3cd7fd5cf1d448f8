// Production HTTP server: Express serving the Remix build. In demo mode (DEMO_MODE=1,
// localhost only) it also signs in as the demo shop, so the admin opens without a
// Shopify login while every admin route still runs authenticate.admin.
import { createRequestHandler } from "@remix-run/express";
import compression from "compression";
import express from "express";

const port = Number(process.env.PORT || 3000);
const host = process.env.HOST || "127.0.0.1";
const demo = process.env.DEMO_MODE === "1";

const app = express();
app.disable("x-powered-by");
app.use(compression());
app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
app.use(express.static("build/client", { maxAge: "1h" }));

if (demo) {
  const { demoSessionTokenMiddleware } = await import("./scripts/demo-auth.mjs");
  app.use(demoSessionTokenMiddleware());
}

app.all("*", createRequestHandler({ build: await import("./build/server/index.js"), mode: process.env.NODE_ENV }));

const server = app.listen(port, host, () => {
  const url = `http://${host === "0.0.0.0" ? "localhost" : host}:${port}`;
  console.log(demo ? `Demo shop admin: ${url}/app` : `App server listening on ${url}`);
});

// A promise nothing awaited failed (a bug, or a service away at that moment): log it and keep
// serving. Node's default, ending the process, would turn one failed background task into an
// outage of every shop.
process.on("unhandledRejection", (reason) => console.error("unhandled promise rejection:", reason));

// Orchestrators stop a process with SIGTERM: finish the requests in flight, then exit.
process.on("SIGTERM", () => server.close(() => process.exit(0)));
