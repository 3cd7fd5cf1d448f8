// The demo shop: a deterministic, realistic history for a Dutch webshop, streamed in
// chunks so the 1,000,000-order benchmark shop never sits in memory at once.
//
// Each customer is simulated on their own seeded stream (so chunks are independent and
// reproducible): acquisition grows over time and peaks in November/December; purchases
// follow a Pareto/NBD-like process (a gamma-distributed purchase rate per customer, and
// after each purchase a chance to lapse for good), which gives the mix real shops show:
// mostly one-time buyers, a band of repeat buyers, lapsed customers, and a few heavy
// buyers. Order values are log-normal around a customer's own level. Some orders are
// refunded (in part or in full), some cancelled; some shoppers check out as guests.
// Plain TypeScript: no clock, no database.
import type { NormalizedCustomer, NormalizedOrder, NormalizedRefund } from "~/core/records";
import { beta, createRng, exponential, gamma, logNormal, pick, uniform, type Rng } from "./random";

export const DEMO_GENERATOR_VERSION = 1;
export const DEFAULT_OBSERVATION_END = new Date("2026-11-01T00:00:00.000Z");

export interface DemoShopOptions {
  seed?: number;
  customers?: number; // people who buy or register (guests included)
  months?: number; // history length
  observationEnd?: Date;
  /** Mean purchase rate per year of a typical customer (higher = more orders per customer). */
  purchaseRate?: number;
  /** Scales each customer's chance to lapse after a purchase (lower = more loyal shop). */
  lapseScale?: number;
  chunkSize?: number; // customers per yielded chunk
}

export interface DemoChunk {
  customers: NormalizedCustomer[];
  orders: NormalizedOrder[];
}

const FIRST = [
  "Anna",
  "Sophie",
  "Emma",
  "Julia",
  "Lotte",
  "Fleur",
  "Sanne",
  "Eva",
  "Lisa",
  "Noor",
  "Daan",
  "Lars",
  "Sem",
  "Bram",
  "Thijs",
  "Jesse",
  "Ruben",
  "Milan",
  "Luuk",
  "Thomas",
  "Pieter",
  "Johan",
  "Marieke",
  "Femke",
  "Anouk",
  "Tim",
  "Koen",
  "Maarten",
  "Ingrid",
  "Hans",
] as const;
const LAST = [
  "de Jong",
  "Jansen",
  "de Vries",
  "van den Berg",
  "van Dijk",
  "Bakker",
  "Janssen",
  "Visser",
  "Smit",
  "Meijer",
  "de Boer",
  "Mulder",
  "de Groot",
  "Bos",
  "Vos",
  "Peters",
  "Hendriks",
  "van Leeuwen",
  "Dekker",
  "Brouwer",
  "de Wit",
  "Dijkstra",
  "Smits",
  "de Graaf",
  "van der Meer",
] as const;
const DOMAINS = ["example.nl", "example.com", "example.org"] as const;
// Relative demand per month (Jan..Dec): a summer dip and the November/December peak.
const SEASON = [0.85, 0.8, 0.9, 0.95, 1.0, 0.9, 0.75, 0.75, 0.95, 1.05, 1.5, 1.7] as const;
const SEASON_MAX = 1.7;
const DAY = 86_400_000;
const YEAR = 365.25 * DAY;

const season = (t: number) => SEASON[new Date(t).getUTCMonth()];
const customerId = (i: number) => (7_300_000_000_000_000n + BigInt(i) * 7919n).toString(); // 19 digits, above 2^53
const orderId = (customer: number, n: number) =>
  (9_100_000_000_000_000n + BigInt(customer) * 1000n + BigInt(n)).toString();
const refundId = (order: string) => (BigInt(order) + 500_000_000_000_000n).toString();
const emailLocal = (s: string) => s.toLowerCase().replace(/[^a-z]+/g, ".");

interface Customer {
  index: number;
  account: boolean; // has a customer account (false: always checks out as a guest)
  email: string;
  first: string;
  last: string;
  acquiredAt: number;
}

/** First purchase (or registration) time: growth over the span times seasonality, by rejection. */
function acquisitionTime(rng: Rng, start: number, end: number): number {
  for (;;) {
    const t = uniform(rng, start, end);
    const growth = 0.6 + 0.8 * ((t - start) / (end - start));
    if (rng.next() * 1.4 * SEASON_MAX <= growth * season(t)) return t;
  }
}

/** The next purchase after `t` at a yearly rate, thinned by the season. */
function nextPurchase(rng: Rng, t: number, ratePerYear: number): number {
  for (;;) {
    t += exponential(rng, ratePerYear * SEASON_MAX) * YEAR;
    if (rng.next() * SEASON_MAX <= season(t)) return t;
  }
}

const cents = (euros: number) => BigInt(Math.max(500, Math.round(euros * 100)));

