// The Import orders page's action: whatever the file holds, and whatever goes wrong while it is
// written, the merchant gets a report, never a 500.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL, useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { testDatabaseKind } from "../helpers/db";

const { db } = await useAppEnv();
await import("~/shopify.server");
const importPage = await import("~/routes/app.import");

const SHOP = "import-route.myshopify.com";
const HEADER = "Name,Email,Financial Status,Paid at,Currency,Total,Created at,Cancelled at,Refunded Amount,Id,Source";
let shopId: string;
beforeAll(async () => {
  // An installed shop with its stored offline session: the admin request needs no token exchange.
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: SHOP, name: "Import", currency: "EUR", timezone: "Europe/Amsterdam" },
    })
  ).id;
  await db.session.create({
    data: { id: `offline_${SHOP}`, shop: SHOP, state: "", isOnline: false, accessToken: "stored-token" },
  });
});

function upload(csv: string) {
  const form = new FormData();
  form.append("file", new Blob([csv], { type: "text/csv" }), "orders.csv");
  return new Request(`${TEST_APP_URL}/app/import`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${signSessionToken({ shop: SHOP, apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET })}`,
    },
    body: form,
  });
}
const rows = (n: number, change: (i: number) => string | null = () => null) =>
  [
    HEADER,
    ...Array.from(
      { length: n },
      (_, k) =>
        change(k + 1) ?? `#${k + 1},a@example.nl,paid,,EUR,10.00,2024-01-01 10:00:00 +0100,,,${800000 + k + 1},web`,
    ),
  ].join("\n");
/** What the browser gets: the status and the JSON body. */
async function answer(request: Request) {
  const r = (await callRoute(importPage.action, request)) as unknown;
  if (r instanceof Response) return { status: r.status, body: null };
  if (r && typeof r === "object" && "init" in r && "data" in r)
    return { status: (r as { init: { status?: number } }).init.status ?? 200, body: (r as { data: unknown }).data };
  return { status: 200, body: r };
}

describe(`the order import action (${testDatabaseKind()})`, () => {
  it("answers a file with an amount no column holds with a report naming its line, and imports the other rows", async () => {
    const csv = rows(3, (i) =>
      i === 2 ? "#2,b@example.nl,paid,,EUR,99999999999999999.99,2024-01-01 11:00:00 +0100,,,800002,web" : null,
    );
    const { status, body } = await answer(upload(csv));
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ok: true,
      result: {
        ordersWritten: 2,
        errorCount: 1,
        errors: [{ line: 3, message: expect.stringMatching(/^order #2: total/) }],
      },
    });
  });

  it("answers a write that fails half-way with a report that nothing was written, and logs the cause", async () => {
    // GIVEN a database that refuses one order of the second batch
    if (testDatabaseKind() === "postgresql") {
      await db.$executeRawUnsafe(
        `CREATE OR REPLACE FUNCTION forced_route_failure() RETURNS trigger AS $$ BEGIN IF NEW."id" = '801500' THEN RAISE EXCEPTION 'forced failure'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
      );
      await db.$executeRawUnsafe(
        `CREATE TRIGGER forced_route_failure BEFORE INSERT ON "Order" FOR EACH ROW EXECUTE FUNCTION forced_route_failure()`,
      );
    } else {
      await db.$executeRawUnsafe(
        `CREATE TRIGGER forced_route_failure BEFORE INSERT ON "Order" WHEN NEW."id" = '801500' BEGIN SELECT RAISE(ABORT, 'forced failure'); END`,
      );
    }
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const before = await db.order.count({ where: { shopId } });
    // WHEN 2,000 orders are uploaded
    const { status, body } = await answer(upload(rows(2000)));
    // THEN the answer is the report, not a 500, and not one order of the file is stored
    expect(status).toBe(200);
    expect(body).toEqual({ ok: false, error: { code: "write_failed" } });
    expect(await db.order.count({ where: { shopId } })).toBe(before);
    expect(logged.mock.calls.map((c) => String(c[0]))).toEqual([
      expect.stringMatching(/^order import of shop \S+ failed and was rolled back: .*forced failure/),
    ]);
  });
});
