import type { LoaderFunctionArgs } from "@remix-run/node";
import db from "~/db/client.server";
import { pluginJson, withPluginRequest } from "~/http/woocommerce-plugin.server";
import { wooConnectionStatus } from "~/models/woocommerce-connection.server";

// C3: GET /api/woocommerce/plugin/status (signed, S) -> the connection as the app sees it:
// { connected, shop_id, store_name, last_sync_at, webhooks, orders, customers }.
export const loader = ({ request }: LoaderFunctionArgs) =>
  withPluginRequest(request, async ({ store }) => {
    const status = await wooConnectionStatus(db, store.shop.id);
    const connected = status.connected && store.shop.installState === "installed";
    return pluginJson({
      connected,
      shop_id: connected ? store.shop.id : null,
      store_name: store.shop.name,
      last_sync_at: status.lastSyncAt?.toISOString() ?? null,
      webhooks: !connected ? "disabled" : status.webhooksRegistered ? "ok" : "pending",
      orders: status.orders,
      customers: status.customers,
    });
  });
