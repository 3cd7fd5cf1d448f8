// The process tests/crash/crash.test.ts kills. It is the app as a server runs it: the job engine
// started by startJobs() (in-process, or a BullMQ worker when REDIS_URL is set) with its restore
// of unfinished work, and Shopify's webhooks through the real front door and topic work; the
// Admin API is the test's fake (its process survives the kill). It can stop dead at chosen
// points, print "PAUSED <point>" and wait there to be SIGKILLed:
// - per delivery (header x-test-pause): "before-work" (event row written, nothing else),
//   "at-refresh" (order and points written, refresh not yet asked for), "after-work" (all
//   written, the delivery not yet marked processed), "before-answer" (marked processed, the
//   answer not sent);
// - CRASH_BULK_PAUSE=<n>: the backfill's orders file stops after n order lines, mid-download;
// - CRASH_PUSH_PAUSE=<n>: the win-back push stops once Shopify ran its n-th Flow trigger, before
//   the answer reaches the app ("PAUSED push").
// POST /push {"shopId"} asks for a win-back push as an analytics refresh does.
// Run: node --import tsx tests/crash/child.ts (it prints "READY <port>").
import { AsyncLocalStorage } from "node:async_hooks";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { routeShopifyToFake } from "../fakes/route-shopify-to-fake";

const pauseAt = new AsyncLocalStorage<string>();
function pause(point: string): Promise<never> {
  process.stdout.write(`PAUSED ${point}\n`);
  return new Promise<never>(() => {}); // until the test kills this process
}

/** Waits until the backfill's checkpoint is past `line` in the orders phase. */
async function checkpointPast(line: number) {
  const { default: db } = await import("~/db/client.server");
  for (;;) {
    const states = await db.syncState.findMany({ where: { kind: "backfill", status: "running" } });
    const at = states.map((s) => JSON.parse(s.cursor ?? "{}") as { phase?: string; line?: number });
    if (at.some((c) => c.phase === "orders" && (c.line ?? 0) > line)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The bulk result file comes from the fake through the global fetch: let it stop mid-file.
const bulkPause = Number(process.env.CRASH_BULK_PAUSE ?? 0);
if (bulkPause > 0) {
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await realFetch(input, init);
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
    if (!url.includes("/bulk/") || !res.body) return res;
    let orderLines = 0;
    let paused = false;
    const decoder = new TextDecoder();
    const cut = new TransformStream<Uint8Array, Uint8Array>({
      async transform(chunk, controller) {
        if (paused) return pause("bulk");
        // Pass whole lines until the n-th order line, then stop dead.
        const text = decoder.decode(chunk, { stream: true });
        let out = "";
        for (const line of text.split(/(?<=\n)/)) {
          if (line.includes("gid://shopify/Order/") && !line.includes("__parentId")) orderLines++;
          out += line;
          if (orderLines >= bulkPause) {
            paused = true;
            controller.enqueue(new TextEncoder().encode(out));
            await checkpointPast(0); // the batches passed on are written and checkpointed first
            return pause("bulk");
          }
        }
        controller.enqueue(new TextEncoder().encode(out));
      },
    });
    return new Response(res.body.pipeThrough(cut), { status: res.status, headers: res.headers });
  }) as typeof fetch;
}

// The Admin API calls go to the fake through the global fetch (routeShopifyToFake): let the push
// stop dead after Shopify ran a Flow trigger, its answer lost with the process.
const pushPause = Number(process.env.CRASH_PUSH_PAUSE ?? 0);
if (pushPause > 0) {
  const realFetch = globalThis.fetch;
  let triggers = 0;
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const res = await realFetch(input, init);
    if (typeof init?.body !== "string" || !init.body.includes("mutation RetentionFlowTriggerReceive")) return res;
    if (++triggers < pushPause) return res;
    await res.text(); // the fake has run it
    return pause("push");
  }) as typeof fetch;
}

// After the app's Shopify module: its node adapter sets the library's fetch when loaded.
await import("~/shopify.server");
routeShopifyToFake(process.env.FAKE_SHOPIFY_URL!);

const { startJobs } = await import("~/jobs/registry.server");
const { JOBS } = await import("~/jobs/enqueue.server");
const { receiveShopifyWebhook } = await import("~/http/shopify-webhook.server");
const { onOrderWebhook } = await import("~/workflows/webhooks/orders.server");
const { requestSegmentPush } = await import("~/workflows/segment-push.server");
const { default: db } = await import("~/db/client.server");

const queue = await startJobs();
// The refresh is the last step of an order's work: pausing there leaves order and points written.
const enqueue = queue.enqueue.bind(queue);
queue.enqueue = async (name, payload, opts) => {
  if (name === JOBS.refreshAnalytics && pauseAt.getStore() === "at-refresh") await pause("at-refresh");
  return enqueue(name, payload, opts);
};

async function handleWebhook(req: http.IncomingMessage, body: string, res: http.ServerResponse) {
  const point = String(req.headers["x-test-pause"] ?? "");
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  const request = new Request(`${process.env.SHOPIFY_APP_URL}${req.url}`, { method: "POST", headers, body });
  const answer = await pauseAt.run(point, () =>
    receiveShopifyWebhook(request, async (work) => {
      if (point === "before-work") await pause(point);
      await onOrderWebhook(work);
      if (point === "after-work") await pause(point);
    }).catch((e) => (e instanceof Response ? e : new Response(String(e), { status: 500 }))),
  );
  if (point === "before-answer") await pause(point);
  res.writeHead(answer.status, { "content-type": "text/plain" });
  res.end(await answer.text());
}

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", async () => {
    if (req.method === "GET" && req.url === "/failed") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(await queue.failedJobs()));
      return;
    }
    if (req.method === "POST" && req.url === "/push") {
      const { shopId } = JSON.parse(body) as { shopId: string };
      const queued = await requestSegmentPush(db, queue, shopId);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ queued }));
      return;
    }
    if (req.method === "GET" && req.url === "/schedules") {
      const ids = await (queue as unknown as { scheduledIds(): Promise<string[]> }).scheduledIds();
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(ids));
      return;
    }
    await handleWebhook(req, body, res);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`);
});
