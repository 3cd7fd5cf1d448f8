// Turns order facts into the compact form every metric reads: counted purchases only
// (cancelled and fully refunded orders are not purchases; partial refunds reduce the
// amount), each on its local calendar day, grouped by customer and sorted by day, in
// typed arrays so a million orders cost tens of megabytes, not hundreds. Orders the analysis
// cannot place are left out and counted by reason, never a reason to stop: one in a second
// currency (amounts in two currencies do not add up), or one dated after the observation end
// (a platform clock ahead of ours; it counts once its time has come).
import { LocalCalendar } from "~/core/calendar";
import { isKnownCurrency } from "~/core/currencies";
import { InvalidInputError } from "./errors";
import { isOrderColumns, orderColumnsOf } from "./order-columns";
import type { OrderColumns, OrderFact } from "./types";

export interface PrepareOptions {
  timeZone: string; // IANA, the shop's
  observationEnd: Date; // orders after it are left out (and counted)
  currency?: string; // reporting currency; default: the first order's (orders in another are left out)
}

export interface PreparedOrders {
  timeZone: string;
  currency: string;
  observationEndDay: number; // local day of the observation end
  customerKeys: string[]; // "c:<platform id>" or "e:<email>" for guests without an account
  /** Offsets into the purchase arrays: customer i owns [start[i], start[i+1]). */
  start: Int32Array;
  day: Int32Array; // local day of each counted purchase
  net: Float64Array; // net amount of each counted purchase, minor units
  excluded: Exclusions;
}

/** Orders left out of the analysis, by reason. */
export interface Exclusions {
  cancelled: number;
  fullyRefunded: number;
  unattributed: number; // no customer and no e-mail
  otherCurrency: number; // not in the reporting currency
  afterObservationEnd: number; // dated after the observation end
}

const normEmail = (e: string | null) => (e ? e.trim().toLowerCase() || null : null);

