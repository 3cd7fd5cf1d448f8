// Work for the lifecycle and mandatory compliance topics.
import { z } from "zod";
import { markShopUninstalled, recordDataRequest, redactCustomer, redactShop } from "~/models/compliance.server";
import { PayloadError } from "~/core/payload-error";
import type { WebhookWork } from "./webhook-work";

const id = z.union([z.string(), z.number()]).transform(String);
const customerRequest = z.object({
  customer: z.object({ id: id.nullish(), email: z.string().nullish() }),
  orders_to_redact: z.array(id).optional(),
  orders_requested: z.array(id).optional(),
});

function parseCustomerRequest(payload: unknown) {
  const r = customerRequest.safeParse(payload);
  if (!r.success)
    throw new PayloadError(
      `malformed compliance payload: ${r.error.issues.map((i) => i.path.join(".") + ": " + i.message).join("; ")}`,
    );
  return {
    customerId: r.data.customer.id ?? null,
    email: r.data.customer.email ?? null,
    orderIds: r.data.orders_to_redact ?? r.data.orders_requested ?? [],
  };
}

export async function onCustomersDataRequest({ db, shop, payload }: WebhookWork) {
  await recordDataRequest(db, shop.id, parseCustomerRequest(payload));
}

export async function onCustomersRedact({ db, shop, payload }: WebhookWork) {
  await redactCustomer(db, shop.id, parseCustomerRequest(payload));
}

export async function onShopRedact({ db, shop }: WebhookWork) {
  await redactShop(db, shop.id, shop.domain);
}

export async function onAppUninstalled({ db, shop }: WebhookWork) {
  await markShopUninstalled(db, shop.id, shop.domain);
}

export async function onScopesUpdate({ db, shop, payload }: WebhookWork) {
  const current = z.object({ current: z.array(z.string()) }).safeParse(payload);
  if (!current.success) throw new PayloadError("malformed app/scopes_update payload: current must be a list of scopes");
  await db.session.updateMany({ where: { shop: shop.domain }, data: { scope: current.data.current.join(",") } });
}
