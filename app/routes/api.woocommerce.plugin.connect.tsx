import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { appSecretKey } from "~/crypto/app-key.server";
import db from "~/db/client.server";
import { env } from "~/env.server";
import { MAX_PLUGIN_BODY_BYTES, pluginJson } from "~/http/woocommerce-plugin.server";
import { WooConnectError } from "~/platforms/woocommerce/site";
import { beginWooConnect } from "~/workflows/woocommerce-connect.server";

// C1 of the plugin protocol: POST /api/woocommerce/plugin/connect, server to server from the
// plugin, { store_url, plugin_secret, return_url, plugin_version, wp_user_id } ->
// { authorize_url } on that store. Nothing is fetched from the store here; the secret only
// counts once the store proves it in the callback (C2).
const bodySchema = z.object({
  store_url: z.string({ required_error: "store_url is required" }).max(2048),
  plugin_secret: z
    .string({ required_error: "plugin_secret is required" })
    .regex(/^[0-9a-f]{64}$/, "plugin_secret must be 64 hex characters"),
  return_url: z.string({ required_error: "return_url is required" }).max(2048),
  plugin_version: z
    .string()
    .regex(/^[0-9A-Za-z.+-]{1,32}$/, "plugin_version is not a version")
    .nullish()
    .transform((v) => v ?? null),
  wp_user_id: z
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .nullish()
    .transform((v) => v ?? null),
});

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return pluginJson({ error: "Use POST." }, 405);
  const text = await request.text();
  if (text.length > MAX_PLUGIN_BODY_BYTES) return pluginJson({ error: "The request is too large." }, 413);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return pluginJson({ error: "The request body must be JSON." }, 400);
  }
  const parsed = bodySchema.safeParse(json);
  if (!parsed.success) return pluginJson({ error: parsed.error.issues[0]?.message ?? "Invalid request." }, 400);
  const body = parsed.data;
  try {
    const { authorizeUrl } = await beginWooConnect(
      db,
      appSecretKey(),
      {
        storeUrl: body.store_url,
        pluginSecret: body.plugin_secret,
        returnUrl: body.return_url,
        pluginVersion: body.plugin_version,
        wpUserId: body.wp_user_id,
      },
      env.SHOPIFY_APP_URL,
    );
    return pluginJson({ authorize_url: authorizeUrl });
  } catch (e) {
    if (e instanceof WooConnectError) return pluginJson({ error: e.message }, e.status);
    throw e;
  }
}
