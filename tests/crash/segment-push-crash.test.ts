// kill -9 in the middle of a win-back push: a real child process (tests/crash/child.ts, the app's
// job engine) pushes 300 customers' segments to the fake Admin API in chunks of 100; on the second
// push, where 100 of them move into "inactive", it is stopped dead right after Shopify ran the
// 50th Flow trigger and before the answer came back (the worst moment: sent, not known to be
// sent). The test SIGKILLs it, starts a new process and asks for the push again, then counts:
// every customer's tags and fields exactly as the segments say, the merchant's own tags
// untouched, each "became inactive" trigger sent once, and the run resumed from the cursor of
// its last finished chunk (not from the first customer). On the test run's database (SQLite, or
// TEST_DATABASE=postgresql).
import { afterAll, describe, expect, it } from "vitest";
import type { Db } from "~/db/client.server";
import { startFakeShopifyAdmin, taggedCustomer } from "../fakes/shopify-admin";
import { testDatabaseKind, useTestDb } from "../helpers/db";
import { childEnv, killChildren, startChild, until, type Child } from "./child-process";

afterAll(killChildren);

const CUSTOMERS = 300; // three chunks of the push's 100
const KILL_AT_TRIGGER = 50; // in the second chunk
const DOMAIN = "push-crash.myshopify.com";
const ids = Array.from({ length: CUSTOMERS }, (_v, i) => String(5_000_001 + i));
const OWN_TAGS = (id: string) => (Number(id) % 7 === 0 ? ["VIP", "retention:manual"] : ["VIP"]);
const BEFORE = ["repeat", "one-time", "active-loyal"];
const segmentBefore = (i: number) => BEFORE[i % 3];
/** Every repeat buyer crosses the inactivity threshold: 100 moves, one trigger each. */
const segmentAfter = (i: number) => (i % 3 === 0 ? "inactive" : segmentBefore(i));
const entering = ids.filter((_id, i) => i % 3 === 0);
/** A customer of the first chunk who does not move: tagged by the first push only. */
const PROBE = ids[1];

/** What an analytics refresh writes: one row per customer, stamped with this refresh's time. */
async function writeInsights(db: Db, shopId: string, segmentOf: (i: number) => string) {
  const computedAt = new Date();
  await db.customerInsight.deleteMany({ where: { shopId } });
  await db.customerInsight.createMany({
    data: ids.map((id, i) => ({
      shopId,
      customerKey: `c:${id}`,
      customerId: id,
      email: null,
      name: `Klant ${id}`,
      searchText: id,
      orders: 2,
      revenueMinor: 5000n,
      firstOrderDate: "2025-03-01",
      lastOrderDate: segmentOf(i) === "inactive" ? "2026-05-01" : "2026-10-01",
      segment: segmentOf(i),
      rfmR: 3,
      rfmF: 3,
      rfmM: 3,
      rfmSegment: "Loyal",
      pAlive: 0.5,
      expectedPurchases: 1,
      expectedOrderValueMinor: 2500n,
      predictedClvMinor: 12_345n,
      computedAt,
    })),
  });
}

async function requestPush(child: Child, shopId: string) {
  const res = await fetch(`http://127.0.0.1:${child.port}/push`, { method: "POST", body: JSON.stringify({ shopId }) });
  expect(await res.json()).toEqual({ queued: true });
}

const database = await useTestDb();

