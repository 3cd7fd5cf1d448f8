// AVG/GDPR: what we hold about a customer (the export the merchant downloads from the admin),
// erasing it without a trace of the person's identifiers, and erasing a whole shop. Every
// statement is scoped to the shop the request came from.
import crypto from "node:crypto";
import type { Db } from "~/db/client.server";
import { normalizeEmail } from "~/core/records";
import { balance } from "~/loyalty/ledger";
import { isUniqueViolation, toEntry, type Tx } from "./loyalty-ledger.server";

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

/** The ids of the person's orders (by customer id, guest e-mail and the ids Shopify names). */
async function personOrderIds(db: Db | Tx, shopId: string, ref: CustomerRef): Promise<string[]> {
  const where = customerOrderFilter(shopId, ref);
  const held = where ? await db.order.findMany({ where, select: { id: true } }) : [];
  return [...new Set([...held.map((o) => o.id), ...(ref.orderIds ?? [])])];
}

const insightKeys = (ref: CustomerRef, email: string | null) => [
  ...(ref.customerId ? [`c:${ref.customerId}`] : []),
  ...(email ? [`e:${email}`] : []),
];

/**
 * Everything held about the person, table by table (every customer-keyed table of
 * prisma/schema.prisma): customer rows, orders with refunds, survey answers (their own and those
 * given for their orders), the analytics insight profile, the loyalty account, ledger and codes,
 * and what the win-back push last wrote to them. Another customer's id (who referred them) is
 * not theirs to receive: only whether there was one.
 */
export async function customerDataExport(db: Db, shopId: string, ref: CustomerRef) {
  const email = normalizeEmail(ref.email);
  const orderWhere = customerOrderFilter(shopId, ref);
  const byCustomer = ref.customerId ? { shopId, customerId: ref.customerId } : null;
  const orderIds = await personOrderIds(db, shopId, ref);
  const [customers, orders, surveyAnswers, insights, loyaltyAccount, loyaltyLedger, rewardCodes, segmentPush] =
    await Promise.all([
      db.customer.findMany({
        where: { shopId, OR: [...(ref.customerId ? [{ id: ref.customerId }] : []), ...(email ? [{ email }] : [])] },
      }),
      orderWhere
        ? db.order.findMany({ where: orderWhere, include: { refunds: true }, orderBy: { processedAt: "asc" } })
        : [],
      db.surveyAnswer.findMany({
        where: {
          shopId,
          OR: [...(ref.customerId ? [{ customerId: ref.customerId }] : []), { orderId: { in: orderIds } }],
        },
        select: { id: true, customerId: true, orderId: true, score: true, comment: true, answeredAt: true },
        orderBy: { answeredAt: "asc" },
      }),
      db.customerInsight.findMany({
        where: {
          shopId,
          OR: [
            { customerKey: { in: insightKeys(ref, email) } },
            ...(ref.customerId ? [{ customerId: ref.customerId }] : []),
            ...(email ? [{ email }] : []),
          ],
        },
      }),
      byCustomer ? db.loyaltyAccount.findMany({ where: byCustomer }) : [],
      byCustomer ? db.loyaltyEntry.findMany({ where: byCustomer, orderBy: { createdAt: "asc" } }) : [],
      byCustomer ? db.rewardCode.findMany({ where: byCustomer }) : [],
      byCustomer ? db.segmentPush.findMany({ where: byCustomer }) : [],
    ]);
  const account = loyaltyAccount[0] ?? null;
  return {
    customers,
    orders,
    surveyAnswers,
    insights,
    loyalty: {
      account: account && { ...account, referredBy: account.referredBy ? "another customer" : null },
      ledger: loyaltyLedger,
      rewardCodes,
    },
    winbackPush: segmentPush,
  };
}

/** The export as JSON text (BigInt money as strings). */
export const exportJson = (data: unknown) =>
  JSON.stringify(data, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2);

/** customers/data_request: records the request with the data held, as JSON the merchant can pass on. */
export async function recordDataRequest(db: Db, shopId: string, ref: CustomerRef) {
  const data = await customerDataExport(db, shopId, ref);
  return db.complianceRequest.create({
    data: {
      shopId,
      kind: "customers/data_request",
      customerId: ref.customerId,
      email: normalizeEmail(ref.email),
      completedAt: new Date(),
      result: exportJson(data),
    },
  });
}

/** The shop's data requests, newest first, and whether each still holds its export (a later redact erases it). */
export async function listDataRequests(db: Db, shopId: string, take = 50) {
  const rows = await db.complianceRequest.findMany({
    where: { shopId, kind: "customers/data_request" },
    orderBy: { requestedAt: "desc" },
    take,
    select: { id: true, customerId: true, email: true, requestedAt: true },
  });
  const held = await db.complianceRequest.findMany({
    where: { shopId, id: { in: rows.map((r) => r.id) }, result: { not: null } },
    select: { id: true },
  });
  const available = new Set(held.map((r) => r.id));
  return rows.map((r) => ({ ...r, available: available.has(r.id) }));
}