function simulateCustomer(
  seed: number,
  index: number,
  start: number,
  end: number,
  baseRate: number,
  lapseScale: number,
) {
  const rng = createRng(seed, index);
  const first = pick(rng, FIRST);
  const last = pick(rng, LAST);
  const c: Customer = {
    index,
    account: rng.next() >= 0.1, // one in ten never makes an account
    first,
    last,
    email: `${emailLocal(first)}.${emailLocal(last)}${index}@${pick(rng, DOMAINS)}`,
    acquiredAt: acquisitionTime(rng, start, end),
  };
  const heavy = rng.next() < 0.025;
  const registeredOnly = c.account && rng.next() < 0.05; // an account, never an order (yet)
  const rate = gamma(rng, 1.3, baseRate / 1.3) * (heavy ? 6 : 1);
  const lapse = beta(rng, 1.6, 2.4) * lapseScale * (heavy ? 0.15 : 1);
  const level = logNormal(rng, Math.log(52), 0.45);

  const orders: NormalizedOrder[] = [];
  let t = c.acquiredAt;
  let n = 0;
  while (!registeredOnly && t < end) {
    const id = orderId(index, n++);
    const total = cents(level * logNormal(rng, 0, 0.3));
    const processedAt = new Date(Math.floor(t));
    let updatedAt = processedAt;
    let cancelledAt: Date | null = null;
    let status = "paid";
    const refunds: NormalizedRefund[] = [];
    const roll = rng.next();
    if (roll < 0.02) {
      cancelledAt = new Date(Math.min(end - 1, t + uniform(rng, 0.02, 2) * DAY));
      status = "voided";
      updatedAt = cancelledAt;
    } else if (roll < 0.07) {
      const at = t + uniform(rng, 2, 20) * DAY;
      if (at < end) {
        const full = rng.next() < 0.45;
        const amount = full ? total : (total * BigInt(Math.round(uniform(rng, 10, 60)))) / 100n;
        refunds.push({
          id: refundId(id),
          orderId: id,
          amountMinor: amount,
          currency: "EUR",
          processedAt: new Date(Math.floor(at)),
        });
        status = full ? "refunded" : "partially_refunded";
        updatedAt = refunds[0].processedAt;
      }
    }
    // Account holders sometimes check out as a guest: same e-mail, no customer id.
    const asGuest = !c.account || rng.next() < 0.05;
    orders.push({
      id,
      name: null,
      customerId: asGuest ? null : customerId(index),
      email: c.email,
      currency: "EUR",
      totalMinor: total,
      refundedMinor: refunds.reduce((s, r) => s + r.amountMinor, 0n),
      financialStatus: status,
      cancelledAt,
      processedAt,
      createdAt: processedAt,
      updatedAt,
      sourceName: rng.next() < 0.9 ? "web" : "pos",
      refunds,
    });
    if (rng.next() < lapse) break; // lapsed for good
    t = nextPurchase(rng, t, rate);
  }

  const counted = orders.filter((o) => o.customerId && !o.cancelledAt);
  const customer: NormalizedCustomer | null = c.account
    ? {
        id: customerId(index),
        email: c.email,
        firstName: c.first,
        lastName: c.last,
        ordersCount: counted.length,
        totalSpentMinor: counted.reduce((s, o) => s + o.totalMinor - o.refundedMinor, 0n),
        currency: "EUR",
        tags: heavy ? ["vip"] : [],
        marketingConsent: rng.next() < 0.55 ? "granted" : "denied",
        createdAt: new Date(Math.floor(c.acquiredAt)),
        updatedAt: orders.length ? orders[orders.length - 1].updatedAt : new Date(Math.floor(c.acquiredAt)),
      }
    : null;
  return { customer, orders };
}

/** Streams the shop in chunks of customers with their orders. */
export function* generateDemoShop(opts: DemoShopOptions = {}): Generator<DemoChunk> {
  const {
    seed = 20261101,
    customers = 10000,
    months = 30,
    observationEnd = DEFAULT_OBSERVATION_END,
    purchaseRate = 3.0,
    lapseScale = 1,
    chunkSize = 1000,
  } = opts;
  const end = observationEnd.getTime();
  const startDate = new Date(observationEnd);
  startDate.setUTCMonth(startDate.getUTCMonth() - months);
  const start = startDate.getTime();
  let orderNumber = 1000;
  for (let from = 0; from < customers; from += chunkSize) {
    const chunk: DemoChunk = { customers: [], orders: [] };
    for (let i = from; i < Math.min(customers, from + chunkSize); i++) {
      const { customer, orders } = simulateCustomer(seed, i, start, end, purchaseRate, lapseScale);
      if (customer) chunk.customers.push(customer);
      for (const o of orders) chunk.orders.push({ ...o, name: `#${++orderNumber}` });
    }
    yield chunk;
  }
}

/** The benchmark shop: about 1,000,000 orders from about 200,000 customer accounts (a loyal, busy shop). */
export const BENCHMARK_SHOP: DemoShopOptions = { customers: 222_750, purchaseRate: 7.3, lapseScale: 0.38 };

/** NPS answers for the demo shop: a realistic spread (about 45% promoters, 25% detractors). */
export function* generateSurveyAnswers(opts: { seed?: number; count?: number; observationEnd?: Date } = {}) {
  const { seed = 20261101, count = 640, observationEnd = DEFAULT_OBSERVATION_END } = opts;
  const rng = createRng(seed, 0x5e7);
  const end = observationEnd.getTime();
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    const score =
      r < 0.45 ? (rng.next() < 0.55 ? 10 : 9) : r < 0.75 ? (rng.next() < 0.5 ? 8 : 7) : Math.floor(uniform(rng, 0, 7));
    yield {
      id: `demo-nps-${i}`,
      customerId: customerId(Math.floor(rng.next() * 10_000)),
      score,
      comment: score >= 9 ? "Snelle levering, top service!" : score <= 6 ? "Bestelling kwam te laat aan." : null,
      answeredAt: new Date(Math.floor(end - uniform(rng, 0, 365) * DAY)),
    };
  }
}
