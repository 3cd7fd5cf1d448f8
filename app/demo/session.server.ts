// The demo shop's stored offline session: what a real install would leave in session
// storage, so authenticate.admin finds a valid session and needs no token exchange.
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import type { Db } from "~/db/client.server";

export const DEMO_SHOP_DOMAIN = "demo-retention-shop.myshopify.com";

export async function storeDemoSession(db: Db, scopes: string[]) {
  const storage = new PrismaSessionStorage(db as never);
  const session = new Session({
    id: `offline_${DEMO_SHOP_DOMAIN}`,
    shop: DEMO_SHOP_DOMAIN,
    state: "demo",
    isOnline: false,
    scope: scopes.join(","),
    accessToken: "demo-offline-access-token",
  });
  await storage.storeSession(session);
  return session;
}
