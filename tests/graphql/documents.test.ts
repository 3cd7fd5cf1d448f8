// Every GraphQL document the app and its extensions send, validated against Shopify's official
// 2026-10 schemas (tests/fixtures/shopify/). Documents are collected, not listed: every
// `#graphql` string exported from a document folder, and every bulk query builder, so a new
// document cannot skip the check; and a scan of app/ and extensions/ fails when a document
// lives anywhere else.
import fs from "node:fs";
import path from "node:path";
import { getVariableValues, Kind, parse, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { describe, expect, it } from "vitest";
import { discountInput, type DiscountSpec } from "~/platforms/shopify/discount-codes.server";
import {
  adminSchema,
  bulkQueryErrors,
  customerAccountSchema,
  deprecatedUsages,
  documentErrors,
  SHOPIFY_API_VERSION,
} from "./schemas";

const root = path.resolve(import.meta.dirname, "..", "..");

/** Where documents live, and the API each folder's documents are sent to. */
const DOCUMENT_FOLDERS: { dir: string; api: string; schema: () => GraphQLSchema }[] = [
  { dir: "app/platforms/shopify/graphql", api: "Admin API", schema: adminSchema },
  // The customer account UI extension: none today (it has api_access = false and calls the app instead).
  { dir: "extensions/retention-account/src/graphql", api: "Customer Account API", schema: customerAccountSchema },
];

interface Collected {
  file: string;
  name: string;
  source: string;
  schema: () => GraphQLSchema;
  bulk: boolean;
}

const isDocument = (v: unknown): v is string => typeof v === "string" && v.trimStart().startsWith("#graphql");

async function collect(): Promise<Collected[]> {
  const out: Collected[] = [];
  for (const folder of DOCUMENT_FOLDERS) {
    const dir = path.join(root, folder.dir);
    if (!fs.existsSync(dir)) continue;
    for (const file of fs.readdirSync(dir).filter((f) => /\.tsx?$/.test(f))) {
      const rel = `${folder.dir}/${file}`;
      const mod = (await import(path.join(dir, file))) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (isDocument(value)) out.push({ file: rel, name, source: value, schema: folder.schema, bulk: false });
        // Bulk query builders: the plain query a bulk operation runs, with and without a search.
        if (typeof value === "function" && /^bulk\w*Query$/.test(name)) {
          const build = value as (search?: string) => string;
          for (const [label, source] of [
            [`${name}()`, build()],
            [`${name}(search)`, build("updated_at:>'2026-01-01T00:00:00Z'")],
          ])
            out.push({ file: rel, name: label, source, schema: folder.schema, bulk: true });
        }
      }
    }
  }
  return out;
}

const documents = await collect();

