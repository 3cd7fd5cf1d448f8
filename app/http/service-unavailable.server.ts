// A request that needs the database while it is away gets a clear 503 (Shopify and WooCommerce
// retry a webhook answered 503; a browser shows the message), never a hang, a crash or a stack
// trace per request: the outage is logged once when it starts and once when it ends.
import { OutageLog } from "~/jobs/outage-log.server";
import { failureKind, reasonOf } from "./failure-kind.server";

export const databaseOutage = new OutageLog(
  "The database",
  "requests are answered 503 until it is back (webhook senders retry them; nothing is marked done)",
);

export const UNAVAILABLE_MESSAGE = "The database is unavailable for a moment; please retry shortly.";

/** True for an error that means the database (or the network to it) is away. */
export function isUnavailable(e: unknown): boolean {
  return failureKind(e) === "unavailable";
}

/** The 503 answer for such an error; logs the outage once. */
export function serviceUnavailable(e: unknown): Response {
  databaseOutage.down(reasonOf(e));
  return new Response(UNAVAILABLE_MESSAGE, {
    status: 503,
    headers: { "Retry-After": "5", "Content-Type": "text/plain; charset=utf-8" },
  });
}
