// A WooCommerce customer as the loyalty and win-back features need it: the current e-mail
// address (GET /wp-json/wc/v3/customers/<id>) and the app's own meta data on the customer
// (PUT with meta_data). WooCommerce merges meta_data by key: entries the request does not name
// stay as they are, an entry with a known `key` is updated, and one whose value is null is deleted
// (MetaDataUtil::update, then WC_Data::save_meta_data). Keys starting with "_" are protected and
// silently dropped by the REST API, so the app's keys do not. The merchant's own meta is never
// named, so never touched. No database here.
import { WOO_ID_PREFIX } from "./order-status";
import { WooApiError, type WooClient } from "./rest-client.server";

/** WooCommerce's customer number from the app's id ("woo-7" -> "7"); null for another platform's id. */
export function wooCustomerNumber(customerId: string): string | null {
  if (!customerId.startsWith(WOO_ID_PREFIX)) return null;
  const n = customerId.slice(WOO_ID_PREFIX.length);
  return /^[1-9]\d{0,19}$/.test(n) ? n : null;
}

export interface WooMeta {
  id?: number;
  key: string;
  value: unknown;
}

export interface WooCustomerNow {
  exists: boolean;
  email: string | null;
  meta: WooMeta[];
}

/** The customer as the store holds it now; `exists` false when WooCommerce does not know the id (404). */
export async function fetchWooCustomer(client: WooClient, customerId: string): Promise<WooCustomerNow> {
  const number = wooCustomerNumber(customerId);
  if (!number) return { exists: false, email: null, meta: [] };
  try {
    const body = (await client.request("GET", `wc/v3/customers/${number}`, {
      params: { _fields: "id,email,meta_data" },
    })) as { email?: unknown; meta_data?: unknown };
    const email = typeof body?.email === "string" && body.email.trim() ? body.email.trim() : null;
    const meta = Array.isArray(body?.meta_data)
      ? (body.meta_data as WooMeta[]).filter((m) => m && typeof m.key === "string")
      : [];
    return { exists: true, email, meta };
  } catch (e) {
    // WooCommerce answers 400 woocommerce_rest_invalid_id (older versions 404) for an unknown customer.
    if (e instanceof WooApiError && e.kind === "http" && (e.status === 404 || /invalid_id/.test(e.message)))
      return { exists: false, email: null, meta: [] };
    throw e;
  }
}

/**
 * Writes `values` as the customer's meta (null deletes the key). Only these keys are sent;
 * WooCommerce leaves every other meta entry alone. Returns the customer's meta after the write.
 */
export async function putWooCustomerMeta(
  client: WooClient,
  customerId: string,
  values: Record<string, string | null>,
): Promise<WooMeta[]> {
  const number = wooCustomerNumber(customerId);
  if (!number) throw new Error(`not a WooCommerce customer id: ${customerId}`);
  const meta_data = Object.entries(values).map(([key, value]) => ({ key, value }));
  const body = (await client.request("PUT", `wc/v3/customers/${number}`, { body: { meta_data } })) as {
    meta_data?: unknown;
  };
  return Array.isArray(body?.meta_data) ? (body.meta_data as WooMeta[]) : [];
}