/** One data request's export, or null (another shop's, unknown, or erased by a later redact). */
export async function dataRequestExport(db: Db, shopId: string, id: string) {
  const row = await db.complianceRequest.findUnique({ where: { shopId_id: { shopId, id } } });
  if (!row || row.kind !== "customers/data_request" || row.result === null) return null;
  return { id: row.id, requestedAt: row.requestedAt, json: row.result };
}

/**
 * customers/redact: erases the customer's personal data and orders, and leaves no identifier of
 * the person anywhere. What other customers keep stays theirs but points at a random pseudonym:
 * the account they were referred by (referredBy), the referrer's reward entry (keyed
 * `referral:<friend id>`, with the friend's order id) and the compliance log itself. The
 * pseudonym is random and stored nowhere with the id, so nothing leads back to the person.
 */
export async function redactCustomer(db: Db, shopId: string, ref: CustomerRef, opts: { logId?: string } = {}) {
  const email = normalizeEmail(ref.email);
  const orderWhere = customerOrderFilter(shopId, ref);
  const pseudonym = `redacted-${crypto.randomBytes(12).toString("base64url")}`;
  const counts = await db.$transaction(async (tx) => {
    const orderIds = await personOrderIds(tx, shopId, ref);
    const surveyAnswers = await tx.surveyAnswer.deleteMany({
      where: {
        shopId,
        OR: [...(ref.customerId ? [{ customerId: ref.customerId }] : []), { orderId: { in: orderIds } }],
      },
    });
    const orders = orderWhere ? await tx.order.deleteMany({ where: orderWhere }) : { count: 0 }; // refunds cascade
    const customers = await tx.customer.deleteMany({
      where: { shopId, OR: [...(ref.customerId ? [{ id: ref.customerId }] : []), ...(email ? [{ email }] : [])] },
    });
    // Derived rows: the analytics insight and the loyalty program's account, ledger and codes.
    const insights = await tx.customerInsight.deleteMany({
      where: {
        shopId,
        OR: [
          { customerKey: { in: insightKeys(ref, email) } },
          ...(ref.customerId ? [{ customerId: ref.customerId }] : []),
          ...(email ? [{ email }] : []),
        ],
      },
    });
    let loyalty = 0;
    let links = 0;
    if (ref.customerId) {
      const id = ref.customerId;
      const where = { shopId, customerId: id };
      // What the win-back push last wrote to the customer in Shopify (Shopify erases the customer itself).
      await tx.segmentPush.deleteMany({ where });
      loyalty += (await tx.loyaltyEntry.deleteMany({ where })).count;
      loyalty += (await tx.rewardCode.deleteMany({ where })).count;
      loyalty += (await tx.loyaltyAccount.deleteMany({ where })).count;
      // Other customers' rows that name the person.
      links += (
        await tx.loyaltyAccount.updateMany({ where: { shopId, referredBy: id }, data: { referredBy: pseudonym } })
      ).count;
      for (const [from, to] of [
        [`referral:${id}`, `referral:${pseudonym}`],
        [`referral:${id}:reverse`, `referral:${pseudonym}:reverse`],
      ])
        links += (await tx.loyaltyEntry.updateMany({ where: { shopId, key: from }, data: { key: to, orderId: null } }))
          .count;
    }
    // Anything else naming one of the person's orders (a referrer's reward earned on it).
    if (orderIds.length)
      links += (
        await tx.loyaltyEntry.updateMany({ where: { shopId, orderId: { in: orderIds } }, data: { orderId: null } })
      ).count;
    // Earlier requests about the person: a data request's copy of the data goes, and no log row keeps the id.
    const requests = await tx.complianceRequest.updateMany({
      where: {
        shopId,
        OR: [...(ref.customerId ? [{ customerId: ref.customerId }] : []), ...(email ? [{ email }] : [])],
      },
      data: { result: null, email: null, customerId: pseudonym },
    });
    return {
      orders: orders.count,
      surveyAnswers: surveyAnswers.count,
      customers: customers.count,
      dataRequests: requests.count,
      insights: insights.count,
      loyaltyRows: loyalty,
      pseudonymisedLinks: links,
    };
  });
  await db.complianceRequest.create({
    data: {
      shopId,
      id: opts.logId,
      kind: "customers/redact",
      customerId: pseudonym,
      completedAt: new Date(),
      result: JSON.stringify(counts),
    },
  });
  return counts;
}

/**
 * A shopper as WordPress's privacy tools name them: the e-mail address of the request and, when
 * the store has an account with it, that account's customer id ("woo-7"). `requestId` is the
 * store's id of the privacy request: the same request asked again is answered once.
 */
export interface ShopperRequest {
  email: string;
  customerId: string | null;
  requestId: string | null;
}

