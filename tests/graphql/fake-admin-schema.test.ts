// The fake Admin API holds the app to Shopify's 2026-10 schema at request time: an invalid
// document is refused before it runs, a deprecated field or input is answered with Shopify's
// deprecation header and makes close() fail, and bulk queries follow 2026-10's rules (five at
// once per shop, looked up with bulkOperation(id)).
import { afterEach, describe, expect, it } from "vitest";
import { BULK_OPERATION_QUERY, BULK_OPERATION_RUN_QUERY, bulkCustomersQuery } from "~/platforms/shopify/graphql/bulk";
import {
  DEPRECATION_NOTICE,
  MAX_CONCURRENT_BULK_QUERIES,
  startFakeShopifyAdmin,
  type FakeShopifyAdmin,
} from "../fakes/shopify-admin";

let fake: FakeShopifyAdmin | null = null;
afterEach(async () => {
  await fake?.close().catch(() => undefined);
  fake = null;
});

async function post(query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${fake!.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-shopify-access-token": fake!.accessToken },
    body: JSON.stringify({ query, variables }),
  });
  return {
    deprecation: res.headers.get("x-shopify-api-deprecated-reason"),
    body: (await res.json()) as {
      data?: Record<string, unknown>;
      errors?: { message: string; extensions?: unknown }[];
    },
  };
}

describe("fake Admin API, 2026-10 schema", () => {
  it("refuses a document the schema rejects before running it, and records it", async () => {
    fake = await startFakeShopifyAdmin();
    // GIVEN a field 2026-10 removed (Order.exchangeV2s)
    const query = `query Old { orders(first: 1) { nodes { id exchangeV2s(first: 1) { nodes { id } } } } }`;
    // WHEN the app sends it
    const { body } = await post(query);
    // THEN Shopify's validation error comes back, nothing ran, and the test can see it
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: 'Cannot query field "exchangeV2s" on type "Order".',
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      }),
    ]);
    expect(fake.state.requests).toEqual([]);
    expect(fake.state.rejected).toEqual([{ query, errors: ['Cannot query field "exchangeV2s" on type "Order".'] }]);
  });

  it("refuses variables that do not coerce to 2026-10's input types", async () => {
    fake = await startFakeShopifyAdmin();
    const mutation = `mutation D($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { userErrors { message } } }`;
    // DiscountContextInput is @oneOf: naming two kinds of buyers at once is invalid.
    const { body } = await post(mutation, {
      d: { title: "x", code: "X", context: { all: "ALL", customers: { add: ["gid://shopify/Customer/1"] } } },
    });
    expect(body.errors?.[0].message).toMatch(
      /at "d.context"; Exactly one key must be specified for OneOf type "DiscountContextInput"/,
    );
    expect(fake.state.discounts).toEqual([]);
  });

  it("answers a deprecated field with Shopify's deprecation header, and close() then fails naming it", async () => {
    fake = await startFakeShopifyAdmin();
    const { deprecation, body } = await post(`query Current { currentBulkOperation { id } }`);
    expect(body.errors).toBeUndefined();
    expect(deprecation).toBe(DEPRECATION_NOTICE);
    expect(fake.state.deprecations).toEqual([
      {
        operationName: null,
        usages: [
          "The field QueryRoot.currentBulkOperation is deprecated. Use `bulkOperations` with status filter instead.",
        ],
      },
    ]);
    await expect(fake.close()).rejects.toThrow(
      /deprecated Admin API parts:\n\(anonymous\): The field QueryRoot.currentBulkOperation/,
    );
    fake = null;
  });

  it("flags a deprecated input field passed in variables too (the 2025-04 customerSelection)", async () => {
    fake = await startFakeShopifyAdmin({ allowDeprecated: true });
    const mutation = `mutation D($d: DiscountCodeBasicInput!) { discountCodeBasicCreate(basicCodeDiscount: $d) { userErrors { message } } }`;
    const { deprecation } = await post(mutation, {
      d: {
        title: "x",
        code: "X",
        customerSelection: { customers: { add: ["gid://shopify/Customer/1"] } },
        customerGets: { value: { percentage: 0.1 }, items: { all: true } },
      },
    });
    expect(deprecation).toBe(DEPRECATION_NOTICE);
    expect(fake.state.deprecations[0].usages).toEqual([
      "The input field DiscountCodeBasicInput.customerSelection (at $d.customerSelection) is deprecated. Use `context` instead.",
    ]);
    await expect(fake.close()).resolves.toBeUndefined();
    fake = null;
  });

  it(`runs up to ${MAX_CONCURRENT_BULK_QUERIES} bulk queries at once, refuses the next with LIMIT_REACHED, and finds each by bulkOperation(id)`, async () => {
    fake = await startFakeShopifyAdmin({ bulkPollsToComplete: 2 });
    const ids: string[] = [];
    for (let i = 0; i < MAX_CONCURRENT_BULK_QUERIES; i++) {
      const { body } = await post(BULK_OPERATION_RUN_QUERY, { query: bulkCustomersQuery() });
      const r = body.data!.bulkOperationRunQuery as { bulkOperation: { id: string; status: string }; userErrors: [] };
      expect(r.userErrors).toEqual([]);
      ids.push(r.bulkOperation.id);
    }
    const refused = await post(BULK_OPERATION_RUN_QUERY, { query: bulkCustomersQuery() });
    expect(refused.body.data!.bulkOperationRunQuery).toEqual({
      bulkOperation: null,
      userErrors: [
        { field: null, message: "Bulk operations limit reached. Please try again later.", code: "LIMIT_REACHED" },
      ],
    });
    const statuses = [];
    for (const id of ids) {
      const { body, deprecation } = await post(BULK_OPERATION_QUERY, { id });
      expect(deprecation).toBeNull();
      statuses.push((body.data!.bulkOperation as { id: string; status: string }).status);
    }
    expect(statuses).toEqual(Array(MAX_CONCURRENT_BULK_QUERIES).fill("RUNNING"));
    expect((await post(BULK_OPERATION_QUERY, { id: "gid://shopify/BulkOperation/999" })).body.data).toEqual({
      bulkOperation: null,
    });
  });
});
