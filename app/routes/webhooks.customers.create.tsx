import type { ActionFunctionArgs } from "@remix-run/node";
import { onCustomerCreate } from "~/webhooks/orders.server";
import { receiveShopifyWebhook } from "~/webhooks/receive.server";

// customers/create: the customer row is written and the shopper joins the loyalty program.
export const action = ({ request }: ActionFunctionArgs) => receiveShopifyWebhook(request, onCustomerCreate);
