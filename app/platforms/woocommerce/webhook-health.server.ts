// The app's webhooks on a WooCommerce store as the store reports them. WooCommerce counts
// failed deliveries per webhook (any answer outside 2xx/301/302, or no answer) and, after more
// than five in a row (filter woocommerce_max_webhook_delivery_failures), sets the webhook to
// "disabled" and stops delivering; a merchant can also set one to "paused". Either way no
// delivery arrives again until someone sets it back to "active".
import type { WooClient } from "./rest-client.server";

export interface WooWebhookState {
  id: number;
  topic: string;
  status: string; // active | paused | disabled
}

/** The webhooks on the store that deliver to `deliveryUrl` (the app's URL for this shop). */
export async function listAppWebhooks(client: WooClient, deliveryUrl: string): Promise<WooWebhookState[]> {
  const found: WooWebhookState[] = [];
  for (let page = 1; ; page++) {
    const { items, totalPages } = await client.webhooksPage({ page });
    for (const w of items as { id?: unknown; topic?: unknown; status?: unknown; delivery_url?: unknown }[]) {
      if (w.delivery_url !== deliveryUrl || typeof w.id !== "number") continue;
      found.push({ id: w.id, topic: String(w.topic), status: String(w.status) });
    }
    if (items.length === 0 || page >= totalPages) break;
  }
  return found;
}
