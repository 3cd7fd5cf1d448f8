// Sends one queued "segment changed" webhook (queued by woo-segment-push.server.ts) to the URL
// the merchant has set now, signed with the shop's secret. The URL removed or the shop gone
// since: the event is dropped. A failed delivery throws, so the job queue retries it.
import type { Db } from "~/db/client.server";
import { segmentWebhookSecret, winbackFromSettings } from "~/models/winback.server";
import { deliverSegmentWebhook } from "~/platforms/woocommerce/segment-webhook.server";
import type { StoreFetch } from "~/platforms/woocommerce/store-network.server";
import { SEGMENT_WEBHOOK_EVENT, signSegmentWebhook } from "~/winback/segment-webhook";

export async function sendSegmentWebhook(
  db: Db,
  shopId: string,
  event: { eventId: string; body: string },
  opts: { fetch?: StoreFetch } = {},
): Promise<"sent" | "dropped"> {
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { installState: true, settings: true } });
  const url = shop?.installState === "installed" ? winbackFromSettings(shop.settings).segmentWebhookUrl : null;
  if (!url) return "dropped";
  await deliverSegmentWebhook(
    url,
    {
      body: event.body,
      eventId: event.eventId,
      event: SEGMENT_WEBHOOK_EVENT,
      signature: signSegmentWebhook(event.body, segmentWebhookSecret(shopId)),
    },
    opts,
  );
  return "sent";
}