/** Orders as OrderFact objects (tests, small callers) or as columns (a database read of a million orders). */
export function prepareOrders(orders: readonly OrderFact[] | OrderColumns, opts: PrepareOptions): PreparedOrders {
  const o = isOrderColumns(orders) ? orders : orderColumnsOf(orders);
  const calendar = new LocalCalendar(opts.timeZone);
  const endMs = opts.observationEnd.getTime();
  if (!Number.isFinite(endMs)) throw new InvalidInputError("observationEnd is not a valid date");
  let currency = opts.currency?.toUpperCase();
  if (currency && !isKnownCurrency(currency)) throw new InvalidInputError(`unknown currency "${opts.currency}"`);
  const n = o.length;
  const label = (i: number) => (o.orderId ? o.orderId(i) : `#${i + 1} (by id)`);

  // Guest orders join the account that uses the same e-mail address (the first account, in
  // order, that uses it). Only needed when there are guest orders; each stored address is
  // normalised once.
  const accountByEmail = new Map<string, number>();
  let guests = false;
  for (let i = 0; i < n && !guests; i++) guests = o.customer[i] < 0 && o.email[i] >= 0;
  if (guests) {
    const seen = new Uint8Array(o.emails.length);
    for (let i = 0; i < n; i++) {
      const e = o.email[i];
      if (o.customer[i] < 0 || e < 0 || seen[e]) continue;
      seen[e] = 1;
      const email = normEmail(o.emails[e]);
      if (email && !accountByEmail.has(email)) accountByEmail.set(email, o.customer[i]);
    }
  }

  // Customer index by platform customer and, for guests, by normalised e-mail, resolved once
  // per distinct stored value: no key string built per order.
  const customerOfId = new Int32Array(o.customerIds.length).fill(-1);
  const UNRESOLVED = -2;
  const accountOfEmail = new Int32Array(o.emails.length).fill(UNRESOLVED); // platform customer, or -1
  const guestOfEmail = new Int32Array(o.emails.length).fill(UNRESOLVED); // customer index, or -1 (no address)
  const byEmail = new Map<string, number>();
  const customerKeys: string[] = [];
  const orderCustomer = new Int32Array(n);
  const orderDay = new Int32Array(n);
  const orderNet = new Float64Array(n);
  let kept = 0;
  const excluded: Exclusions = {
    cancelled: 0,
    fullyRefunded: 0,
    unattributed: 0,
    otherCurrency: 0,
    afterObservationEnd: 0,
  };

  // Each stored currency spelling is checked once: null until checked, "" when unknown.
  const upperOf: (string | null)[] = o.currencies.map(() => null);
  for (let i = 0; i < n; i++) {
    const k = o.currency[i];
    let c = k >= 0 ? upperOf[k] : "";
    if (c === null) {
      c = o.currencies[k].toUpperCase();
      if (!isKnownCurrency(c)) c = "";
      upperOf[k] = c;
    }
    if (!c) throw new InvalidInputError(`order ${label(i)}: unknown currency "${k >= 0 ? o.currencies[k] : ""}"`);
    if (!currency) currency = c;
    const total = o.totalMinor[i],
      refunded = o.refundedMinor[i];
    if (!Number.isInteger(total) || total < 0)
      throw new InvalidInputError(`order ${label(i)}: total must be a whole number of minor units >= 0, got ${total}`);
    if (!Number.isInteger(refunded) || refunded < 0)
      throw new InvalidInputError(`order ${label(i)}: refunded amount must be a whole number >= 0, got ${refunded}`);
    if (refunded > total)
      throw new InvalidInputError(`order ${label(i)}: refunded ${refunded} exceeds the total ${total}`);
    const ms = o.processedAtMs[i];
    if (!Number.isFinite(ms)) throw new InvalidInputError(`order ${label(i)}: processedAt is not a valid date`);

    if (c !== currency) {
      excluded.otherCurrency++;
      continue;
    }
    if (ms > endMs) {
      excluded.afterObservationEnd++;
      continue;
    }
    if (o.cancelled[i]) {
      excluded.cancelled++;
      continue;
    }
    if (refunded >= total) {
      excluded.fullyRefunded++;
      continue;
    }
    let id = o.customer[i];
    let ci = -1;
    if (id < 0) {
      const e = o.email[i];
      if (e >= 0) {
        if (accountOfEmail[e] === UNRESOLVED) {
          const email = normEmail(o.emails[e]);
          accountOfEmail[e] = email ? (accountByEmail.get(email) ?? -1) : -1;
          if (accountOfEmail[e] < 0 && !email) guestOfEmail[e] = -1;
        }
        id = accountOfEmail[e];
        if (id < 0) {
          ci = guestOfEmail[e];
          if (ci === UNRESOLVED) {
            const email = normEmail(o.emails[e])!;
            let g = byEmail.get(email);
            if (g === undefined) {
              byEmail.set(email, (g = customerKeys.length));
              customerKeys.push(`e:${email}`);
            }
            guestOfEmail[e] = ci = g;
          }
        }
      }
    }
    if (id >= 0) {
      ci = customerOfId[id];
      if (ci < 0) {
        customerOfId[id] = ci = customerKeys.length;
        customerKeys.push(`c:${o.customerIds[id]}`);
      }
    }
    if (ci < 0) {
      excluded.unattributed++;
      continue;
    }
    orderCustomer[kept] = ci;
    orderDay[kept] = calendar.day(ms);
    orderNet[kept] = total - refunded;
    kept++;
  }

  // Counting sort by customer, then each customer's purchases by day.
  const customers = customerKeys.length;
  const start = new Int32Array(customers + 1);
  for (let i = 0; i < kept; i++) start[orderCustomer[i] + 1]++;
  for (let c = 0; c < customers; c++) start[c + 1] += start[c];
  const fill = start.slice(0, customers);
  const day = new Int32Array(kept);
  const net = new Float64Array(kept);
  for (let i = 0; i < kept; i++) {
    const at = fill[orderCustomer[i]]++;
    day[at] = orderDay[i];
    net[at] = orderNet[i];
  }
  for (let c = 0; c < customers; c++) {
    // Insertion sort: a customer's purchases are few and usually already in order.
    for (let i = start[c] + 1; i < start[c + 1]; i++) {
      const d = day[i],
        v = net[i];
      let j = i - 1;
      while (j >= start[c] && day[j] > d) {
        day[j + 1] = day[j];
        net[j + 1] = net[j];
        j--;
      }
      day[j + 1] = d;
      net[j + 1] = v;
    }
  }

  return {
    timeZone: opts.timeZone,
    currency: currency ?? "XXX", // ISO 4217 "no currency": there were no orders
    observationEndDay: calendar.day(endMs),
    customerKeys,
    start,
    day,
    net,
    excluded,
  };
}

export const customerCount = (p: PreparedOrders) => p.customerKeys.length;
