import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { DEFAULT_OBSERVATION_END, generateDemoShop, generateSurveyAnswers } from "~/demo/generator";

function collect(opts = {}) {
  const customers = [];
  const orders = [];
  for (const chunk of generateDemoShop(opts)) {
    customers.push(...chunk.customers);
    orders.push(...chunk.orders);
  }
  return { customers, orders };
}

const digest = (rows: unknown[]) =>
  crypto
    .createHash("sha256")
    .update(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v)))
    .digest("hex");

const demo = collect();

describe("demo shop generator", () => {
  it("is deterministic: the same seed gives identical records, another seed different ones", () => {
    const again = collect();
    expect(digest(again.orders)).toBe(digest(demo.orders));
    expect(digest(again.customers)).toBe(digest(demo.customers));
    expect(digest(collect({ seed: 7 }).orders)).not.toBe(digest(demo.orders));
  });

  it("has at least 5,000 customers and 20,000 orders over at least 24 months, none after the observation end", () => {
    expect(demo.customers.length).toBeGreaterThanOrEqual(5000);
    expect(demo.orders.length).toBeGreaterThanOrEqual(20_000);
    const times = demo.orders.map((o) => o.processedAt.getTime());
    const first = Math.min(...times);
    const last = Math.max(...times);
    expect((last - first) / (30.44 * 86_400_000)).toBeGreaterThanOrEqual(24);
    expect(last).toBeLessThan(DEFAULT_OBSERVATION_END.getTime());
  });

  it("mixes one-time buyers (50-65%), repeat buyers, a few heavy buyers (0.5-3% with 10+ orders), guests, refunds and cancellations", () => {
    const perBuyer = new Map<string, number>();
    for (const o of demo.orders) {
      if (o.cancelledAt || o.refundedMinor >= o.totalMinor) continue;
      perBuyer.set(o.email!, (perBuyer.get(o.email!) ?? 0) + 1);
    }
    const counts = [...perBuyer.values()];
    const share = (f: (n: number) => boolean) => counts.filter(f).length / counts.length;
    expect(share((n) => n === 1)).toBeGreaterThan(0.5);
    expect(share((n) => n === 1)).toBeLessThan(0.65);
    expect(share((n) => n >= 10)).toBeGreaterThan(0.005);
    expect(share((n) => n >= 10)).toBeLessThan(0.03);
    const orderShare = (f: (o: (typeof demo.orders)[number]) => boolean) =>
      demo.orders.filter(f).length / demo.orders.length;
    expect(orderShare((o) => o.customerId === null)).toBeGreaterThan(0.05); // guest checkouts
    expect(orderShare((o) => o.refunds.length > 0)).toBeGreaterThan(0.03);
    expect(orderShare((o) => o.refunds.length > 0)).toBeLessThan(0.07);
    expect(orderShare((o) => o.cancelledAt !== null)).toBeGreaterThan(0.01);
    expect(orderShare((o) => o.cancelledAt !== null)).toBeLessThan(0.03);
    expect(orderShare((o) => o.refunds.length > 0 && o.refundedMinor < o.totalMinor)).toBeGreaterThan(0.01); // partial refunds
  });

  it("has lapsed customers: buyers who ordered in the first year and never after", () => {
    const firstYearEnd = DEFAULT_OBSERVATION_END.getTime() - 18 * 30.44 * 86_400_000;
    const last = new Map<string, number>();
    for (const o of demo.orders) last.set(o.email!, Math.max(last.get(o.email!) ?? 0, o.processedAt.getTime()));
    const lapsed = [...last.values()].filter((t) => t < firstYearEnd).length;
    expect(lapsed / last.size).toBeGreaterThan(0.1);
  });

  it("is seasonal: November and December sell more per month than the yearly average", () => {
    const perMonth = new Map<string, number>();
    for (const o of demo.orders) {
      const d = o.processedAt;
      const key = `${d.getUTCFullYear()}-${d.getUTCMonth()}`;
      perMonth.set(key, (perMonth.get(key) ?? 0) + 1);
    }
    // Compare within 2025, a full calendar year of the history.
    const months2025 = Array.from({ length: 12 }, (_, m) => perMonth.get(`2025-${m}`) ?? 0);
    const average = months2025.reduce((a, b) => a + b, 0) / 12;
    expect(months2025[10]).toBeGreaterThan(average * 1.2);
    expect(months2025[11]).toBeGreaterThan(average * 1.2);
    expect(months2025[6]).toBeLessThan(average);
  });

  it("gives every order an integer amount, a valid date, and string ids beyond 2^53", () => {
    for (const o of demo.orders.slice(0, 2000)) {
      expect(typeof o.totalMinor).toBe("bigint");
      expect(o.totalMinor > 0n && o.refundedMinor <= o.totalMinor).toBe(true);
      expect(BigInt(o.id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    }
  });

  it("makes NPS answers with a realistic spread", () => {
    const scores = [...generateSurveyAnswers()].map((a) => a.score);
    const promoters = scores.filter((s) => s >= 9).length / scores.length;
    const detractors = scores.filter((s) => s <= 6).length / scores.length;
    expect(promoters).toBeGreaterThan(0.35);
    expect(detractors).toBeGreaterThan(0.15);
    expect(scores.every((s) => Number.isInteger(s) && s >= 0 && s <= 10)).toBe(true);
  });
});
