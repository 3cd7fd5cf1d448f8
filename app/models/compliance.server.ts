// AVG/GDPR: what we hold about a customer, erasing it, and erasing a whole shop. Every
// statement is scoped to the shop the request came from.
import type { Db } from "~/db/client.server";
import { normalizeEmail } from "~/core/records";

export interface CustomerRef {
  customerId: string | null;
  email: string | null;
  orderIds?: string[];
}

/** The customer's rows, matched by platform id, by normalised e-mail (guest orders) and by the order ids Shopify names. */
function customerOrderFilter(shopId: string, ref: CustomerRef) {
  const email = normalizeEmail(ref.email);
  const or: object[] = [];
  if (ref.customerId) or.push({ customerId: ref.customerId });
  // Guest orders by e-mail (partial index); orders under a customer id are matched by that id.
  if (email) or.push({ customerId: null, email });
  if (ref.orderIds?.length) or.push({ id: { in: ref.orderIds } });
  return or.length ? { shopId, OR: or } : null;
}

export async function customerDataExport(db: Db, shopId: string, ref: CustomerRef) {
  const email = normalizeEmail(ref.email);
  const orderWhere = customerOrderFilter(shopId, ref);
  const byCustomer = ref.customerId ? { shopId, customerId: ref.customerId } : null;
  const [customers, orders, surveyAnswers, loyaltyAccount, loyaltyLedger, rewardCodes] = await Promise.all([
    db.customer.findMany({
      where: { shopId, OR: [...(ref.customerId ? [{ id: ref.customerId }] : []), ...(email ? [{ email }] : [])] },
    }),
    orderWhere
      ? db.order.findMany({ where: orderWhere, include: { refunds: true }, orderBy: { processedAt: "asc" } })
      : [],
    ref.customerId ? db.surveyAnswer.findMany({ where: { shopId, customerId: ref.customerId } }) : [],
    byCustomer ? db.loyaltyAccount.findMany({ where: byCustomer }) : [],
    byCustomer ? db.loyaltyEntry.findMany({ where: byCustomer, orderBy: { createdAt: "asc" } }) : [],
    byCustomer ? db.rewardCode.findMany({ where: byCustomer }) : [],
  ]);
  return {
    customers,
    orders,
    surveyAnswers,
    loyalty: { account: loyaltyAccount[0] ?? null, ledger: loyaltyLedger, rewardCodes },
  };
}

/** customers/data_request: records the request with the data held, as JSON the merchant can pass on. */
export async function recordDataRequest(db: Db, shopId: string, ref: CustomerRef) {
  const data = await customerDataExport(db, shopId, ref);
  const result = JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  return db.complianceRequest.create({
    data: {
      shopId,
      kind: "customers/data_request",
      customerId: ref.customerId,
      email: normalizeEmail(ref.email),
      completedAt: new Date(),
      result,
    },
  });
}

/** customers/redact: erases the customer's personal data and orders from our database. */
export async function redactCustomer(db: Db, shopId: string, ref: CustomerRef) {
  const email = normalizeEmail(ref.email);
  const orderWhere = customerOrderFilter(shopId, ref);
  const counts = await db.$transaction(async (tx) => {
    const orders = orderWhere ? await tx.order.deleteMany({ where: orderWhere }) : { count: 0 }; // refunds cascade
    const surveyAnswers = ref.customerId
      ? await tx.surveyAnswer.deleteMany({ where: { shopId, customerId: ref.customerId } })
      : { count: 0 };
    const customers = await tx.customer.deleteMany({
      where: { shopId, OR: [...(ref.customerId ? [{ id: ref.customerId }] : []), ...(email ? [{ email }] : [])] },
    });
    // Derived rows: the analytics insight and the loyalty program's account, ledger and codes.
    const keys = [...(ref.customerId ? [`c:${ref.customerId}`] : []), ...(email ? [`e:${email}`] : [])];
    const insights = await tx.customerInsight.deleteMany({
      where: { shopId, OR: [{ customerKey: { in: keys } }, ...(email ? [{ email }] : [])] },
    });
    let loyalty = 0;
    if (ref.customerId) {
      const where = { shopId, customerId: ref.customerId };
      // What the win-back push last wrote to the customer in Shopify (Shopify erases the customer itself).
      await tx.segmentPush.deleteMany({ where });
      loyalty += (await tx.loyaltyEntry.deleteMany({ where })).count;
      loyalty += (await tx.rewardCode.deleteMany({ where })).count;
      loyalty += (await tx.loyaltyAccount.deleteMany({ where })).count;
    }
    // Earlier data requests hold a copy of the data: it goes too.
    const requests = await tx.complianceRequest.updateMany({
      where: {
        shopId,
        kind: "customers/data_request",
        OR: [{ customerId: ref.customerId ?? "" }, { email: email ?? "" }],
      },
      data: { result: null, email: null },
    });
    return {
      orders: orders.count,
      surveyAnswers: surveyAnswers.count,
      customers: customers.count,
      dataRequests: requests.count,
      insights: insights.count,
      loyaltyRows: loyalty,
    };
  });
  await db.complianceRequest.create({
    data: {
      shopId,
      kind: "customers/redact",
      customerId: ref.customerId,
      completedAt: new Date(),
      result: JSON.stringify(counts),
    },
  });
  return counts;
}

/** shop/redact (48 hours after uninstall): everything of the shop goes; its tables cascade from the shop row. */
export async function redactShop(db: Db, shopId: string, domain: string) {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.delete({ where: { id: shopId } }),
  ]);
}

/** app/uninstalled: the access token is dead; keep the data until shop/redact in case of re-install. */
export async function markShopUninstalled(db: Db, shopId: string, domain: string, at = new Date()) {
  await db.$transaction([
    db.session.deleteMany({ where: { shop: domain } }),
    db.shop.update({ where: { id: shopId }, data: { installState: "uninstalled", uninstalledAt: at } }),
  ]);
}
