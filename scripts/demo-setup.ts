// Seeds the demo shop (deterministic, idempotent) and stores its offline session, so the
// demo admin behaves as an installed app. Used by `npm run demo` and the browser tests.
import { createDb } from "../app/db.server";
import { DEFAULT_DATABASE_URL } from "../app/db-url";
import { seedDemoShop } from "../app/demo/seed.server";
import { storeDemoSession } from "../app/demo/session.server";
import { ACCESS_SCOPES } from "../app/shopify-scopes";

const db = createDb(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL);
const started = performance.now();
const result = await seedDemoShop(db);
await storeDemoSession(db, ACCESS_SCOPES);
console.log(`Demo shop ready (${((performance.now() - started) / 1000).toFixed(1)} s):`, JSON.stringify(result));
await db.$disconnect();
