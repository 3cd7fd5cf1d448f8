// The UCI Online Retail file, a real shop's messy history (read from ../shared/data; the
// 48 MB file is not in the repository). Cleaning rules: scripts/datasets/online-retail.ts.
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeShop } from "~/analytics";
import { loadOnlineRetail, ONLINE_RETAIL_END, ONLINE_RETAIL_PATH } from "../../scripts/datasets/online-retail";

if (!fs.existsSync(ONLINE_RETAIL_PATH)) {
  describe("Online Retail pipeline", () => {
    it(`online retail file absent: ${ONLINE_RETAIL_PATH} not found, pipeline cases not run`, () => {
      expect(fs.existsSync(ONLINE_RETAIL_PATH)).toBe(false);
    });
  });
} else {
  describe("Online Retail pipeline", () => {
    const load = loadOnlineRetail();
    const analysis = analyzeShop(load.facts, {
      timeZone: "UTC",
      observationEnd: ONLINE_RETAIL_END,
      period: { start: "2011-01-01", end: "2011-12-09" },
    });

    it("applies the cleaning rules: 541,909 rows, 135,080 without a customer, cancellations and non-positive rows dropped", () => {
      expect(load.rows).toBe(541_909);
      expect(load.dropped.noCustomer).toBe(135_080);
      expect(load.dropped.cancellationRows).toBe(8_905);
      expect(load.dropped.nonPositive).toBe(40); // price 0 rows that do have a customer
      expect(load.cancellationInvoices).toBe(3_654);
    });

    // Figures checked independently with Python's csv module: of the 397,884 rows left by the
    // rules above, 5,192 repeat an earlier row in every field; they carry 2,419,901 pence.
    it("drops exactly the 5,192 duplicate rows worth GBP 24,199.01, leaving GBP 8,887,208.89 of revenue", () => {
      expect(load.dropped.duplicates).toBe(5_192);
      expect(load.duplicatePence).toBe(2_419_901);
      expect(load.facts.reduce((s, f) => s + f.totalMinor, 0)).toBe(888_720_889);
    });

    it("finds the 4,338 customers and 18,532 invoices the standard cleaning is known for", () => {
      expect(analysis.customers).toBe(4_338);
      expect(load.facts.length).toBe(18_532);
    });

    it("runs every metric: retention for 2011, segments summing to all customers, cohorts from December 2010", () => {
      const r = analysis.period.retention;
      expect(r.customersAtStart).toBeGreaterThan(0);
      expect(r.retentionRate).not.toBeNull();
      expect(r.retentionRate! >= 0 && r.retentionRate! <= 100).toBe(true);
      expect(r.retainedCustomers + r.lapsedCustomers).toBe(r.customersAtStart);
      expect(analysis.segments.reduce((s, x) => s + x.customers, 0)).toBe(4_338);
      expect(analysis.cohorts[0].cohort).toBe("2010-12");
      expect(analysis.cohorts[0].percents[0]).toBe(100);
    });

    it("fits BG/NBD and Gamma-Gamma and predicts for every customer, with P(alive) in [0, 1] and finite CLV", () => {
      expect(analysis.prediction.status).toBe("ok");
      const pc = analysis.perCustomer;
      expect(pc.pAlive!.length).toBe(4_338);
      expect(pc.pAlive!.every((p) => p >= 0 && p <= 1)).toBe(true);
      expect(pc.predictedClvMinor!.every((v) => Number.isFinite(v) && v >= 0)).toBe(true);
    });
  });
}
