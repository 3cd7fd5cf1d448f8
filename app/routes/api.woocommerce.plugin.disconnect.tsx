import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import db from "~/db/client.server";
import { pluginJson, withPluginRequest } from "~/http/woocommerce-plugin.server";
import { disconnectWooStore } from "~/models/woocommerce-connection.server";

// C4: POST /api/woocommerce/plugin/disconnect (signed, S) { reason: "disconnect" | "deactivate"
// | "uninstall" } -> { disconnected: true }. The app stops syncing and keeps the data; asking
// twice is the same as asking once.
const bodySchema = z.object({ reason: z.enum(["disconnect", "deactivate", "uninstall"]) });

export const action = ({ request }: ActionFunctionArgs) => {
  if (request.method !== "POST") return pluginJson({ error: "Use POST." }, 405);
  return withPluginRequest(request, async ({ store, body }) => {
    let reason: unknown;
    try {
      reason = JSON.parse(body ?? "");
    } catch {
      return pluginJson({ error: "The request body must be JSON." }, 400);
    }
    if (!bodySchema.safeParse(reason).success)
      return pluginJson({ error: "reason must be disconnect, deactivate or uninstall." }, 400);
    if (!store.disconnectedAt) await disconnectWooStore(db, store.shop.id);
    return pluginJson({ disconnected: true });
  });
};
