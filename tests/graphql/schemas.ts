// Shopify's official 2026-10 schemas (tests/fixtures/shopify/README.md names the source) and
// the checks every GraphQL document the app sends must pass: graphql-js validation, plus what
// Shopify adds for bulk queries and what Shopify flags as deprecated (a deprecated field is
// removed in a later version, so the app must not lean on one when it moves version).
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import {
  buildClientSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  Kind,
  NoDeprecatedCustomRule,
  parse,
  typeFromAST,
  validate,
  visit,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

/** The API version the fixtures are, and the app must call. */
export const SHOPIFY_API_VERSION = "2026-10";

const fixture = (name: string) => path.resolve(import.meta.dirname, "..", "fixtures", "shopify", name);

function load(name: string): GraphQLSchema {
  const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(fixture(name))).toString("utf8")) as {
    data: IntrospectionQuery;
  };
  return buildClientSchema(json.data);
}

let admin: GraphQLSchema | undefined;
let customer: GraphQLSchema | undefined;
/** The Admin GraphQL API, 2026-10. */
export const adminSchema = () => (admin ??= load(`admin_${SHOPIFY_API_VERSION}.json.gz`));
/** The Customer Account API, 2026-10 (what a customer account UI extension with api_access queries). */
export const customerAccountSchema = () => (customer ??= load(`customer_${SHOPIFY_API_VERSION}.json.gz`));

/** graphql-js validation messages for a document (parse errors included); empty when valid. */
export function documentErrors(schema: GraphQLSchema, source: string): string[] {
  let doc: DocumentNode;
  try {
    doc = parse(source);
  } catch (e) {
    return [(e as Error).message];
  }
  return validate(schema, doc).map((e) => e.message);
}

/**
 * What a request uses that the schema marks deprecated: fields, arguments, enum values and
 * input fields written in the document, and input fields or enum values passed in `variables`
 * (graphql-js only sees the literals).
 */
export function deprecatedUsages(
  schema: GraphQLSchema,
  doc: DocumentNode,
  variables: Record<string, unknown> = {},
): string[] {
  const found = validate(schema, doc, [NoDeprecatedCustomRule]).map((e) => e.message);
  const walk = (type: GraphQLInputType, value: unknown, at: string) => {
    if (value === null || value === undefined) return;
    if (isNonNullType(type)) return walk(type.ofType, value, at);
    if (isListType(type)) {
      if (Array.isArray(value)) value.forEach((v, i) => walk(type.ofType, v, `${at}[${i}]`));
      else walk(type.ofType, value, at);
      return;
    }
    if (isEnumType(type) && typeof value === "string") {
      const reason = type.getValue(value)?.deprecationReason;
      if (reason) found.push(`The enum value "${type.name}.${value}" (at ${at}) is deprecated. ${reason}`);
    }
    if (isInputObjectType(type) && typeof value === "object") {
      const fields = type.getFields();
      for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
        const field = fields[key];
        if (!field) continue; // unknown fields are refused by variable coercion, not here
        if (field.deprecationReason)
          found.push(`The input field ${type.name}.${key} (at ${at}.${key}) is deprecated. ${field.deprecationReason}`);
        walk(field.type, v, `${at}.${key}`);
      }
    }
  };
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      const type = typeFromAST(schema, v.type) as GraphQLInputType | undefined;
      if (type) walk(type, variables[v.variable.name.value], `$${v.variable.name.value}`);
    }
  }
  return found;
}

/**
 * Shopify's rules for the query a bulk operation runs, beyond schema validity
 * (shopify.dev/docs/api/usage/bulk-operations/queries): a single query operation without
 * variables, at least one connection, at most five connections, nested at most two deep.
 */
export function bulkQueryErrors(schema: GraphQLSchema, source: string): string[] {
  const errors = documentErrors(schema, source);
  if (errors.length) return errors;
  const doc = parse(source);
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (ops.length !== 1 || ops[0].operation !== "query") errors.push("Bulk queries must be a single query operation.");
  if (ops.some((o) => o.variableDefinitions?.length)) errors.push("Bulk queries cannot use variables.");
  let connections = 0;
  let depth = 0;
  let maxDepth = 0;
  const isConnection = (f: { selectionSet?: { selections: readonly { kind: Kind; name?: { value: string } }[] } }) =>
    !!f.selectionSet?.selections.some(
      (s) => s.kind === Kind.FIELD && (s.name?.value === "edges" || s.name?.value === "nodes"),
    );
  visit(doc, {
    Field: {
      enter: (f) => {
        if (!isConnection(f)) return;
        connections++;
        maxDepth = Math.max(maxDepth, ++depth);
      },
      leave: (f) => {
        if (isConnection(f)) depth--;
      },
    },
  });
  if (!connections) errors.push("Bulk queries must contain at least one connection.");
  if (connections > 5) errors.push(`Bulk queries cannot contain more than 5 connections (found ${connections}).`);
  if (maxDepth > 2) errors.push(`Bulk queries cannot nest connections more than 2 levels deep (found ${maxDepth}).`);
  return errors;
}
