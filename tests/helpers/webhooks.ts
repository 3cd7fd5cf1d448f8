// Webhook requests as Shopify sends them: the raw body signed with the app's secret
// (getHmac from @shopify/shopify-api's test helpers) and Shopify's headers.
import crypto from "node:crypto";
import { getHmac } from "@shopify/shopify-api/test-helpers";
import { TEST_API_SECRET, TEST_APP_URL } from "./app-env";

export interface WebhookOptions {
  shop?: string;
  webhookId?: string;
  eventId?: string;
  secret?: string;
  apiVersion?: string;
}

export function webhookRequest(topic: string, body: string | object, opts: WebhookOptions = {}) {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  const hmac = getHmac(raw, opts.secret ?? TEST_API_SECRET);
  return new Request(`${TEST_APP_URL}/webhooks/${topic}`, {
    method: "POST",
    body: raw,
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Topic": topic,
      "X-Shopify-Shop-Domain": opts.shop ?? "test-shop.myshopify.com",
      "X-Shopify-Webhook-Id": opts.webhookId ?? crypto.randomUUID(),
      "X-Shopify-Event-Id": opts.eventId ?? crypto.randomUUID(),
      "X-Shopify-API-Version": opts.apiVersion ?? "2026-10",
      "X-Shopify-Triggered-At": new Date().toISOString(),
    },
  });
}

/** Calls a route module's action the way Remix does. */
export async function callAction(mod: { action: (args: never) => Promise<Response> | Response }, request: Request) {
  try {
    return await mod.action({ request, params: {}, context: {} } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
