import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { appSecretKey } from "~/crypto/app-key.server";
import db from "~/db/client.server";
import { WooConnectError } from "~/platforms/woocommerce/site";
import { acceptWooKeys, WooCallbackRefused } from "~/workflows/woocommerce-connect.server";

// WooCommerce's app-authentication callback (C2, see app/workflows/woocommerce-connect.server.ts):
// a JSON POST { key_id, user_id, consumer_key, consumer_secret, key_permissions }. The nonce
// (user_id) is claimed before the store is contacted, the store must prove the plugin secret,
// and the keys must work against it; anything else is a 4xx/5xx naming the kind of problem
// (never what the store answered) with nothing stored. WooCommerce then shows the merchant an
// error and revokes the keys it made. On success the first sync is queued.
const bodySchema = z.object({
  key_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String),
  user_id: z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "not a connect request id"),
  consumer_key: z.string().regex(/^ck_[A-Za-z0-9]+$/, "not a WooCommerce consumer key (ck_...)"),
  consumer_secret: z.string().regex(/^cs_[A-Za-z0-9]+$/, "not a WooCommerce consumer secret (cs_...)"),
  key_permissions: z.string().max(32),
});

const MAX_BODY_BYTES = 8192;

const refuse = (status: number, message: string) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return refuse(405, "POST the keys as JSON");
  const text = await request.text();
  if (text.length > MAX_BODY_BYTES) return refuse(413, "the body is too large");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return refuse(
      400,
      "the body is not JSON: expected { key_id, user_id, consumer_key, consumer_secret, key_permissions }",
    );
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success)
    return refuse(
      400,
      `malformed callback: ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`,
    );
  const body = parsed.data;
  // Checked before the nonce is claimed: it needs no store, and the merchant may approve again.
  if (body.key_permissions !== "read_write") {
    return refuse(
      403,
      "the keys do not have read_write access; the app needs it (to read orders and register its webhooks): approve the app again",
    );
  }
  try {
    await acceptWooKeys(db, appSecretKey(), body.user_id, {
      keyId: body.key_id,
      consumerKey: body.consumer_key,
      consumerSecret: body.consumer_secret,
      permissions: body.key_permissions,
    });
    return new Response(null, { status: 200 });
  } catch (e) {
    if (e instanceof WooConnectError || e instanceof WooCallbackRefused) return refuse(e.status, e.message);
    throw e;
  }
}
