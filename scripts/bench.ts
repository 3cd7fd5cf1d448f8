// `npm run bench`: prints one JSON line per benchmark case
// {name, orders, customers, seconds, peakRssMb, target}. Speed is measured here, never in unit tests.
import { runAnalysisFromDbBench } from "./bench/analysis-db";
import { runAnalyticsBench } from "./bench/analytics";
import { runExportsBench } from "./bench/exports";
import { runIngestBench } from "./bench/ingest";
import { runPagesBench } from "./bench/pages";
import { runWebhookBench } from "./bench/webhooks";
import { runWooCommerceBench } from "./bench/woocommerce";
import { missingPrerequisites } from "./wordpress-stack.mjs";

const only = process.argv[2];
if (!only || only === "analytics") {
  for (const line of runAnalyticsBench()) console.log(JSON.stringify(line));
  // After the ingest bench (which leaves the 1M-order SQLite file) when both run.
  if (only) for (const line of runAnalysisFromDbBench()) console.log(JSON.stringify(line));
}
if (!only || only === "ingest") for (const line of await runIngestBench()) console.log(line);
if (!only) for (const line of runAnalysisFromDbBench()) console.log(JSON.stringify(line));
if (!only || only === "pages") for (const line of await runPagesBench()) console.log(line);
if (!only || only === "exports") for (const line of await runExportsBench()) console.log(line);
// `npm run bench -- webhooks postgresql`: one database only.
if (!only || only === "webhooks") for (const line of await runWebhookBench(process.argv[3])) console.log(line);
// `npm run bench -- woocommerce [sqlite|postgresql]`: a full sync of a real WooCommerce store of
// 20,000 orders (seeded once into .tmp/wordpress/bench: the first run takes many minutes).
if (!only || only === "woocommerce") {
  const missing = missingPrerequisites();
  if (missing) console.log(JSON.stringify({ name: "woocommerce-full-sync", skipped: missing }));
  else for (const line of await runWooCommerceBench(process.argv[3])) console.log(line);
}
