// What demo mode changes for the demo shop: it has no Shopify store behind it (nothing is ever
// pushed to it), and its generated history ends on a fixed day so its figures never drift.
// Workflows and routes ask here; models never know about demo mode.
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { DEFAULT_OBSERVATION_END } from "./generator";
import { DEMO_SHOP_DOMAIN } from "./session.server";

export function isDemoShop(domain: string): boolean {
  return env.DEMO_MODE === "1" && domain === DEMO_SHOP_DOMAIN;
}

/** "Now" for a shop's analysis: the clock, except for the demo shop in demo mode. */
export async function observationEndFor(db: Db, shopId: string, clock: Date = new Date()): Promise<Date> {
  if (env.DEMO_MODE !== "1") return clock;
  const shop = await db.shop.findUnique({ where: { id: shopId }, select: { domain: true } });
  return shop && isDemoShop(shop.domain) ? DEFAULT_OBSERVATION_END : clock;
}