/** Source files under app/ and extensions/ that hold GraphQL text. */
function filesWithGraphql(): { file: string; tagged: number }[] {
  const found: { file: string; tagged: number }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && entry.name !== "generated" && entry.name !== "assets") walk(rel);
      } else if (/\.(ts|tsx|js|jsx|mjs)$/.test(entry.name)) {
        const text = fs.readFileSync(path.join(root, rel), "utf8");
        const tagged = text.match(/#graphql/g)?.length ?? 0;
        // An untagged operation in a template literal, e.g. `query Foo {` or `mutation Bar(`.
        const untagged = /`\s*(query|mutation)\s+[A-Za-z_]\w*\s*[({]/.test(text);
        if (tagged || untagged) found.push({ file: rel, tagged });
      }
    }
  };
  walk("app");
  walk("extensions");
  return found;
}

describe(`GraphQL documents against Shopify's ${SHOPIFY_API_VERSION} schemas`, () => {
  it("collects every document: each file holding GraphQL is a document folder's, each of its #graphql strings exported", () => {
    const files = filesWithGraphql();
    expect(files.length).toBeGreaterThan(0);
    for (const { file, tagged } of files) {
      expect(
        DOCUMENT_FOLDERS.some((f) => file.startsWith(`${f.dir}/`)),
        `${file} holds GraphQL outside ${DOCUMENT_FOLDERS.map((f) => f.dir).join(" or ")}`,
      ).toBe(true);
      const exported = documents.filter((d) => d.file === file && !d.bulk).length;
      expect(exported, `${file}: every #graphql document is exported (so it is validated here)`).toBe(tagged);
    }
    expect(documents.filter((d) => !d.bulk).length).toBeGreaterThanOrEqual(17);
    expect(documents.filter((d) => d.bulk).map((d) => d.name)).toEqual(
      expect.arrayContaining(["bulkOrdersQuery()", "bulkCustomersQuery()"]),
    );
  });

  it.each(documents.filter((d) => !d.bulk).map((d) => [`${d.file} ${d.name}`, d] as const))(
    "%s validates and uses nothing deprecated",
    (_label, d) => {
      expect(documentErrors(d.schema(), d.source)).toEqual([]);
      const doc = parse(d.source);
      const ops = doc.definitions.filter((x): x is OperationDefinitionNode => x.kind === Kind.OPERATION_DEFINITION);
      // Named, one operation per document: the name shows in Shopify's logs and the fake's records.
      expect(ops.map((o) => !!o.name)).toEqual([true]);
      expect(deprecatedUsages(d.schema(), doc)).toEqual([]);
    },
  );

  it.each(documents.filter((d) => d.bulk).map((d) => [`${d.file} ${d.name}`, d] as const))(
    "%s is a valid bulk query",
    (_label, d) => {
      expect(bulkQueryErrors(d.schema(), d.source)).toEqual([]);
      expect(deprecatedUsages(d.schema(), parse(d.source))).toEqual([]);
    },
  );

  it("the customer account extension sends no Customer Account API document while it declares api_access = false", () => {
    const toml = fs.readFileSync(path.join(root, "extensions/retention-account/shopify.extension.toml"), "utf8");
    const own = documents.filter((d) => d.file.startsWith("extensions/retention-account/"));
    expect(/^api_access = (true|false)$/m.exec(toml)?.[1]).toBe(own.length ? "true" : "false");
    // The schema a document there would be checked against loads and is the Customer Account API's.
    expect(customerAccountSchema().getQueryType()?.getFields().customer).toBeDefined();
  });

  it("refuses what 2026-10 removed or restricts: a removed field, a bulk query without a connection, a deprecated field", () => {
    // Shop.draftOrders was in 2025-04 and is gone in 2026-10.
    expect(documentErrors(adminSchema(), "query Q { shop { draftOrders(first: 1) { nodes { id } } } }")).toEqual([
      'Cannot query field "draftOrders" on type "Shop". Did you mean "draftOrderTags" or "orders"?',
    ]);
    expect(bulkQueryErrors(adminSchema(), "{ shop { name } }")).toEqual([
      "Bulk queries must contain at least one connection.",
    ]);
    expect(deprecatedUsages(adminSchema(), parse("query Q { currentBulkOperation { id } }"))).toEqual([
      expect.stringContaining("QueryRoot.currentBulkOperation is deprecated"),
    ]);
  });
});

describe("discount inputs the app builds", () => {
  const spec = (type: DiscountSpec["type"]): DiscountSpec => ({
    code: "RW-TEST",
    title: "Reward",
    customerId: "2000",
    type,
    value: type === "percentage" ? 10 : 500,
    currency: "EUR",
    minimumOrderMinor: 2500,
    combinesWith: { order: false, product: true, shipping: true },
  });

  it.each(["fixed_amount", "percentage", "free_shipping"] as const)(
    "%s: its variables coerce to the 2026-10 input types and use no deprecated input field",
    (type) => {
      const { mutation, variables } = discountInput(spec(type), new Date("2026-11-01T00:00:00Z"));
      const doc = parse(mutation);
      const op = doc.definitions.find((x): x is OperationDefinitionNode => x.kind === Kind.OPERATION_DEFINITION)!;
      const coerced = getVariableValues(adminSchema(), op.variableDefinitions ?? [], variables);
      expect(coerced.errors?.map((e) => e.message)).toBeUndefined();
      expect(deprecatedUsages(adminSchema(), doc, variables)).toEqual([]);
      // Only this customer may use the code: the @oneOf context names exactly the customer.
      const input = Object.values(variables)[0] as { context?: unknown };
      expect(input.context).toEqual({ customers: { add: ["gid://shopify/Customer/2000"] } });
    },
  );

  it("would flag the deprecated customerSelection the app used on 2025-04", () => {
    const { mutation, variables } = discountInput(spec("percentage"), new Date("2026-11-01T00:00:00Z"));
    const old = {
      basicCodeDiscount: {
        ...(variables as { basicCodeDiscount: Record<string, unknown> }).basicCodeDiscount,
        context: undefined,
        customerSelection: { customers: { add: ["gid://shopify/Customer/2000"] } },
      },
    };
    expect(deprecatedUsages(adminSchema(), parse(mutation), old)).toEqual([
      "The input field DiscountCodeBasicInput.customerSelection (at $basicCodeDiscount.customerSelection) is deprecated. Use `context` instead.",
    ]);
  });
});
