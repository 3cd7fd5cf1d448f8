// English UI text of the CSV exports, the NPS follow-up, the customer page's readings and the
// setup checklist (merged into en.ts).
export const uxEn = {
  "export.failed": "The download failed. Please try again.",
  "export.customers": "Export customers (CSV)",
  "export.customers.filtered": "Export these {count} customers (CSV)",
  "export.segments": "Export segments (CSV)",
  "export.nps": "Export answers (CSV)",
  "export.ledger": "Export points ledger (CSV)",
  "nps.linked":
    "{linked} of {total} answers are tied to a customer in your analysis (by their account or the order the survey followed).",
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
  "customer.rfm.label": "RFM segment (recency, frequency, spend)",
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
  "setup.title": "Set up your retention app",
  "setup.count": "{done} of {total} done",
  "setup.sync.title": "Order history",
  "setup.sync.status.idle": "Waiting to start",
  "setup.sync.status.running": "Importing",
  "setup.sync.status.completed": "In",
  "setup.sync.status.failed": "Stopped",
  "setup.sync.progress":
    "{processed} of {total} records imported ({percent}%). Your numbers appear a minute after it finishes.",
  "setup.sync.progressUnknown": "{processed} records imported so far. Your numbers appear a minute after it finishes.",
  "setup.sync.starting": "Your store is preparing the export of your order history. This usually takes a few minutes.",
  "setup.sync.done": "Your order history is in: {processed} records.",
  "setup.sync.failed.access":
    "Your store refused the app access to your orders or customers. Open the app from your store admin once more to approve its permissions, then retry.",
  "setup.sync.failed.keys":
    "Your store no longer accepts the app's keys. Connect the store again (WooCommerce > Retention > Connect), then retry.",
  "setup.sync.failed.unreachable":
    "The app could not reach your store. It may have been down or busy for a moment: retry in a few minutes.",
  "setup.sync.failed.rate": "Your store asked the app to slow down. Retry in a few minutes.",
  "setup.sync.failed.other":
    "The import of your order history stopped before the end. Nothing already imported is lost: retry to continue.",
  "setup.sync.failed.detail": "Technical detail: {error}",
  "setup.sync.retry": "Retry",
  "setup.storefront.title": "Show the rewards and survey on your storefront",
  "setup.storefront.body":
    "Switch on the Retention app embed in your theme (loyalty launcher, referral offer) and add the NPS survey block to the order status page. Ticked once the first shopper has used them.",
  "setup.storefront.action": "Open the theme editor",
  "setup.loyalty.title": "Turn on the loyalty program",
  "setup.loyalty.body":
    "Check the points per euro, rewards and tiers, and save them: shoppers see exactly these numbers.",
  "setup.loyalty.action": "Review the loyalty program",
  "setup.pixels.title": "Connect your ad pixels",
  "setup.pixels.body": "Meta, Google or TikTok: only with the shopper's consent.",
  "setup.pixels.action": "Add pixel ids",
  "setup.winback.title": "Switch on win-back",
  "setup.winback.body":
    "Tag customers by group in your store so Shopify Email, Flow or Klaviyo can win back the ones who stopped buying.",
  "setup.winback.action": "Set up win-back",
  "setup.empty.title": "Your dashboard is on its way",
  "setup.empty.soFar": "So far: {customers} customers and {orders} orders are in. Here is what appears, and when.",
  "setup.empty.retention.title": "Retention and churn",
  "setup.empty.retention.when":
    "Appear with the first analysis after your order history is in: the share of customers from the previous quarter who ordered again.",
  "setup.empty.groups.title": "Customer groups and RFM segments",
  "setup.empty.groups.when":
    "Appear with the first analysis, a minute after the history import ends: one-time, repeat, loyal and inactive customers.",
  "setup.empty.prediction.title": "Predicted value and churn risk per customer",
  "setup.empty.prediction.when":
    "Need at least {repeat} customers who ordered more than once; until then the customer pages show their history only.",
  "setup.empty.nps.title": "Net Promoter Score",
  "setup.empty.nps.when": "Appears with the first survey answer, once the NPS block is on your order status page.",
  "setup.empty.loyalty.title": "Loyalty members",
  "setup.empty.loyalty.when": "Appear when shoppers join the program from the storefront launcher.",
  "setup.empty.cohorts.title": "Cohorts",
  "setup.empty.cohorts.when": "Fill in month by month: each month's new customers and how many came back.",
  "nps.notAnalysed": "Customer without orders in the analysis",
  "landing.title": "Keep the customers you already have",
  "landing.body":
    "Retention rate, churn, repeat purchases and customer lifetime value for your shop, the customers about to leave, and loyalty, referrals and win-back flows to bring them back.",
  "login.title": "Log in",
  "login.shopDomain": "Shop domain",
  "login.submit": "Log in",
  "login.error.missingShop": "Please enter your shop domain to log in",
  "login.error.invalidShop": "Please enter a valid shop domain to log in",
  "login.woocommerce":
    "A WooCommerce store? Open the dashboard from WordPress: WooCommerce › Retention › Open dashboard.",
  "woocommerce.connect.gone":
    "Connect your WooCommerce store from WordPress: install the Retention for WooCommerce plugin, then open WooCommerce > Retention and choose Connect.",
};
