// English UI text of the CSV exports, the NPS follow-up, the customer page's readings and the
// setup checklist (merged into en.ts).
export const uxEn = {
  "export.failed": "The download failed. Please try again.",
  "export.customers": "Export customers (CSV)",
  "export.customers.filtered": "Export these {count} customers (CSV)",
  "export.segments": "Export segments (CSV)",
  "export.nps": "Export answers (CSV)",
  "export.ledger": "Export points ledger (CSV)",
  "nps.linked": "{linked} of {total} answers are tied to a customer (their account or the order the survey followed).",
  "nps.trend.title": "NPS month by month",
  "nps.trend.help":
    "The score of the answers given in each month; months without answers are left empty. A score moves a lot when a month has few answers.",
  "nps.col.month": "Month",
  "nps.col.answers": "Answers",
  "nps.segments.title": "NPS per customer group",
  "nps.segments.help":
    "Each answer counted in the group its customer is in now. Answers that cannot be tied to a customer are under “No customer known”.",
  "nps.segment.unknown": "No customer known",
  "nps.detractors.title": "Detractors to follow up",
  "nps.detractors.help":
    "The latest answers of 0 to 6, newest first. Open a customer to see their orders before you get in touch.",
  "nps.detractors.none": "No detractors: nobody answered 0 to 6.",
  "nps.anonymous": "Anonymous",
  "customer.risk.label": "Churn risk",
  "customer.risk.low": "Low",
  "customer.risk.medium": "Medium",
  "customer.risk.high": "High",
  "customer.risk.hover": "Model estimate: {pct} chance this customer has stopped buying.",
  "customer.risk.explain.low": "Orders at about the pace expected from their history.",
  "customer.risk.explain.medium": "Quieter than usual: their next order is later than expected.",
  "customer.risk.explain.high":
    "Last ordered {since} days ago, while they used to order about every {gap} days: much longer than usual, so the model expects no more orders.",
  "customer.risk.explain.highOnce":
    "Ordered {orders} times within {span} days, then nothing for {since} days: the model reads that as having stopped, and so predicts no further value. A win-back message is the way to find out.",
  "customer.rfm.label": "RFM score",
  "customer.rfm.explain":
    "Recency {r} of 5, frequency {f} of 5, money {m} of 5 — {words}. 5 is the best fifth of your customers, 1 the lowest.",
  "customer.rfm.r.high": "ordered recently",
  "customer.rfm.r.low": "has not ordered for a long time",
  "customer.rfm.f.high": "orders often",
  "customer.rfm.f.low": "orders rarely",
  "customer.rfm.m.high": "spends among the most",
  "customer.rfm.m.low": "spends little",
  "customers.risk.hover": "{pct} chance this customer has stopped buying",
  "customer.rfm.r.mid": "ordered a while ago",
  "customer.rfm.f.mid": "orders now and then",
  "customer.rfm.m.mid": "spends an average amount",
  "customer.risk.explain.highOne":
    "One order day so far, {since} days ago: most customers who have not come back after this long do not come back.",
};
