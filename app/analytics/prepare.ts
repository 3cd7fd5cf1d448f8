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
import type { OrderFact } from "./types";

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

export function prepareOrders(facts: readonly OrderFact[], opts: PrepareOptions): PreparedOrders {
  const calendar = new LocalCalendar(opts.timeZone);
  const endMs = opts.observationEnd.getTime();
  if (!Number.isFinite(endMs)) throw new InvalidInputError("observationEnd is not a valid date");
  let currency = opts.currency?.toUpperCase();
  if (currency && !isKnownCurrency(currency)) throw new InvalidInputError(`unknown currency "${opts.currency}"`);

  // Guest orders join the account that uses the same e-mail address.
  // Only needed when there are guest orders; the same raw address is normalised once.
  const accountByEmail = new Map<string, string>();
  if (facts.some((f) => !f.customerId && f.email)) {
    const seen = new Set<string>();
    for (const f of facts) {
      if (!f.customerId || !f.email || seen.has(f.email)) continue;
      seen.add(f.email);
      const email = normEmail(f.email);
      if (email && !accountByEmail.has(email)) accountByEmail.set(email, f.customerId);
    }
  }

  // Customer index by platform id and, for guests, by e-mail: no key string built per order.
  const byId = new Map<string, number>();
  const byEmail = new Map<string, number>();
  const customerKeys: string[] = [];
  const n = facts.length;
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

  // Orders come in one or two currency spellings: the last one's check is reused, not redone per order.
  let checkedCurrency: string | null = null,
    checkedUpper = "";
  for (let i = 0; i < n; i++) {
    const f = facts[i];
    let c: string | undefined;
    if (f.currency === checkedCurrency) c = checkedUpper;
    else {
      c = f.currency?.toUpperCase();
      if (!c || !isKnownCurrency(c))
        throw new InvalidInputError(`order ${f.orderId}: unknown currency "${f.currency}"`);
      checkedCurrency = f.currency;
      checkedUpper = c;
    }
    if (!currency) currency = c;
    if (!Number.isInteger(f.totalMinor) || f.totalMinor < 0)
      throw new InvalidInputError(
        `order ${f.orderId}: total must be a whole number of minor units >= 0, got ${f.totalMinor}`,
      );
    if (!Number.isInteger(f.refundedMinor) || f.refundedMinor < 0)
      throw new InvalidInputError(
        `order ${f.orderId}: refunded amount must be a whole number >= 0, got ${f.refundedMinor}`,
      );
    if (f.refundedMinor > f.totalMinor)
      throw new InvalidInputError(`order ${f.orderId}: refunded ${f.refundedMinor} exceeds the total ${f.totalMinor}`);
    const ms = f.processedAt instanceof Date ? f.processedAt.getTime() : NaN;
    if (!Number.isFinite(ms)) throw new InvalidInputError(`order ${f.orderId}: processedAt is not a valid date`);

    if (c !== currency) {
      excluded.otherCurrency++;
      continue;
    }
    if (ms > endMs) {
      excluded.afterObservationEnd++;
      continue;
    }
    if (f.cancelled) {
      excluded.cancelled++;
      continue;
    }
    if (f.refundedMinor >= f.totalMinor) {
      excluded.fullyRefunded++;
      continue;
    }
    let id = f.customerId;
    let email: string | null = null;
    if (!id) {
      email = normEmail(f.email);
      id = email ? (accountByEmail.get(email) ?? null) : null;
    }
    let ci: number | undefined;
    if (id) {
      ci = byId.get(id);
      if (ci === undefined) {
        byId.set(id, (ci = customerKeys.length));
        customerKeys.push(`c:${id}`);
      }
    } else if (email) {
      ci = byEmail.get(email);
      if (ci === undefined) {
        byEmail.set(email, (ci = customerKeys.length));
        customerKeys.push(`e:${email}`);
      }
    } else {
      excluded.unattributed++;
      continue;
    }
    orderCustomer[kept] = ci;
    orderDay[kept] = calendar.day(ms);
    orderNet[kept] = f.totalMinor - f.refundedMinor;
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
