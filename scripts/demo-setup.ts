// Seeds the demo shop (deterministic, idempotent) and stores its offline session, so the
// demo admin behaves as an installed app. Used by `npm run demo` and the browser tests.
import { createDb } from "../app/db/client.server";
import { DEFAULT_DATABASE_URL } from "../app/env.server";
import { DEFAULT_OBSERVATION_END } from "../app/demo/generator";
import { seedDemoShop } from "../app/demo/seed.server";
import { refreshAnalyticsSnapshot } from "../app/models/analytics-snapshot.server";
import { storeDemoSession } from "../app/demo/session.server";
import { ACCESS_SCOPES } from "../app/shopify-scopes";

const db = createDb(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
const started = performance.now();
const result = await seedDemoShop(db);
await storeDemoSession(db, ACCESS_SCOPES);
// The demo's "now" is the end of its generated history, so its figures never drift.
await refreshAnalyticsSnapshot(db, result.shopId, DEFAULT_OBSERVATION_END);
console.log(`Demo shop ready (${((performance.now() - started) / 1000).toFixed(1)} s):`, JSON.stringify(result));
await db.$disconnect();
