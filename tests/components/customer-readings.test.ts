// The customer page's readings, with figures worked out by hand: churn risk in three words at
// its cut-offs, and the sentence that explains a "high" risk from the customer's own history,
// e.g. the frequent buyer who went quiet (the reason a 46-order customer read "100% churn
// risk, €0 predicted": BG/NBD counts the silence in their own rhythm).
import { describe, expect, it } from "vitest";
import { riskExplanation, riskLevel, rfmWords } from "~/components/customers/readings";
import { translate } from "~/i18n";

const t = (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate("en", key, vars);

describe("churn risk in words", () => {
  it("is Low under 30%, Medium from 30% to under 70%, High from 70%", () => {
    expect(riskLevel(1)).toBe("low");
    expect(riskLevel(0.71)).toBe("low"); // 29% risk
    expect(riskLevel(0.7)).toBe("medium"); // 30%
    expect(riskLevel(0.31)).toBe("medium"); // 69%
    expect(riskLevel(0.3)).toBe("high"); // 70%
    expect(riskLevel(0)).toBe("high");
  });

  it("explains a frequent buyer who went quiet with their own numbers", () => {
    // 46 orders from 2025-01-01 to 2025-10-28 (300 days), nothing since: 2026-03-27 is 150 days later.
    const text = riskExplanation(
      { pAlive: 1e-12, orders: 46, firstOrderDate: "2025-01-01", lastOrderDate: "2025-10-28" },
      "2026-03-27",
      t,
    );
    expect(text).toBe(
      "Ordered 46 times within 300 days, then nothing for 150 days: the model reads that as having stopped, and so predicts no further value. A win-back message is the way to find out.",
    );
  });

  it("gives a few-order customer their usual gap: 4 orders over 90 days is one every 30 days", () => {
    const text = riskExplanation(
      { pAlive: 0.05, orders: 4, firstOrderDate: "2025-01-01", lastOrderDate: "2025-04-01" },
      "2025-10-28",
      t,
    );
    expect(text).toBe(
      "Last ordered 210 days ago, while they used to order about every 30 days: much longer than usual, so the model expects no more orders.",
    );
  });

  it("says low and medium risk without figures, and one-day buyers apart", () => {
    expect(
      riskExplanation(
        { pAlive: 0.9, orders: 5, firstOrderDate: "2025-01-01", lastOrderDate: "2025-06-01" },
        "2025-07-01",
        t,
      ),
    ).toBe("Orders at about the pace expected from their history.");
    expect(
      riskExplanation(
        { pAlive: 0.1, orders: 1, firstOrderDate: "2025-01-01", lastOrderDate: "2025-01-01" },
        "2025-03-02",
        t,
      ),
    ).toContain("One order day so far, 60 days ago");
  });

  it("words an RFM score: 5-5-5 is recent, frequent and big-spending; 1-3-2 is long ago, now and then, little", () => {
    expect(rfmWords(5, 5, 5, t)).toBe("ordered recently, orders often, spends among the most");
    expect(rfmWords(1, 3, 2, t)).toBe("has not ordered for a long time, orders now and then, spends little");
  });
});