describe("kill -9 during a win-back push", () => {
  it(
    "leaves every customer tagged as the segments say, each Flow trigger sent once, and resumes from the cursor",
    { timeout: 180_000 },
    async () => {
      const { db, url } = database;
      const fake = await startFakeShopifyAdmin({
        shop: DOMAIN,
        bucket: { maximumAvailable: 100_000, restoreRate: 100_000 },
      });
      fake.state.customers = ids.map((id) => taggedCustomer(id, OWN_TAGS(id)));
      const shop = await db.shop.create({
        data: {
          platform: "shopify",
          domain: DOMAIN,
          name: "Push Crash Shop",
          currency: "EUR",
          timezone: "Europe/Amsterdam",
          settings: JSON.stringify({ winback: { pushEnabled: true } }),
        },
      });
      await db.session.create({
        data: {
          id: `offline_${DOMAIN}`,
          shop: DOMAIN,
          state: "",
          isOnline: false,
          accessToken: fake.accessToken,
          scope: "read_customers,write_customers",
        },
      });
      const pushState = { shopId_kind: { shopId: shop.id, kind: "segment-push" } };
      const pushRun = () => db.syncState.findUniqueOrThrow({ where: pushState });
      const pushDone = async () => (await db.syncState.findUnique({ where: pushState }))?.status === "completed";
      const env = childEnv(url, fake.url);
      try {
        // GIVEN every customer tagged by a first push
        await writeInsights(db, shop.id, segmentBefore);
        const first = await startChild({ ...env, CRASH_PUSH_PAUSE: String(KILL_AT_TRIGGER) });
        await requestPush(first, shop.id);
        await until(pushDone, "the first push", 90_000);
        expect(fake.state.flowTriggers).toEqual([]);

        // ...and a refresh that moves a third of them into "inactive", whose push is stopped dead
        // right after Shopify ran the 50th trigger, before its answer arrived
        await writeInsights(db, shop.id, segmentAfter);
        await requestPush(first, shop.id);
        await first.until("PAUSED push", 90_000);
        const atKill = JSON.parse((await pushRun()).cursor!) as { phase: string; after: string | null };
        const requestsAtKill = fake.state.requests.length;
        const triggersAtKill = fake.state.flowTriggers.length;

        // WHEN it is killed (no clean-up of any kind)...
        first.proc.kill("SIGKILL");
        await first.exited;
        // (a probe for where the next run starts: our record of what Shopify holds for a customer before
        // the cursor goes; a pass from the first customer would tag that customer again, the resumed one does not)
        await db.segmentPush.delete({ where: { shopId_customerId: { shopId: shop.id, customerId: PROBE } } });
        // ...the dead run's lease lapses (ten minutes without progress), and a new process is asked to push
        await db.syncState.update({ where: pushState, data: { updatedAt: new Date(Date.now() - 11 * 60_000) } });
        const second = await startChild(env);
        await requestPush(second, shop.id);
        await until(pushDone, "the resumed push", 90_000);
        second.proc.kill("SIGKILL");
        await second.exited;

        // THEN the kill came mid-pass: after the first chunk, inside the second
        expect(atKill).toMatchObject({ phase: "customers", after: ids[99] });
        expect(triggersAtKill).toBe(KILL_AT_TRIGGER);
        // every customer carries the merchant's tags and exactly the segment's tag and field
        const segments = new Map(
          (await db.customerInsight.findMany({ where: { shopId: shop.id } })).map((r) => [r.customerId!, r.segment]),
        );
        expect(segments.size).toBe(CUSTOMERS);
        for (const c of fake.state.customers) {
          const id = c.id.split("/").pop()!;
          expect([...c.tags].sort()).toEqual([...OWN_TAGS(id), `retention:${segments.get(id)}`].sort());
          expect(fake.state.customerMetafields[c.id]["retention.segment"].value).toBe(segments.get(id));
        }
        // each customer that became inactive started its workflow once, the one whose answer was lost too
        const triggered = fake.state.flowTriggers.map((t) => String(t.payload.customer_id));
        expect(triggered.sort()).toEqual([...entering].sort());
        // the new process went on from the cursor: nothing about a customer before it, and the probe's
        // customer was tagged once (by the first push) and never again
        const customersIn = (r: (typeof fake.state.requests)[number]) =>
          [...JSON.stringify(r.variables).matchAll(/Customer\/(\d+)|customer_id\\?"?:(\d+)/g)].map((m) => m[1] ?? m[2]);
        const afterKill = fake.state.requests.slice(requestsAtKill).flatMap(customersIn);
        expect(afterKill.length).toBeGreaterThan(0);
        expect(afterKill.filter((id) => id <= atKill.after!)).toEqual([]);
        const tagsAdded = fake.state.requests
          .filter((r) => /mutation\s+RetentionCustomerTagsAdd\b/.test(r.query))
          .map((r) => String(r.variables.id).split("/").pop());
        expect(tagsAdded.filter((id) => id === PROBE)).toHaveLength(1);
        // and no customer was tagged twice by the same push: once by the first, once more only if it moved
        const perCustomer = new Map<string, number>();
        for (const id of tagsAdded) perCustomer.set(id!, (perCustomer.get(id!) ?? 0) + 1);
        expect(ids.filter((id, i) => perCustomer.get(id) !== (i % 3 === 0 ? 2 : 1))).toEqual([]);
        expect(fake.state.rejected).toEqual([]);

        console.log(
          JSON.stringify({
            pushCrash: testDatabaseKind(),
            customers: CUSTOMERS,
            cursorAtKill: atKill,
            triggersAtKill,
            requestsAtKill,
            requestsAfterKill: fake.state.requests.length - requestsAtKill,
          }),
        );
      } finally {
        await fake.close();
      }
    },
  );
});
