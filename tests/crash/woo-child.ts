// The process the WooCommerce kill -9 tests kill (tests/crash/woocommerce-sync-crash.test.ts and
// woocommerce-redeem-crash.test.ts): the app as a server runs it for a WooCommerce store — the
// job engine started by startJobs() with its restore of unfinished work, the store's webhooks
// through the real front door (/webhooks/woocommerce/<shopId>), and the storefront's signed
// /proxy/api/redeem and /proxy/api/me — against the real WordPress + WooCommerce store. The app
// code is unchanged: the stop points are made from outside, as in tests/crash/child.ts, by
// wrapping the process's database client (globalThis.__db, which the app's client module uses)
// and by watching the store requests on undici's diagnostics channels. At a stop point the child
// prints "PAUSED <point>" and waits to be SIGKILLed. CRASH_AT names one point (or none):
// - "sync-ledger:<n>": the sync's points for the page after the n-th committed page (its orders
//   written, their points and the watermark not yet);
// - "sync-watermark:<n>": the n-th page's watermark move (its orders and points written);
// - "webhook-ledger": a webhook delivery's points (its order written, the delivery not yet
//   marked processed);
// - "coupon-before-post": the redemption's POST /wc/v3/coupons, before it leaves (points spent);
// - "coupon-after-answer": WooCommerce answered the POST (the coupon exists), before the app
//   reads the answer;
// - "coupon-after-record": the code recorded active, before the shopper gets the answer.
// Several points are joined by "|". Every store request is printed as "STORE <method> <path>". START_SYNC=<shopId> queues the
// store's first sync as the connect callback does. Run: node --import tsx tests/crash/woo-child.ts
// (it prints "READY <port>", listening on PORT).
import { AsyncLocalStorage } from "node:async_hooks";
import diagnostics from "node:diagnostics_channel";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createDb } from "~/db/client.server";
import { processDatabaseUrl } from "~/env.server";

const at = process.env.CRASH_AT ?? "";
const inWebhook = new AsyncLocalStorage<boolean>();
const say = (line: string) => fs.writeSync(1, `${line}\n`);

function pause(point: string): Promise<never> {
  say(`PAUSED ${point}`);
  return new Promise<never>(() => {}); // until the test kills this process
}
/** Stops the whole process where it is (inside a synchronous callback). */
function freeze(point: string): never {
  say(`PAUSED ${point}`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  throw new Error("unreachable");
}

// One point, or several joined by "|" (each process stops at the first it reaches on each path).
const points = new Map(
  at
    .split("|")
    .filter(Boolean)
    .map((p) => [p.split(":")[0], Number(p.split(":")[1] ?? 0)] as const),
);
const stopsAt = (name: string, nth = 0) => points.has(name) && points.get(name) === nth;
const label = (name: string) => (points.get(name) ? `${name}:${points.get(name)}` : name);
let committed = 0;
const moves = (args: { data?: { cursor?: unknown } }) => typeof args.data?.cursor === "string";

const base = createDb(processDatabaseUrl());
const wrapped = base.$extends({
  query: {
    syncState: {
      async update({ args, query }) {
        if (moves(args) && !inWebhook.getStore()) {
          committed++;
          if (stopsAt("sync-watermark", committed)) await pause(label("sync-watermark"));
        }
        return query(args);
      },
    },
    loyaltyEntry: {
      async create({ args, query }) {
        const kind = (args.data as { kind?: string }).kind;
        if (kind === "earn_order" || kind === "reverse_refund" || kind === "reverse_cancel") {
          if (inWebhook.getStore() && stopsAt("webhook-ledger")) await pause("webhook-ledger");
          if (!inWebhook.getStore() && stopsAt("sync-ledger", committed)) await pause(label("sync-ledger"));
        }
        return query(args);
      },
    },
    rewardCode: {
      async update({ args, query }) {
        const answer = await query(args);
        if (stopsAt("coupon-after-record") && (args.data as { status?: string }).status === "active")
          await pause("coupon-after-record");
        return answer;
      },
    },
  },
});
// The app's client module keeps its one client here; its dialect and URL marks go along (only
// those: the client's own symbols would undo the extension inside transactions).
for (const symbol of Object.getOwnPropertySymbols(base).filter((s) => s.description?.startsWith("retention.")))
  Object.defineProperty(wrapped, symbol, { value: (base as unknown as Record<symbol, unknown>)[symbol] });
globalThis.__db = wrapped as unknown as typeof globalThis.__db;

interface UndiciRequest {
  method: string;
  origin: string;
  path: string;
}
const isCouponPost = (r: UndiciRequest) => r.method === "POST" && r.path.startsWith("/wp-json/wc/v3/coupons");
diagnostics.subscribe("undici:request:create", (message) => {
  const { request } = message as { request: UndiciRequest };
  say(`STORE ${request.method} ${request.path}`);
  if (stopsAt("coupon-before-post") && isCouponPost(request)) freeze("coupon-before-post");
});
diagnostics.subscribe("undici:request:headers", (message) => {
  const { request, response } = message as { request: UndiciRequest; response: { statusCode: number } };
  if (stopsAt("coupon-after-answer") && isCouponPost(request) && response.statusCode < 300)
    freeze("coupon-after-answer");
});

const { startJobs } = await import("~/jobs/registry.server");
const { JOBS, enqueueWooSync } = await import("~/jobs/enqueue.server");
const { receiveWooWebhook } = await import("~/http/woocommerce-webhook.server");
const redeemRoute = await import("~/routes/proxy.api.redeem");
const meRoute = await import("~/routes/proxy.api.me");

const queue = await startJobs();
if (process.env.START_SYNC) await enqueueWooSync(queue, process.env.START_SYNC);

async function answer(req: http.IncomingMessage, body: string): Promise<Response> {
  const url = new URL(req.url ?? "/", process.env.SHOPIFY_APP_URL);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(url, { method: req.method, headers, body: req.method === "GET" ? undefined : body });
  const hook = url.pathname.match(/^\/webhooks\/woocommerce\/([^/]+)$/);
  if (hook) return inWebhook.run(true, () => receiveWooWebhook(request, hook[1]));
  const args = { request, params: {}, context: {} } as never;
  try {
    if (url.pathname === "/proxy/api/redeem") return (await redeemRoute.action(args)) as Response;
    if (url.pathname === "/proxy/api/me") return (await meRoute.loader(args)) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
  // The store's scheduled sync (which also settles interrupted redemptions), run now.
  if (url.pathname === "/jobs/woo-sync") {
    const shopId = url.searchParams.get("shop")!;
    await queue.enqueue(JOBS.wooSync, {}, { shopId, jobId: `woo-sync-every:${shopId}:${Date.now()}` });
    await queue.drain();
    return Response.json(await queue.failedJobs(shopId));
  }
  if (url.pathname === "/drain") {
    await queue.drain();
    return Response.json(await queue.failedJobs());
  }
  return new Response("not found", { status: 404 });
}

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", async () => {
    const out = await answer(req, body).catch((e) => new Response(String(e?.stack ?? e), { status: 500 }));
    res.writeHead(out.status, Object.fromEntries(out.headers));
    res.end(await out.text());
  });
});
server.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
  say(`READY ${(server.address() as AddressInfo).port}`);
});
