// Delivers one signed "segment changed" webhook (app/winback/segment-webhook.ts) to the URL a
// WooCommerce merchant set. The URL comes from outside, so it is reached under the same rules as
// a store (store-network.server.ts): https on a public address, the checked address pinned, no
// redirects. A 2xx answer is a delivery; anything else throws, and the job queue retries.
import { readLimited, StoreNetworkError, createStoreFetch, type StoreFetch } from "./store-network.server";

export class WebhookDeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export async function deliverSegmentWebhook(
  url: string,
  delivery: { body: string; eventId: string; event: string; signature: string },
  opts: { fetch?: StoreFetch; timeoutMs?: number } = {},
): Promise<number> {
  const storeFetch = opts.fetch ?? createStoreFetch(url);
  let response;
  try {
    response = await storeFetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "user-agent": "Retention-Webhook/1",
        "x-retention-event": delivery.event,
        "x-retention-event-id": delivery.eventId,
        "x-retention-signature": delivery.signature,
      },
      body: delivery.body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
    });
  } catch (e) {
    if (e instanceof StoreNetworkError) throw new WebhookDeliveryError(`the webhook URL: ${e.message}`);
    throw new WebhookDeliveryError(`the webhook URL did not answer (${e instanceof Error ? e.message : String(e)})`);
  }
  // The answer is not used; a little is read so the connection can be reused.
  await readLimited(response, 65_536).catch(() => "");
  if (response.status < 200 || response.status > 299)
    throw new WebhookDeliveryError(`the webhook URL answered HTTP ${response.status}`, response.status);
  return response.status;
}
