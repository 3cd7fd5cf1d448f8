import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { appSecretKey } from "~/crypto/app-key.server";
import db from "~/db/client.server";
import { WooApiError } from "~/platforms/woocommerce/rest-client.server";
import { WooConnectError } from "~/platforms/woocommerce/site";
import { acceptWooKeys } from "~/workflows/woocommerce-connect.server";

// WooCommerce's app-authentication callback (see app/workflows/woocommerce-connect.server.ts):
// a JSON POST { key_id, user_id, consumer_key, consumer_secret, key_permissions }. Only a known,
// unexpired, unused nonce (user_id) with read_write keys that work against the store is
// accepted; anything else is a 4xx with the reason and nothing stored (WooCommerce then shows
// the merchant an error and revokes the keys it made). On success the first sync is queued.
const bodySchema = z.object({
  key_id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]).transform(String),
  user_id: z.string().min(1).max(200),
  consumer_key: z.string().regex(/^ck_[A-Za-z0-9]+$/, "not a WooCommerce consumer key (ck_...)"),
  consumer_secret: z.string().regex(/^cs_[A-Za-z0-9]+$/, "not a WooCommerce consumer secret (cs_...)"),
  key_permissions: z.string(),
});

const refuse = (status: number, message: string) =>
  new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return refuse(405, "POST the keys as JSON");
  let json: unknown;
  try {
    json = JSON.parse(await request.text());
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
  if (body.key_permissions !== "read_write") {
    return refuse(
      403,
      `the keys have ${body.key_permissions} access; the app needs read_write (to read orders and register its webhooks): approve the app again`,
    );
  }
  try {
    await acceptWooKeys(db, appSecretKey(), {
      nonce: body.user_id,
      keyId: body.key_id,
      consumerKey: body.consumer_key,
      consumerSecret: body.consumer_secret,
      permissions: body.key_permissions,
    });
    return new Response(null, { status: 200 });
  } catch (e) {
    if (e instanceof WooConnectError) return refuse(e.status, e.message);
    if (e instanceof WooApiError && e.kind === "auth")
      return refuse(403, `the keys do not work against the store: ${e.message}`);
    if (e instanceof WooApiError) return refuse(502, `the store could not be reached to check the keys: ${e.message}`);
    throw e;
  }
}
