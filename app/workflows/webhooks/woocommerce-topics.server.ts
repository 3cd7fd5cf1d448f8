// The work per WooCommerce webhook topic, after the front door (app/http/woocommerce-webhook.server.ts)
// checked the signature and counted the delivery once.
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { upsertCustomers, upsertOrders } from "~/models/ingest.server";
import { applyOrderToLedger, isMember } from "~/models/loyalty-ledger.server";
import { wooId } from "~/platforms/woocommerce/order-status";
import { PayloadError } from "~/core/payload-error";
import { WooNotAnOrderError, wooCustomerFromRest, wooOrderFromRest } from "~/platforms/woocommerce/rest-payloads";
import { rejectIfAny } from "./orders.server";

const deletedBody = z.object({ id: z.union([z.number().int().positive(), z.string().regex(/^\d+$/)]) }).passthrough();

/** The topic's work; true when something may have changed. Unknown topics are acknowledged. */
export async function handleWooTopic(db: Db, shopId: string, topic: string, payload: unknown): Promise<boolean> {
  switch (topic) {
    case "order.created":
    case "order.updated":
    case "order.restored": {
      let record;
      try {
        record = wooOrderFromRest(payload);
      } catch (e) {
        // A draft (checkout-draft) is not an order yet; a trashed one arrives as order.deleted too.
        if (e instanceof WooNotAnOrderError) return false;
        throw e;
      }
      // Customer first: the order then never names a customer the table does not hold.
      if (record.customer) rejectIfAny(await upsertCustomers(db, shopId, [record.customer]));
      rejectIfAny(await upsertOrders(db, shopId, [record.order]));
      const customerId = record.order.customerId;
      if (customerId && (await isMember(db, shopId, customerId))) await applyOrderToLedger(db, shopId, record.order.id);
      return true;
    }
    case "order.deleted": {
      const body = deletedBody.safeParse(payload);
      if (!body.success) throw new PayloadError(`malformed WooCommerce order.deleted delivery: id is required`);
      const removed = await db.order.deleteMany({ where: { shopId, id: wooId(body.data.id) } });
      return removed.count > 0;
    }
    case "customer.created":
    case "customer.updated":
      rejectIfAny(await upsertCustomers(db, shopId, [wooCustomerFromRest(payload)]));
      return true;
    default:
      return false;
  }
}
