// The NPS page's follow-up view: every answer tied to the customer who gave it (by their
// account, or through the order the survey followed: the order's customer, or its e-mail for
// a guest), the score month by month, the score per customer group, and the detractors to
// call back. Read live: answers are few next to orders (one per customer per survey period).
import { LocalCalendar, monthLabel, monthOfDay } from "~/core/calendar";
import { nps, type NpsResult } from "~/analytics";
import type { Db } from "~/db/client.server";

export const TREND_MONTHS = 12;
export const DETRACTORS_SHOWN = 50;
const IN_CHUNK = 500;

export interface NpsMonth extends NpsResult {
  month: string; // YYYY-MM in the shop's time zone
}

export interface Detractor {
  answerId: string;
  customerKey: string | null; // null: no customer page to link to
  identified: boolean;
  name: string | null;
  email: string | null;
  score: number;
  comment: string | null;
  answeredAt: string; // ISO instant
}

const chunks = <T>(xs: T[]) =>
  Array.from({ length: Math.ceil(xs.length / IN_CHUNK) }, (_, i) => xs.slice(i * IN_CHUNK, (i + 1) * IN_CHUNK));

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** The customer key ("c:<id>" or "e:<email>") of each answer, where one can be found. */
async function answerCustomerKeys(
  db: Db,
  shopId: string,
  answers: { id: string; customerId: string | null; orderId: string | null }[],
) {
  const orderIds = [...new Set(answers.flatMap((a) => (!a.customerId && a.orderId ? [a.orderId] : [])))];
  const orders = new Map<string, { customerId: string | null; email: string | null }>();
  for (const part of chunks(orderIds))
    for (const o of await db.order.findMany({
      where: { shopId, id: { in: part } },
      select: { id: true, customerId: true, email: true },
    }))
      orders.set(o.id, o);
  // A guest order's e-mail that belongs to an account is that account (as the analysis joins them).
  const guestEmails = [...new Set([...orders.values()].flatMap((o) => (!o.customerId && o.email ? [o.email] : [])))];
  const accountByEmail = new Map<string, string>();
  for (const part of chunks(guestEmails))
    for (const c of await db.customer.findMany({
      where: { shopId, email: { in: part }, redactedAt: null },
      select: { id: true, email: true },
      orderBy: { id: "asc" },
    }))
      if (c.email && !accountByEmail.has(c.email)) accountByEmail.set(c.email, c.id);
  const keys = new Map<string, string>();
  for (const a of answers) {
    if (a.customerId) keys.set(a.id, `c:${a.customerId}`);
    else if (a.orderId) {
      const o = orders.get(a.orderId);
      const account = o?.customerId ?? (o?.email ? accountByEmail.get(o.email) : undefined);
      if (account) keys.set(a.id, `c:${account}`);
      else if (o?.email) keys.set(a.id, `e:${o.email}`);
    }
  }
  return keys;
}

/**
 * Name and e-mail of the accounts among `keys` that the latest analysis does not hold yet (a customer
 * who answered before the next analytics run, or who has no paid order): the page names them at once.
 */
async function accountContacts(db: Db, shopId: string, keys: string[]) {
  const ids = keys.flatMap((k) => (k.startsWith("c:") ? [k.slice(2)] : []));
  const contacts = new Map<string, { name: string | null; email: string | null }>();
  for (const part of chunks(ids))
    for (const c of await db.customer.findMany({
      where: { shopId, id: { in: part }, redactedAt: null },
      select: { id: true, email: true, firstName: true, lastName: true },
    }))
      contacts.set(`c:${c.id}`, {
        name: [c.firstName, c.lastName].filter(Boolean).join(" ") || null,
        email: c.email,
      });
  return contacts;
}

export async function npsReport(db: Db, shopId: string, timeZone: string, now: Date) {
  const answers = await db.surveyAnswer.findMany({
    where: { shopId, answeredAt: { lte: now } },
    select: { id: true, customerId: true, orderId: true, score: true, comment: true, answeredAt: true },
    orderBy: { answeredAt: "desc" },
  });
  const keyOf = await answerCustomerKeys(db, shopId, answers);
  const insights = new Map<string, { segment: string; name: string | null; email: string | null }>();
  const loadInsights = async (keys: string[]) => {
    for (const part of chunks(keys))
      for (const i of await db.customerInsight.findMany({
        where: { shopId, customerKey: { in: part } },
        select: { customerKey: true, segment: true, name: true, email: true },
      }))
        insights.set(i.customerKey, i);
  };
  await loadInsights([...new Set(keyOf.values())]);
  const contacts = await accountContacts(
    db,
    shopId,
    [...new Set(keyOf.values())].filter((k) => !insights.has(k)),
  );
  // An account whose only orders were placed as a guest is in the analysis by its e-mail ("e:"):
  // its answers belong there.
  const byEmail = new Map([...contacts].flatMap(([key, c]) => (c.email ? [[key, `e:${c.email}`] as const] : [])));
  await loadInsights([...new Set(byEmail.values())]);
  for (const [answerId, key] of keyOf) {
    const alias = byEmail.get(key);
    if (insights.has(key) || !alias || !insights.has(alias)) continue;
    keyOf.set(answerId, alias);
    contacts.set(alias, contacts.get(key)!); // a guest's page has no name; the account has
  }

  // Month by month, the last TREND_MONTHS months in the shop's calendar (empty months too).
  const calendar = new LocalCalendar(timeZone);
  const thisMonth = monthOfDay(calendar.day(now.getTime()));
  const byMonth = new Map<number, { score: number }[]>();
  for (const a of answers) {
    const m = monthOfDay(calendar.day(a.answeredAt.getTime()));
    if (m <= thisMonth - TREND_MONTHS) continue;
    push(byMonth, m, a);
  }
  const trend: NpsMonth[] = Array.from({ length: TREND_MONTHS }, (_, i) => {
    const m = thisMonth - TREND_MONTHS + 1 + i;
    return { month: monthLabel(m), ...nps(byMonth.get(m) ?? []) };
  });

  // Per customer group, as the latest analysis placed the customer; "unknown" when the answer
  // cannot be tied to a customer of the analysis.
  const bySegment = new Map<string, { score: number }[]>();
  for (const a of answers) {
    const key = keyOf.get(a.id);
    const segment = (key && insights.get(key)?.segment) ?? "unknown";
    push(bySegment, segment, a);
  }
  const segments = [...bySegment.entries()].map(([segment, list]) => ({ segment, ...nps(list) }));

  const detractors: Detractor[] = answers
    .filter((a) => a.score <= 6)
    .slice(0, DETRACTORS_SHOWN)
    .map((a) => {
      const key = keyOf.get(a.id) ?? null;
      const insight = key ? insights.get(key) : undefined;
      const contact = key ? contacts.get(key) : undefined;
      return {
        answerId: a.id,
        // A link only to a customer page that exists (the customer is in the latest analysis).
        customerKey: insight ? key : null,
        /** Someone is known (an account or an order) even when they are not in the analysis. */
        identified: key !== null,
        name: insight?.name ?? contact?.name ?? null,
        email: insight?.email ?? contact?.email ?? (key?.startsWith("e:") ? key.slice(2) : null),
        score: a.score,
        comment: a.comment,
        answeredAt: a.answeredAt.toISOString(),
      };
    });
  // Tied to a customer of the latest analysis (an answer from an account without orders is not).
  const linked = answers.filter((a) => {
    const key = keyOf.get(a.id);
    return key !== undefined && insights.has(key);
  }).length;
  return { overall: nps(answers), trend, segments, detractors, linked, total: answers.length };
}
