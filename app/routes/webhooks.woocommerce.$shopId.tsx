import type { ActionFunctionArgs } from "@remix-run/node";
import { receiveWooWebhook } from "~/http/woocommerce-webhook.server";

// Every WooCommerce webhook topic of one connected store (ensureWooWebhooks): WooCommerce
// sends all topics to one delivery URL per webhook, and the shop is in the path because a
// WooCommerce delivery names its site only in an unsigned header.
export const action = ({ request, params }: ActionFunctionArgs) => receiveWooWebhook(request, params.shopId ?? "");
