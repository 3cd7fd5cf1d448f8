// The storefront NPS survey: validated answers are stored as SurveyAnswer rows for the
// shopper (or anonymously for a guest); invalid ones are refused with a JSON error; and nobody
// can answer again and again: once per customer, order or guest address per survey period, and
// a limited number of answers per address and hour.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { SHOP, useLoyaltyApp } from "./setup";

const { db, routes, resetShop } = await useLoyaltyApp();
const { recordSurveyAnswer, NPS_IP_LIMIT, NPS_PERIOD_DAYS } = await import("~/models/nps.server");

/** An answer through the app proxy; `ip` is the shopper's address as Shopify forwards it. */
const answer = (body: unknown, customerId: string | null = "321", ip: string | null = "203.0.113.7") => {
  const request = proxyRequest("/api/nps", { shop: SHOP, customerId, body });
  if (ip) request.headers.set("x-forwarded-for", `${ip}, 10.0.0.1`);
  return callRoute(routes.nps.action, request);
};

let shopId: string;
beforeEach(async () => {
  shopId = (await resetShop()).id;
});

describe("NPS endpoint", () => {
  it("stores a score and trimmed comment for the signed-in shopper, ignoring a customerId in the body", async () => {
    const res = await answer({ score: 9, comment: "  Fast delivery!  ", customerId: "999" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    const rows = await db.surveyAnswer.findMany({ where: { shopId } });
    expect(rows.map((r) => [r.customerId, r.score, r.comment])).toEqual([["321", 9, "Fast delivery!"]]);
  });

  it("stores a guest's answer without a customer, and an empty comment as none", async () => {
    expect((await answer({ score: 0, comment: "" }, null, "203.0.113.1")).status).toBe(200);
    expect((await answer({ score: 10 }, null, "203.0.113.2")).status).toBe(200);
    const rows = await db.surveyAnswer.findMany({ where: { shopId }, orderBy: { score: "asc" } });
    expect(rows.map((r) => [r.customerId, r.score, r.comment])).toEqual([
      [null, 0, null],
      [null, 10, null],
    ]);
    // The address is kept only as a keyed hash.
    expect(JSON.stringify(rows)).not.toContain("203.0.113");
  });

  it.each([
    ["a score above 10", { score: 11 }],
    ["a negative score", { score: -1 }],
    ["a fractional score", { score: 7.5 }],
    ["a score as text", { score: "9" }],
    ["no score", { comment: "hi" }],
    ["a comment over 1000 characters", { score: 5, comment: "x".repeat(1001) }],
    ["a comment that is not text", { score: 5, comment: 42 }],
    ["a body that is not an object", [1, 2]],
  ])("refuses %s with 400 and a JSON error, storing nothing", async (_what, body) => {
    const res = await answer(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: expect.any(String) });
    expect(await db.surveyAnswer.count({ where: { shopId } })).toBe(0);
  });

  it("accepts a comment of exactly 1000 characters", async () => {
    expect((await answer({ score: 5, comment: "y".repeat(1000) })).status).toBe(200);
  });

  it("refuses a GET", async () => {
    const res = await callRoute(routes.nps.action, proxyRequest("/api/nps", { shop: SHOP, customerId: "1" }));
    expect(res.status).toBe(405);
  });
});

describe("NPS limits", () => {
  const order = (id: string, customerId: string | null) =>
    db.order.create({
      data: {
        shopId,
        id,
        customerId,
        currency: "EUR",
        totalMinor: 100n,
        netPaidMinor: 100n,
        financialStatus: "paid",
        processedAt: new Date(),
      },
    });

  it("a signed-in customer answers once per survey period, from any address", async () => {
    expect((await answer({ score: 9 }, "321", "203.0.113.7")).status).toBe(200);
    const again = await answer({ score: 0 }, "321", "198.51.100.9");
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: expect.any(String) });
    expect((await answer({ score: 0 }, "322")).status).toBe(200);
    expect(
      (await db.surveyAnswer.findMany({ where: { shopId }, orderBy: { score: "asc" } })).map((a) => a.score),
    ).toEqual([0, 9]);
  });

  it("the next survey period takes a new answer from the same customer", async () => {
    const first = new Date("2026-01-01T00:00:00Z");
    const who = { customerId: "321", shopperKey: null };
    const input = { score: 7, comment: null, orderId: null };
    expect(await recordSurveyAnswer(db, shopId, who, input, first)).toEqual({ ok: true });
    expect(await recordSurveyAnswer(db, shopId, who, input, new Date(first.getTime() + 3_600_000))).toMatchObject({
      status: 409,
    });
    const next = new Date(first.getTime() + NPS_PERIOD_DAYS * 86_400_000);
    expect(await recordSurveyAnswer(db, shopId, who, input, next)).toEqual({ ok: true });
  });

  it("a guest answers once per address per period, and not at all when the address is unknown", async () => {
    expect((await answer({ score: 10 }, null, "203.0.113.7")).status).toBe(200);
    expect((await answer({ score: 10 }, null, "203.0.113.7")).status).toBe(409);
    expect((await answer({ score: 10 }, null, "::ffff:203.0.113.7")).status).toBe(409);
    expect((await answer({ score: 10 }, null, "203.0.113.8")).status).toBe(200);
    expect((await answer({ score: 10 }, null, null)).status).toBe(403);
    expect(await db.surveyAnswer.count({ where: { shopId } })).toBe(2);
  });

  it("a guest answers for a known order once, whatever the address", async () => {
    await order("5001", null);
    expect((await answer({ score: 8, orderId: "5001" }, null, null)).status).toBe(200);
    expect((await answer({ score: 1, orderId: "5001" }, null, "198.51.100.1")).status).toBe(409);
    expect((await answer({ score: 1, orderId: "5999" }, null, "198.51.100.1")).status).toBe(404);
    expect(await db.surveyAnswer.findMany({ where: { shopId }, select: { orderId: true, score: true } })).toEqual([
      { orderId: "5001", score: 8 },
    ]);
  });

  it("limits the answers one address may post per hour, signed in or not", async () => {
    for (let i = 0; i < NPS_IP_LIMIT.max; i++)
      expect((await answer({ score: 5 }, String(9000 + i), "192.0.2.44")).status).toBe(200);
    const limited = await answer({ score: 5 }, "8888", "192.0.2.44");
    expect(limited.status).toBe(429);
    expect(await db.surveyAnswer.count({ where: { shopId } })).toBe(NPS_IP_LIMIT.max);
    // Another address is not affected.
    expect((await answer({ score: 5 }, "8888", "192.0.2.45")).status).toBe(200);
  });
});
