// A webhook receiver on loopback for the real WooCommerce store: it records every delivery
// (raw body kept, for the signature) and lets a test wait for the one it expects.
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface WebhookDelivery {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  receivedAt: number;
  /** The body parsed as JSON, or undefined (WooCommerce's ping is a form body). */
  json: unknown;
}

export interface WebhookReceiver {
  url: string;
  deliveries: WebhookDelivery[];
  waitFor(match: (d: WebhookDelivery) => boolean, timeoutMs?: number): Promise<WebhookDelivery>;
  close(): Promise<void>;
}

/** WooCommerce signs with base64(HMAC-SHA256(raw body, secret)) in X-WC-Webhook-Signature. */
export function wooSignatureValid(delivery: WebhookDelivery, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(delivery.raw).digest("base64"));
  const got = Buffer.from(String(delivery.headers["x-wc-webhook-signature"] ?? ""));
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const deliveries: WebhookDelivery[] = [];
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      let json: unknown;
      try {
        json = JSON.parse(raw.toString("utf8"));
      } catch {
        json = undefined;
      }
      deliveries.push({ headers: req.headers, raw, receivedAt: Date.now(), json });
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
      for (const w of waiters) w();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hook`,
    deliveries,
    async waitFor(match, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = deliveries.find(match);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0) {
          throw new Error(`no matching webhook delivery within ${timeoutMs} ms (${deliveries.length} received)`);
        }
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, left);
          waiters.add(done);
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
