// `npm run bench`: prints one JSON line per benchmark case
// {name, orders, customers, seconds, peakRssMb, target}. Speed is measured here, never in unit tests.
import { runAnalyticsBench } from "./bench/analytics";

const only = process.argv[2];
if (!only || only === "analytics") for (const line of runAnalyticsBench()) console.log(JSON.stringify(line));
