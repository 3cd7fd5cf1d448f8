// The admin for WooCommerce merchants, outside Shopify: "Open dashboard" on the plugin's page
// (WooCommerce > Retention) sends the merchant to /woocommerce/sso?token=<one-time token> (see
// app/core/dashboard-token.ts); the app checks the token with the store's plugin secret and
// opens its own session for that one store: an httpOnly, Secure, SameSite=Lax cookie naming a
// WooCommerceAdminSession row (8 hours, or until logout or the store disconnects). SameSite=Lax
// keeps the cookie off cross-site POSTs; a POST whose Origin is another site is refused too.
import { createCookie, redirect } from "@remix-run/node";
import { readUnverifiedShop, verifyDashboardToken, type DashboardTokenFailure } from "~/core/dashboard-token";
import { appSecretKey } from "~/crypto/app-key.server";
import db from "~/db/client.server";
import { env } from "~/env.server";
import {
  createWooAdminSession,
  deleteWooAdminSession,
  findWooAdminSession,
  type WooAdminSession,
} from "~/models/woocommerce-admin-session.server";
import { claimPluginSignature, pluginStoresFor } from "~/models/woocommerce-connection.server";

/** Where a merchant lands when signed out, or when the session ended. */
export const SIGNED_OUT_PATH = "/woocommerce/logout";

// "__Host-": browsers keep it only when Secure, for Path=/ and without a Domain, so no other
// host (a sibling subdomain) can plant or overwrite it.
const sessionCookie = createCookie("__Host-retention_woo_admin", {
  httpOnly: true,
  secure: true,
  sameSite: "lax",
  path: "/",
  // A browser-session cookie: after the row's 8 hours it still names the ended session, so the
  // merchant sees "open the dashboard from WordPress again" rather than Shopify's login.
});

async function cookieValue(request: Request): Promise<string | null> {
  const value: unknown = await sessionCookie.parse(request.headers.get("cookie"));
  return typeof value === "string" ? value : null;
}

export type SignInRefusal = {
  status: 400 | 401 | 403 | 409;
  reason: DashboardTokenFailure | "reused" | "not-connected";
};

const noStore = { "Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer" };

/**
 * GET /woocommerce/sso?token=...: a valid, fresh, unused token for a connected store opens a
 * session for that store and goes to the dashboard; anything else is refused with a 4xx and a
 * reason, and nothing is stored.
 */
export async function signInWithDashboardToken(request: Request, now = new Date()): Promise<Response | SignInRefusal> {
  const token = new URL(request.url).searchParams.get("token") ?? "";
  const shopId = readUnverifiedShop(token);
  if (!shopId) return { status: 400, reason: "malformed" };
  // Only the shop the token names: its secret must have signed it.
  const store = (await pluginStoresFor(db, appSecretKey(), shopId)).find((c) => c.shop.id === shopId);
  if (!store) return { status: 401, reason: "bad-signature" };
  const verified = verifyDashboardToken(token, { secret: store.pluginSecret, shop: shopId, now: now.getTime() / 1000 });
  if (!verified.ok) return { status: verified.reason === "malformed" ? 400 : 401, reason: verified.reason };
  if (store.disconnectedAt || store.shop.installState !== "installed") return { status: 403, reason: "not-connected" };
  // Single use: the token's MAC is remembered with the shop's accepted signatures until it expires.
  const claimed = await claimPluginSignature(
    db,
    shopId,
    `dashboard:${verified.mac}`,
    new Date(verified.claims.exp * 1000),
    now,
  );
  if (!claimed) return { status: 409, reason: "reused" };
  const session = await createWooAdminSession(
    db,
    shopId,
    { wpUserId: verified.claims.wp_user_id, wpUserEmail: verified.claims.wp_user_email },
    now,
  );
  return redirect("/app", {
    headers: { ...noStore, "Set-Cookie": await sessionCookie.serialize(session.value) },
  });
}

/** Whether the request comes from Shopify's admin (session token, or the embedded app's launch parameters). */
export function isShopifyAdminRequest(request: Request): boolean {
  if (/^Bearer /i.test(request.headers.get("authorization") ?? "")) return true;
  const params = new URL(request.url).searchParams;
  return ["shop", "host", "id_token", "embedded", "hmac"].some((p) => params.has(p));
}

/**
 * The WooCommerce admin session of the request: null without the cookie (the caller tries
 * Shopify's admin); a cookie whose session ended, or a POST from another site, is sent to the
 * signed-out page (thrown, as Remix expects).
 */
export async function wooAdminSession(request: Request, now = new Date()): Promise<WooAdminSession | null> {
  const value = await cookieValue(request);
  if (value === null) return null;
  const session = await findWooAdminSession(db, value, now);
  const live = session && session.shop.platform === "woocommerce" && session.shop.installState === "installed";
  if (!live) throw redirect(`${SIGNED_OUT_PATH}?ended=1`, { headers: noStore });
  if (request.method !== "GET" && request.method !== "HEAD") {
    const origin = request.headers.get("origin");
    if (origin !== null && origin !== new URL(env.SHOPIFY_APP_URL).origin)
      throw new Response("This request came from another site.", { status: 403 });
  }
  return session;
}

/** POST /woocommerce/logout: the session row goes and the cookie is cleared. */
export async function logOut(request: Request): Promise<Response> {
  const value = await cookieValue(request);
  if (value !== null) await deleteWooAdminSession(db, value);
  return redirect(SIGNED_OUT_PATH, {
    headers: { ...noStore, "Set-Cookie": await sessionCookie.serialize("", { maxAge: 0 }) },
  });
}