/**
 * The person's customer ids in the shop: the one the store names, and those of customer rows and
 * loyalty accounts with the e-mail (an account deleted in the store earlier, or an e-mail the
 * store has since changed on the account still lead to the same person). A guest: none.
 */
async function shopperRefs(db: Db, shopId: string, shopper: ShopperRequest): Promise<CustomerRef[]> {
  const email = normalizeEmail(shopper.email);
  const ids = new Set<string>(shopper.customerId ? [shopper.customerId] : []);
  if (email) {
    const [customers, accounts] = await Promise.all([
      db.customer.findMany({ where: { shopId, email }, select: { id: true } }),
      db.loyaltyAccount.findMany({ where: { shopId, email }, select: { customerId: true } }),
    ]);
    for (const c of customers) ids.add(c.id);
    for (const a of accounts) ids.add(a.customerId);
  }
  return ids.size ? [...ids].map((customerId) => ({ customerId, email })) : [{ customerId: null, email }];
}

type CustomerExport = Awaited<ReturnType<typeof customerDataExport>>;

/** Whether an export holds anything about the person. */
const holdsData = (d: CustomerExport) =>
  d.customers.length + d.orders.length + d.surveyAnswers.length + d.insights.length + d.loyalty.ledger.length > 0 ||
  d.loyalty.account !== null ||
  d.loyalty.rewardCodes.length + d.winbackPush.length > 0;

/**
 * A data request from the store's privacy tools: what the shop holds about the person (one
 * export per customer id, with the points balance worked out), recorded like Shopify's
 * customers/data_request so the merchant finds it under Settings. The same request asked again
 * refreshes its record instead of adding one. Nothing held: an empty list and no record.
 */
export async function shopperDataRequest(db: Db, shopId: string, shopper: ShopperRequest, now = new Date()) {
  const refs = await shopperRefs(db, shopId, shopper);
  const exports = (await Promise.all(refs.map((ref) => customerDataExport(db, shopId, ref)))).filter(holdsData);
  if (exports.length === 0) return { requestId: null, exports: [] };
  const withBalance = exports.map((d) => ({
    ...d,
    loyalty: {
      ...d.loyalty,
      balance: d.loyalty.ledger.length ? balance(d.loyalty.ledger.map(toEntry), now) : null,
    },
  }));
  const record = {
    customerId: refs[0].customerId,
    email: normalizeEmail(shopper.email),
    completedAt: now,
    result: exportJson(withBalance.length === 1 ? withBalance[0] : withBalance),
  };
  const id = shopper.requestId ?? undefined;
  const row = id
    ? await db.complianceRequest.upsert({
        where: { shopId_id: { shopId, id } },
        create: { shopId, id, kind: "customers/data_request", ...record },
        update: record,
      })
    : await db.complianceRequest.create({ data: { shopId, kind: "customers/data_request", ...record } });
  return { requestId: row.id, exports: withBalance };
}

export type ShopperExport = Awaited<ReturnType<typeof shopperDataRequest>>["exports"][number];

type RedactCounts = Awaited<ReturnType<typeof redactCustomer>>;

/**
 * An erasure from the store's privacy tools: the customers/redact erasure for each of the
 * person's customer ids (or their guest e-mail). Asked again for the same request, the first
 * answer is returned and nothing is erased or recorded twice; a later request finds nothing left.
 */
export async function redactShopper(
  db: Db,
  shopId: string,
  shopper: ShopperRequest,
): Promise<{ counts: RedactCounts; repeated: boolean }> {
  const earlier = async () => {
    if (!shopper.requestId) return null;
    const row = await db.complianceRequest.findUnique({ where: { shopId_id: { shopId, id: shopper.requestId } } });
    return row?.kind === "customers/redact" && row.result
      ? { counts: JSON.parse(row.result) as RedactCounts, repeated: true }
      : null;
  };
  const done = await earlier();
  if (done) return done;
  const refs = await shopperRefs(db, shopId, shopper);
  const counts: RedactCounts = {
    orders: 0,
    surveyAnswers: 0,
    customers: 0,
    dataRequests: 0,
    insights: 0,
    loyaltyRows: 0,
    pseudonymisedLinks: 0,
  };
  try {
    for (const [i, ref] of refs.entries()) {
      const logId = shopper.requestId ? (i === 0 ? shopper.requestId : `${shopper.requestId}:${i}`) : undefined;
      const one = await redactCustomer(db, shopId, ref, { logId });
      for (const k of Object.keys(counts) as (keyof RedactCounts)[]) counts[k] += one[k];
    }
  } catch (e) {
    // The same request running at the same time: the other one recorded it (and erased the same rows).
    const other = isUniqueViolation(e) ? await earlier() : null;
    if (other) return other;
    throw e;
  }
  if (shopper.requestId && refs.length > 1)
    await db.complianceRequest.update({
      where: { shopId_id: { shopId, id: shopper.requestId } },
      data: { result: JSON.stringify(counts) },
    });
  return { counts, repeated: false };
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
