// Orders the analysis cannot place are left out and counted by reason, never a reason to stop
// the refresh: one in a second currency, one dated after the observation end (a clock ahead).
// Hand-made shops; figures computed by hand.
import { describe, expect, it } from "vitest";
import { analyzeShop, prepareOrders, type OrderFact } from "~/analytics";

const TZ = "Europe/Amsterdam";
const END = new Date("2026-04-01T08:00:00Z");
let seq = 0;
const order = (customerId: string, at: string, euros: number, over: Partial<OrderFact> = {}): OrderFact => ({
  orderId: String(++seq),
  customerId,
  email: null,
  processedAt: new Date(at),
  currency: "EUR",
  totalMinor: euros * 100,
  refundedMinor: 0,
  cancelled: false,
  ...over,
});

// A bought twice, B once: EUR 10 + 20 and 30.
const SHOP = [
  order("A", "2026-01-10T12:00:00Z", 10),
  order("A", "2026-02-10T12:00:00Z", 20),
  order("B", "2026-03-01T12:00:00Z", 30),
];
// The same shop with one USD order of B and one order of C stamped 5 minutes after the observation end.
const WITH_STRAYS = [
  ...SHOP,
  order("B", "2026-03-05T12:00:00Z", 99, { currency: "USD" }),
  order("C", "2026-04-01T08:05:00Z", 50),
];

describe("orders left out of the analysis", () => {
  it("counts one order in a second currency and one dated after the observation end, and prepares the rest", () => {
    const p = prepareOrders(WITH_STRAYS, { timeZone: TZ, observationEnd: END, currency: "EUR" });
    expect(p.excluded).toEqual({
      cancelled: 0,
      fullyRefunded: 0,
      unattributed: 0,
      otherCurrency: 1,
      afterObservationEnd: 1,
    });
    expect(p.customerKeys).toEqual(["c:A", "c:B"]); // C's only order is after the end
    expect(Array.from(p.net)).toEqual([1000, 2000, 3000]);
  });

  it("takes the first order's currency when none is given, and leaves the others out", () => {
    const p = prepareOrders(WITH_STRAYS, { timeZone: TZ, observationEnd: END });
    expect(p.currency).toBe("EUR");
    expect(p.excluded.otherCurrency).toBe(1);
  });

  it("gives the same figures as the shop without the two orders, with the counts beside them", () => {
    const opts = { timeZone: TZ, observationEnd: END, currency: "EUR", prediction: false as const };
    const { excluded, ...withStrays } = analyzeShop(WITH_STRAYS, opts);
    const { excluded: none, ...clean } = analyzeShop(SHOP, opts);
    expect(withStrays).toEqual(clean);
    expect(excluded).toMatchObject({ otherCurrency: 1, afterObservationEnd: 1 });
    expect(none).toMatchObject({ otherCurrency: 0, afterObservationEnd: 0 });
    // Two customers, one of them repeat; revenue EUR 60 (hand count)
    expect(withStrays.customers).toBe(2);
    expect(withStrays.buyers).toEqual({ total: 2, oneTime: 1, repeat: 1 });
  });
});
