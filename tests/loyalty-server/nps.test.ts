// The storefront NPS survey: validated answers are stored as SurveyAnswer rows for the
// shopper (or anonymously for a guest); invalid ones are refused with a JSON error.
import { beforeEach, describe, expect, it } from "vitest";
import { callRoute, proxyRequest } from "../helpers/app-proxy";
import { SHOP, useLoyaltyApp } from "./setup";

const { db, routes, resetShop } = await useLoyaltyApp();
const answer = (body: unknown, customerId: string | null = "321") =>
  callRoute(routes.nps.action, proxyRequest("/api/nps", { shop: SHOP, customerId, body }));

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
    expect((await answer({ score: 0, comment: "" }, null)).status).toBe(200);
    expect((await answer({ score: 10 }, null)).status).toBe(200);
    const rows = await db.surveyAnswer.findMany({ where: { shopId }, orderBy: { score: "asc" } });
    expect(rows.map((r) => [r.customerId, r.score, r.comment])).toEqual([
      [null, 0, null],
      [null, 10, null],
    ]);
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
