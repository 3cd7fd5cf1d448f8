// English UI text of the prediction readings on the dashboard (merged into en.ts).
export const predictionEn = {
  "prediction.accuracy.title": "How well the predictions hold up",
  "prediction.accuracy.summary":
    "Over the last {days} days we predicted {predicted} purchases from your existing customers; they made {actual}.",
  "prediction.accuracy.model":
    "Model: {model}, chosen because it predicted that period best of the three we tried (typical error per customer: {others}).",
  "prediction.accuracy.predicted": "Predicted purchases",
  "prediction.accuracy.actual": "Actual purchases",
  "prediction.accuracy.chart":
    "The bars: purchases in those {days} days, predicted beside actual, by customers grouped by how many orders they had placed before.",
  "prediction.accuracy.bin": "{count, plural, one {# order} other {# orders}}",
  "prediction.accuracy.binMore": "{count}+ orders",
  "prediction.accuracy.skipped": "We cannot check the predictions against real purchases yet: {reason}.",
  "prediction.clv.range": "95% range {low} – {high}, from how precisely your shop's buying patterns are known.",
  "prediction.unavailable.insufficient":
    "Predictions need at least {min} customers who ordered more than once; they appear as customers come back.",
  "prediction.unavailable.other": "Predictions could not be computed for this shop's data.",
  "prediction.buyAgain": "{share} of customers are expected to order again within {days} days.",
};
