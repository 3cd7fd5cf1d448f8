// Builds OrderColumns (types.ts) row by row: from a database read (no object per order) or
// from OrderFact objects (tests and small callers). Both go through `add`, so an order means
// the same to the analysis whichever way it came.
import type { OrderColumns, OrderFact } from "./types";

/** Interns strings to dense indexes, in order of first appearance. */
class Interned {
  readonly values: string[] = [];
  private readonly at = new Map<string, number>();
  index(v: string | null | undefined): number {
    if (!v) return -1;
    let k = this.at.get(v);
    if (k === undefined) {
      this.at.set(v, (k = this.values.length));
      this.values.push(v);
    }
    return k;
  }

  /** The index of `v` when it equals the string at `hint` (a customer's usual e-mail address). */
  indexNear(v: string | null | undefined, hint: number): number {
    return hint >= 0 && this.values[hint] === v ? hint : this.index(v);
  }
}

export class OrderColumnsBuilder {
  private n = 0;
  private capacity: number;
  private customer: Int32Array;
  private email: Int32Array;
  private currency: Int32Array;
  private processedAtMs: Float64Array;
  private totalMinor: Float64Array;
  private refundedMinor: Float64Array;
  private cancelled: Uint8Array;
  private readonly customers = new Interned();
  private readonly emails = new Interned();
  private readonly currencies = new Interned();
  /** Each platform customer's last e-mail index: most use one address on every order. */
  private lastEmailOf = new Int32Array(1024).fill(-1);
  // Orders come in one or two currencies: the last one's index is reused without a lookup.
  private lastCurrency: string | null = null;
  private lastCurrencyIndex = -1;

  constructor(expectedOrders = 1024) {
    this.capacity = Math.max(16, expectedOrders);
    this.customer = new Int32Array(this.capacity);
    this.email = new Int32Array(this.capacity);
    this.currency = new Int32Array(this.capacity);
    this.processedAtMs = new Float64Array(this.capacity);
    this.totalMinor = new Float64Array(this.capacity);
    this.refundedMinor = new Float64Array(this.capacity);
    this.cancelled = new Uint8Array(this.capacity);
  }

  private grow() {
    const capacity = this.capacity * 2;
    const grown = <A extends Int32Array | Float64Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.customer = grown(this.customer, (n) => new Int32Array(n));
    this.email = grown(this.email, (n) => new Int32Array(n));
    this.currency = grown(this.currency, (n) => new Int32Array(n));
    this.processedAtMs = grown(this.processedAtMs, (n) => new Float64Array(n));
    this.totalMinor = grown(this.totalMinor, (n) => new Float64Array(n));
    this.refundedMinor = grown(this.refundedMinor, (n) => new Float64Array(n));
    this.cancelled = grown(this.cancelled, (n) => new Uint8Array(n));
    this.capacity = capacity;
  }

  add(
    customerId: string | null,
    email: string | null,
    processedAtMs: number,
    currency: string,
    totalMinor: number,
    refundedMinor: number,
    cancelled: boolean,
  ): void {
    if (this.n === this.capacity) this.grow();
    const i = this.n++;
    const c = this.customers.index(customerId);
    this.customer[i] = c;
    if (c >= 0) {
      if (c >= this.lastEmailOf.length) {
        const grown = new Int32Array(this.lastEmailOf.length * 2).fill(-1);
        grown.set(this.lastEmailOf);
        this.lastEmailOf = grown;
      }
      this.email[i] = this.lastEmailOf[c] = this.emails.indexNear(email, this.lastEmailOf[c]);
    } else this.email[i] = this.emails.index(email);
    if (currency !== this.lastCurrency || this.lastCurrencyIndex < 0) {
      this.lastCurrency = currency;
      this.lastCurrencyIndex = this.currencies.index(currency);
    }
    this.currency[i] = this.lastCurrencyIndex;
    this.processedAtMs[i] = processedAtMs;
    this.totalMinor[i] = totalMinor;
    this.refundedMinor[i] = refundedMinor;
    this.cancelled[i] = cancelled ? 1 : 0;
  }

  get length() {
    return this.n;
  }

  finish(orderId?: (i: number) => string): OrderColumns {
    const n = this.n;
    return {
      length: n,
      customerIds: this.customers.values,
      customer: this.customer.subarray(0, n),
      emails: this.emails.values,
      email: this.email.subarray(0, n),
      currencies: this.currencies.values,
      currency: this.currency.subarray(0, n),
      processedAtMs: this.processedAtMs.subarray(0, n),
      totalMinor: this.totalMinor.subarray(0, n),
      refundedMinor: this.refundedMinor.subarray(0, n),
      cancelled: this.cancelled.subarray(0, n),
      ...(orderId ? { orderId } : {}),
    };
  }
}

/** OrderFact objects as columns, in the same order. */
export function orderColumnsOf(facts: readonly OrderFact[]): OrderColumns {
  const b = new OrderColumnsBuilder(facts.length);
  for (const f of facts)
    b.add(
      f.customerId,
      f.email,
      f.processedAt instanceof Date ? f.processedAt.getTime() : NaN,
      f.currency,
      f.totalMinor,
      f.refundedMinor,
      f.cancelled,
    );
  return b.finish((i) => facts[i].orderId);
}

export const isOrderColumns = (orders: readonly OrderFact[] | OrderColumns): orders is OrderColumns =>
  !Array.isArray(orders);
