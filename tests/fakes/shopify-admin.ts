// A local fake of the Shopify Admin GraphQL API for tests. Every document the app sends is
// parsed and validated against Shopify's official Admin schema (2026-10, vendored; see
// tests/graphql/schemas.ts) and executed with graphql-js against an in-memory shop; an invalid
// document or variables are refused as Shopify refuses them, and a request that uses something
// the schema deprecates is answered with Shopify's X-Shopify-API-Deprecated-Reason header and
// recorded in `state.deprecations`. Bulk operations (up to five at once, as from 2026-01)
// produce streamed JSONL files; query cost, the THROTTLED leaky bucket, HTTP failures and
// delays can be injected. Customer tags, customer metafields (and their definitions) and Flow
// trigger calls are held per customer, so a test can assert what Shopify would now hold.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { execute, parse, validate, type DocumentNode, Kind, visit } from "graphql";
import { adminSchema, bulkQueryErrors as shopifyBulkQueryErrors, deprecatedUsages } from "../graphql/schemas";

export { adminSchema };

/** Shopify answers a request that uses a deprecated field, argument or input with this header. */
export const DEPRECATION_NOTICE = "https://shopify.dev/api/usage/versioning#deprecation-practices";
/** Bulk query operations that may run at once per shop and app (API 2026-01 and later). */
export const MAX_CONCURRENT_BULK_QUERIES = 5;

export interface FakeOrder {
  id: string; // gid://shopify/Order/...
  name: string;
  email: string | null;
  createdAt: string;
  updatedAt: string;
  processedAt: string;
  cancelledAt: string | null;
  displayFinancialStatus: string;
  test: boolean;
  sourceName: string | null;
  totalPriceSet: { shopMoney: { amount: string; currencyCode: string } };
  totalRefundedSet: { shopMoney: { amount: string; currencyCode: string } };
  customer: { id: string } | null;
  refunds: {
    id: string;
    createdAt: string;
    totalRefundedSet: { shopMoney: { amount: string; currencyCode: string } };
  }[];
}

export interface FakeCustomer {
  id: string;
  firstName: string | null;
  lastName: string | null;
  createdAt: string;
  updatedAt: string;
  numberOfOrders: string;
  amountSpent: { amount: string; currencyCode: string };
  tags: string[];
  defaultEmailAddress: { emailAddress: string; marketingState: string } | null;
}

/** A customer with an account named "Klant <id>" and these tags of the merchant's own (a win-back push's subject). */
export const taggedCustomer = (id: string, tags: string[]): FakeCustomer => ({
  id: `gid://shopify/Customer/${id}`,
  firstName: `Klant ${id}`,
  lastName: null,
  createdAt: "2025-01-01T00:00:00Z",
  updatedAt: "2025-01-01T00:00:00Z",
  numberOfOrders: "1",
  amountSpent: { amount: "10.00", currencyCode: "EUR" },
  tags: [...tags],
  defaultEmailAddress: null,
});

interface BulkOp {
  id: string;
  status: "CREATED" | "RUNNING" | "COMPLETED" | "FAILED" | "CANCELED";
  query: string;
  polls: number;
  lines: string[] | null;
  createdAt: string;
  completedAt: string | null;
}

export interface FakeAdminOptions {
  shop?: string;
  /** The app's credentials: token exchange checks them and the session token's signature. */
  apiKey?: string;
  apiSecret?: string;
  accessToken?: string;
  shopName?: string;
  currency?: string;
  timezone?: string;
  /** The online store's primary domain (Admin API shop.primaryDomain.host); the myshopify domain when unset. */
  primaryDomain?: string;
  /** Polls of a bulk operation before it completes. */
  bulkPollsToComplete?: number;
  bucket?: { maximumAvailable: number; restoreRate: number };
  /** close() rejects when a request used a deprecated field or input, unless this is set. */
  allowDeprecated?: boolean;
}

export interface RecordedRequest {
  query: string;
  operationName: string | null;
  variables: Record<string, unknown>;
}

/** A discount code created through discountCodeBasicCreate / discountCodeFreeShippingCreate. */
export interface FakeDiscount {
  id: string; // gid://shopify/DiscountCodeNode/...
  mutation: "discountCodeBasicCreate" | "discountCodeFreeShippingCreate";
  code: string;
  input: Record<string, unknown>;
}

/** The app's web pixel (one per app and shop, as on Shopify). */
export interface FakeWebPixel {
  id: string;
  settings: Record<string, unknown>;
}

/** A customer metafield as Shopify holds it (namespace `$app:x` is stored as `app--<id>--x`). */
export interface FakeMetafield {
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/** A flowTriggerReceive call Shopify accepted. */
export interface FakeFlowTrigger {
  handle: string;
  payload: Record<string, unknown>;
}

export interface FakeUserError {
  field: string[] | null;
  message: string;
  code: string | null;
}

// The retention-pixel extension's declared settings (extensions/retention-pixel/shopify.extension.toml).
const PIXEL_SETTING_KEYS = new Set(["metaPixelId", "googleTagId", "tiktokPixelId"]);

/**
 * The app's Flow trigger extensions as deployed: handle -> the payload fields their TOML
 * declares (a reference field `customer_reference` arrives as `customer_id`), so a payload the
 * extension does not declare is refused as Flow refuses it.
 */
function flowTriggerExtensions(): Map<string, Map<string, string>> {
  const dir = path.resolve(import.meta.dirname, "..", "..", "extensions");
  const triggers = new Map<string, Map<string, string>>();
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name, "shopify.extension.toml");
    if (!fs.existsSync(file)) continue;
    const toml = fs.readFileSync(file, "utf8");
    if (!/^type = "flow_trigger"$/m.test(toml)) continue;
    const handle = /^handle = "([^"]+)"$/m.exec(toml)![1];
    const fields = new Map<string, string>();
    for (const block of toml.split("[[settings.fields]]").slice(1)) {
      const type = /^type = "([^"]+)"$/m.exec(block)![1];
      const key = /^key = "([^"]+)"$/m.exec(block)?.[1];
      fields.set(type.endsWith("_reference") ? `${type.replace(/_reference$/, "")}_id` : key!, type);
    }
    triggers.set(handle, fields);
  }
  return triggers;
}

const METAFIELD_TYPES = new Set(["single_line_text_field", "number_decimal", "number_integer", "date", "money"]);

/** Shopify's value checks for the metafield types the app writes; null when valid. */
function metafieldValueError(type: string, value: string): string | null {
  switch (type) {
    case "single_line_text_field":
      return /[\r\n]/.test(value) ? "Value must be a single line" : value.length > 255 ? "Value is too long" : null;
    case "number_decimal":
      return /^-?\d+(\.\d{1,9})?$/.test(value) ? null : "Value must be a decimal number";
    case "number_integer":
      return /^-?\d+$/.test(value) ? null : "Value must be an integer";
    case "date":
      return /^\d{4}-\d{2}-\d{2}$/.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value)
        ? null
        : "Value must be a date (YYYY-MM-DD)";
    case "money": {
      try {
        const m = JSON.parse(value) as { amount?: unknown; currency_code?: unknown };
        return typeof m.amount === "string" && /^-?\d+(\.\d+)?$/.test(m.amount) && typeof m.currency_code === "string"
          ? null
          : "Value must be a money object";
      } catch {
        return "Value must be a money object";
      }
    }
    default:
      return `Type ${type} is not supported by the fake`;
  }
}

type Failure = { status: number; retryAfter?: number } | { delayMs: number } | { throttle: true };

export async function startFakeShopifyAdmin(opts: FakeAdminOptions = {}) {
  const schema = adminSchema();
  const shopDomain = opts.shop ?? "fake-shop.myshopify.com";
  const token = opts.accessToken ?? "fake-access-token";
  const bucket = { maximumAvailable: 2000, restoreRate: 100, ...opts.bucket };
  let available = bucket.maximumAvailable;
  let lastRefill = Date.now();

  const state = {
    orders: [] as FakeOrder[],
    customers: [] as FakeCustomer[],
    bulkOperations: [] as BulkOp[],
    requests: [] as RecordedRequest[],
    rejected: [] as { query: string; errors: string[] }[],
    bulkDownloads: 0,
    tokenExchanges: [] as string[],
    discounts: [] as FakeDiscount[],
    webPixel: null as FakeWebPixel | null,
    /** Customer gid -> its metafields, keyed `namespace.key`. */
    customerMetafields: {} as Record<string, Record<string, FakeMetafield>>,
    metafieldDefinitions: [] as {
      id: string;
      ownerType: string;
      namespace: string;
      key: string;
      type: string;
      name: string;
    }[],
    flowTriggers: [] as FakeFlowTrigger[],
    /** Requests Shopify would have answered with X-Shopify-API-Deprecated-Reason: what each used. */
    deprecations: [] as { operationName: string | null; usages: string[] }[],
  };
  const flowTriggers = flowTriggerExtensions();
  const APP_NAMESPACE = "app--1234567"; // what `$app` resolves to for this app
  const discountErrors: FakeUserError[][] = [];
  const pixelErrors: FakeUserError[][] = [];
  let discountSeq = 0;

  function createDiscount(mutation: FakeDiscount["mutation"], input: Record<string, unknown>) {
    const field = mutation === "discountCodeBasicCreate" ? "basicCodeDiscount" : "freeShippingCodeDiscount";
    const injected = discountErrors.shift();
    if (injected) return { codeDiscountNode: null, userErrors: injected };
    const code = typeof input.code === "string" ? input.code.trim() : "";
    if (!code)
      return {
        codeDiscountNode: null,
        userErrors: [{ field: [field, "code"], message: "Code can't be blank", code: "BLANK" }],
      };
    if (!input.title)
      return {
        codeDiscountNode: null,
        userErrors: [{ field: [field, "title"], message: "Title can't be blank", code: "BLANK" }],
      };
    if (state.discounts.some((d) => d.code.toLowerCase() === code.toLowerCase())) {
      return {
        codeDiscountNode: null,
        userErrors: [
          { field: [field, "code"], message: "Code must be unique. Please try a different code.", code: "TAKEN" },
        ],
      };
    }
    if (mutation === "discountCodeBasicCreate" && !(input.customerGets as { value?: unknown } | undefined)?.value) {
      return {
        codeDiscountNode: null,
        userErrors: [{ field: [field, "customerGets"], message: "Customer gets value is required", code: "BLANK" }],
      };
    }
    const discount: FakeDiscount = { id: `gid://shopify/DiscountCodeNode/${++discountSeq}`, mutation, code, input };
    state.discounts.push(discount);
    return { codeDiscountNode: { id: discount.id }, userErrors: [] };
  }

  /** Shopify takes the pixel's settings as a JSON string (or object) and checks them against the extension's fields. */
  function pixelSettings(raw: unknown): Record<string, unknown> | FakeUserError {
    let settings = raw;
    if (typeof raw === "string") {
      try {
        settings = JSON.parse(raw);
      } catch {
        return { field: ["webPixel", "settings"], message: "Settings must be valid JSON", code: "INVALID_SETTINGS" };
      }
    }
    if (!settings || typeof settings !== "object" || Array.isArray(settings))
      return { field: ["webPixel", "settings"], message: "Settings must be an object", code: "INVALID_SETTINGS" };
    for (const [k, v] of Object.entries(settings)) {
      if (!PIXEL_SETTING_KEYS.has(k) || typeof v !== "string")
        return { field: ["webPixel", "settings"], message: `Invalid setting: ${k}`, code: "INVALID_SETTINGS" };
    }
    return settings as Record<string, unknown>;
  }
  const customerByGid = (id: string) => state.customers.find((c) => c.id === id);
  const resolveNamespace = (ns: string | undefined) =>
    !ns
      ? APP_NAMESPACE
      : ns === "$app"
        ? APP_NAMESPACE
        : ns.startsWith("$app:")
          ? `${APP_NAMESPACE}--${ns.slice(5)}`
          : ns;
  /** Shopify takes a list of tags or comma-separated tags; tags compare case-insensitively. */
  const splitTags = (tags: string[]) =>
    tags
      .flatMap((t) => t.split(","))
      .map((t) => t.trim())
      .filter(Boolean);

  function changeTags(id: string, tags: string[], add: boolean) {
    if (!id.startsWith("gid://shopify/Customer/"))
      return { userErrors: [{ field: ["id"], message: "The fake only tags customers" }] };
    const customer = customerByGid(id);
    if (!customer) return { userErrors: [{ field: ["id"], message: "Customer does not exist" }] };
    const list = splitTags(tags);
    if (list.some((t) => t.length > 255))
      return { userErrors: [{ field: ["tags"], message: "Tag is too long (maximum is 255 characters)" }] };
    const has = (t: string) => customer.tags.some((x) => x.toLowerCase() === t.toLowerCase());
    if (add) {
      for (const t of list) if (!has(t)) customer.tags.push(t);
    } else customer.tags = customer.tags.filter((x) => !list.some((t) => t.toLowerCase() === x.toLowerCase()));
    return { node: null, userErrors: [] };
  }

  function metafieldsSet(inputs: { ownerId: string; namespace?: string; key: string; type?: string; value: string }[]) {
    const err = (i: number | null, field: string, message: string, code: string) => ({
      field: i === null ? ["metafields"] : ["metafields", String(i), field],
      message,
      code,
      elementIndex: i,
    });
    if (inputs.length > 25)
      return {
        metafields: null,
        userErrors: [err(null, "", "Exceeded the maximum metafields input limit of 25.", "LESS_THAN_OR_EQUAL_TO")],
      };
    const errors: ReturnType<typeof err>[] = [];
    const writes: { owner: string; mf: FakeMetafield }[] = [];
    inputs.forEach((m, i) => {
      const namespace = resolveNamespace(m.namespace);
      if (!m.ownerId.startsWith("gid://shopify/Customer/") || !customerByGid(m.ownerId))
        return errors.push(err(i, "ownerId", "Owner does not exist", "INVALID_VALUE"));
      if (!/^[\w-]{3,255}$/.test(namespace))
        return errors.push(err(i, "namespace", "Namespace is invalid", "INVALID_VALUE"));
      if (!/^[\w-]{2,64}$/.test(m.key)) return errors.push(err(i, "key", "Key is invalid", "INVALID_VALUE"));
      const def = state.metafieldDefinitions.find(
        (d) => d.ownerType === "CUSTOMER" && d.namespace === namespace && d.key === m.key,
      );
      const type = m.type ?? def?.type;
      if (!type) return errors.push(err(i, "type", "Type can't be blank", "BLANK"));
      if (def && def.type !== type)
        return errors.push(err(i, "type", `Type must be ${def.type} (the definition's type)`, "INVALID_TYPE"));
      const invalid = metafieldValueError(type, m.value);
      if (invalid) return errors.push(err(i, "value", invalid, "INVALID_VALUE"));
      writes.push({ owner: m.ownerId, mf: { namespace, key: m.key, type, value: m.value } });
    });
    // Atomic: one refused entry and nothing is written.
    if (errors.length) return { metafields: null, userErrors: errors };
    for (const { owner, mf } of writes) (state.customerMetafields[owner] ??= {})[`${mf.namespace}.${mf.key}`] = mf;
    return {
      metafields: writes.map(({ owner, mf }) => ({
        id: `gid://shopify/Metafield/${owner.split("/").pop()}-${mf.key}`,
        ...mf,
      })),
      userErrors: [],
    };
  }

  function metafieldsDelete(ids: { ownerId: string; namespace: string; key: string }[]) {
    const deletedMetafields = ids.map((m) => {
      const namespace = resolveNamespace(m.namespace);
      const held = state.customerMetafields[m.ownerId];
      if (!held?.[`${namespace}.${m.key}`]) return null;
      delete held[`${namespace}.${m.key}`];
      return { ownerId: m.ownerId, namespace, key: m.key };
    });
    return { deletedMetafields, userErrors: [] };
  }

  let definitionSeq = 0;
  function metafieldDefinitionCreate(d: {
    ownerType: string;
    namespace?: string;
    key: string;
    type: string;
    name: string;
  }) {
    const namespace = resolveNamespace(d.namespace);
    if (!METAFIELD_TYPES.has(d.type)) {
      return {
        createdDefinition: null,
        userErrors: [{ field: ["definition", "type"], message: "Type is invalid", code: "INCLUSION" }],
      };
    }
    if (
      state.metafieldDefinitions.some(
        (x) => x.ownerType === d.ownerType && x.namespace === namespace && x.key === d.key,
      )
    ) {
      return {
        createdDefinition: null,
        userErrors: [
          {
            field: ["definition", "key"],
            message: "Key is in use for Customer metafields on the 'namespace' namespace.",
            code: "TAKEN",
          },
        ],
      };
    }
    const def = {
      id: `gid://shopify/MetafieldDefinition/${++definitionSeq}`,
      ownerType: d.ownerType,
      namespace,
      key: d.key,
      type: d.type,
      name: d.name,
    };
    state.metafieldDefinitions.push(def);
    return { createdDefinition: { id: def.id }, userErrors: [] };
  }

  function flowTriggerReceive(handle: string | undefined, payload: unknown) {
    const fields = handle ? flowTriggers.get(handle) : undefined;
    if (!fields) return { userErrors: [{ field: ["handle"], message: `No trigger found for handle: ${handle}` }] };
    if (!payload || typeof payload !== "object" || Array.isArray(payload))
      return { userErrors: [{ field: ["payload"], message: "Payload must be an object" }] };
    if (JSON.stringify(payload).length >= 50_000)
      return { userErrors: [{ field: ["payload"], message: "Payload must be under 50000 bytes" }] };
    for (const [key, value] of Object.entries(payload)) {
      const type = fields.get(key);
      if (!type) return { userErrors: [{ field: ["payload", key], message: `Unknown field: ${key}` }] };
      if (type === "customer_reference") {
        if (!customerByGid(`gid://shopify/Customer/${String(value)}`))
          return { userErrors: [{ field: ["payload", key], message: "Customer not found" }] };
      } else if (type === "number_decimal" && typeof value !== "number") {
        return { userErrors: [{ field: ["payload", key], message: `${key} must be a number` }] };
      }
    }
    if (fields.has("customer_id") && !("customer_id" in payload))
      return { userErrors: [{ field: ["payload", "customer_id"], message: "customer_id is required" }] };
    state.flowTriggers.push({ handle: handle!, payload: payload as Record<string, unknown> });
    return { userErrors: [] };
  }

  const failures: Failure[] = [];
  let bulkSeq = 0;
  /** Shopify goes down after this many more mutations: the next one runs but its answer is lost, and every request after it fails. */
  let outage: { mutationsLeft: number; status: number } | null = null;
  let down: number | null = null;

  const connection = <T extends { id: string; updatedAt: string }>(
    items: T[],
    args: { first?: number; after?: string; query?: string; sortKey?: string },
  ) => {
    let list = items;
    const m = /updated_at:>'?([^' ]+)'?/.exec(args.query ?? "");
    if (m) list = list.filter((i) => Date.parse(i.updatedAt) > Date.parse(m[1]));
    if (args.sortKey === "UPDATED_AT")
      list = [...list].sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt) || (a.id < b.id ? -1 : 1));
    const start = args.after ? Number(Buffer.from(args.after, "base64").toString()) + 1 : 0;
    const first = args.first ?? list.length;
    const page = list.slice(start, start + first);
    const edges = page.map((node, i) => ({ node, cursor: Buffer.from(String(start + i)).toString("base64") }));
    return {
      edges,
      nodes: page,
      pageInfo: {
        hasNextPage: start + first < list.length,
        hasPreviousPage: start > 0,
        endCursor: edges.at(-1)?.cursor ?? null,
        startCursor: edges[0]?.cursor ?? null,
      },
    };
  };

  const bulkView = (op: BulkOp, baseUrl: string) => ({
    __typename: "BulkOperation",
    id: op.id,
    type: "QUERY",
    status: op.status,
    errorCode: op.status === "FAILED" ? "INTERNAL_SERVER_ERROR" : null,
    objectCount: String(op.lines?.length ?? 0),
    rootObjectCount: String(op.lines?.length ?? 0),
    fileSize: op.lines ? String(op.lines.reduce((s, l) => s + l.length + 1, 0)) : null,
    url: op.status === "COMPLETED" && op.lines?.length ? `${baseUrl}/bulk/${encodeURIComponent(op.id)}.jsonl` : null,
    partialDataUrl: null,
    createdAt: op.createdAt,
    completedAt: op.completedAt,
    query: op.query,
  });

  /** Runs a bulk query as Shopify does: each connection node becomes its own line; nested connection nodes carry __parentId. */
  function runBulk(query: string): string[] {
    const result = execute({ schema, document: parse(query), rootValue: root("") }) as {
      data?: Record<string, unknown>;
      errors?: unknown[];
    };
    if (result.errors?.length) throw new Error(`bulk query failed: ${JSON.stringify(result.errors)}`);
    const lines: string[] = [];
    const emit = (node: Record<string, unknown>, parentId?: string) => {
      const own: Record<string, unknown> = {};
      const children: [Record<string, unknown>][] = [];
      for (const [k, v] of Object.entries(node)) {
        if (v && typeof v === "object" && !Array.isArray(v) && ("edges" in v || "nodes" in v)) {
          const conn = v as { edges?: { node: Record<string, unknown> }[]; nodes?: Record<string, unknown>[] };
          for (const child of conn.edges?.map((e) => e.node) ?? conn.nodes ?? []) children.push([child]);
        } else own[k] = v;
      }
      if (parentId) own.__parentId = parentId;
      lines.push(JSON.stringify(own));
      for (const [child] of children) emit(child, own.id as string);
    };
    for (const value of Object.values(result.data ?? {})) {
      const conn = value as { edges?: { node: Record<string, unknown> }[]; nodes?: Record<string, unknown>[] };
      for (const n of conn.edges?.map((e) => e.node) ?? conn.nodes ?? []) emit(n);
    }
    return lines;
  }

  let baseUrl = "";
  function root(_base: string) {
    return {
      shop: {
        name: opts.shopName ?? "Fake Shop",
        myshopifyDomain: shopDomain,
        currencyCode: opts.currency ?? "EUR",
        ianaTimezone: opts.timezone ?? "Europe/Amsterdam",
        primaryDomain: { host: opts.primaryDomain ?? shopDomain },
      },
      orders: (args: Record<string, unknown>) => connection(state.orders, args),
      customers: (args: Record<string, unknown>) => connection(state.customers, args),
      order: ({ id }: { id: string }) => state.orders.find((o) => o.id === id) ?? null,
      customer: ({ id }: { id: string }) => state.customers.find((c) => c.id === id) ?? null,
      codeDiscountNodeByCode: ({ code }: { code: string }) => {
        const d = state.discounts.find((x) => x.code.toLowerCase() === code.toLowerCase());
        return d ? { id: d.id } : null;
      },
      discountCodeBasicCreate: ({ basicCodeDiscount }: { basicCodeDiscount: Record<string, unknown> }) =>
        createDiscount("discountCodeBasicCreate", basicCodeDiscount),
      discountCodeFreeShippingCreate: ({
        freeShippingCodeDiscount,
      }: {
        freeShippingCodeDiscount: Record<string, unknown>;
      }) => createDiscount("discountCodeFreeShippingCreate", freeShippingCodeDiscount),
      webPixel: ({ id }: { id?: string }) =>
        state.webPixel && (!id || id === state.webPixel.id)
          ? { id: state.webPixel.id, settings: JSON.stringify(state.webPixel.settings) }
          : null,
      webPixelCreate: ({ webPixel }: { webPixel: { settings: unknown } }) => {
        const injected = pixelErrors.shift();
        if (injected) return { webPixel: null, userErrors: injected };
        if (state.webPixel)
          return { webPixel: null, userErrors: [{ field: null, message: "Web pixel is taken.", code: "TAKEN" }] };
        const settings = pixelSettings(webPixel.settings);
        if ("message" in settings) return { webPixel: null, userErrors: [settings] };
        state.webPixel = { id: "gid://shopify/WebPixel/1", settings };
        return { webPixel: { id: state.webPixel.id, settings: JSON.stringify(settings) }, userErrors: [] };
      },
      webPixelUpdate: ({ id, webPixel }: { id: string; webPixel: { settings: unknown } }) => {
        const injected = pixelErrors.shift();
        if (injected) return { webPixel: null, userErrors: injected };
        if (!state.webPixel || state.webPixel.id !== id)
          return { webPixel: null, userErrors: [{ field: ["id"], message: "Web pixel not found", code: "NOT_FOUND" }] };
        const settings = pixelSettings(webPixel.settings);
        if ("message" in settings) return { webPixel: null, userErrors: [settings] };
        state.webPixel.settings = settings;
        return { webPixel: { id, settings: JSON.stringify(settings) }, userErrors: [] };
      },
      tagsAdd: ({ id, tags }: { id: string; tags: string[] }) => changeTags(id, tags, true),
      tagsRemove: ({ id, tags }: { id: string; tags: string[] }) => changeTags(id, tags, false),
      metafieldsSet: ({ metafields }: { metafields: Parameters<typeof metafieldsSet>[0] }) => metafieldsSet(metafields),
      metafieldsDelete: ({ metafields }: { metafields: Parameters<typeof metafieldsDelete>[0] }) =>
        metafieldsDelete(metafields),
      metafieldDefinitionCreate: ({ definition }: { definition: Parameters<typeof metafieldDefinitionCreate>[0] }) =>
        metafieldDefinitionCreate(definition),
      flowTriggerReceive: ({ handle, payload }: { handle?: string; payload?: unknown }) =>
        flowTriggerReceive(handle, payload),
      bulkOperation: ({ id }: { id: string }) => {
        const op = state.bulkOperations.find((b) => b.id === id);
        if (!op) return null;
        advance(op);
        return bulkView(op, baseUrl);
      },
      // Shopify also resolves a BulkOperation by its global id.
      node: ({ id }: { id: string }) => {
        const op = state.bulkOperations.find((b) => b.id === id);
        if (!op) return null;
        advance(op);
        return bulkView(op, baseUrl);
      },
      currentBulkOperation: () => {
        const op = state.bulkOperations.at(-1);
        if (!op) return null;
        advance(op);
        return bulkView(op, baseUrl);
      },
      bulkOperationRunQuery: ({ query }: { query: string }) => {
        const errors = bulkQueryErrors(query);
        if (errors.length)
          return {
            bulkOperation: null,
            userErrors: errors.map((message) => ({ field: ["query"], message, code: "INVALID" })),
          };
        const running = state.bulkOperations.filter((b) => b.status === "CREATED" || b.status === "RUNNING");
        if (running.length >= MAX_CONCURRENT_BULK_QUERIES)
          return {
            bulkOperation: null,
            userErrors: [
              {
                field: null,
                message: "Bulk operations limit reached. Please try again later.",
                code: "LIMIT_REACHED",
              },
            ],
          };
        const op: BulkOp = {
          id: `gid://shopify/BulkOperation/${++bulkSeq}`,
          status: "CREATED",
          query,
          polls: 0,
          lines: null,
          createdAt: new Date().toISOString(),
          completedAt: null,
        };
        state.bulkOperations.push(op);
        return { bulkOperation: bulkView(op, baseUrl), userErrors: [] };
      },
    };
  }

  function advance(op: BulkOp) {
    if (op.status !== "CREATED" && op.status !== "RUNNING") return;
    op.polls++;
    op.status = "RUNNING";
    if (op.polls >= (opts.bulkPollsToComplete ?? 1)) {
      op.lines = runBulk(op.query);
      op.status = "COMPLETED";
      op.completedAt = new Date().toISOString();
    }
  }

  const bulkQueryErrors = (query: string) => shopifyBulkQueryErrors(schema, query);

  /** Shopify's cost rules, simplified: objects cost 1, connections `first` x their selection + 2, mutations 10. */
  function cost(doc: DocumentNode): number {
    let total = 0;
    for (const def of doc.definitions) {
      if (def.kind !== Kind.OPERATION_DEFINITION) continue;
      if (def.operation === "mutation") total += 10;
      else total += 1;
    }
    visit(doc, {
      Field(f) {
        const first = f.arguments?.find((a) => a.name.value === "first");
        if (first && first.value.kind === Kind.INT) total += Number(first.value.value) + 2;
      },
    });
    return total;
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", baseUrl);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json", ...headers });
      res.end(typeof body === "string" ? body : JSON.stringify(body));
    };
    if (req.method === "GET" && url.pathname.startsWith("/bulk/")) {
      const id = decodeURIComponent(url.pathname.slice(6).replace(/\.jsonl$/, ""));
      const op = state.bulkOperations.find((b) => b.id === id);
      if (!op?.lines) return send(404, { errors: "Not Found" });
      state.bulkDownloads++;
      res.writeHead(200, { "content-type": "application/jsonl" });
      for (const line of op.lines) if (!res.write(line + "\n")) await new Promise((r) => res.once("drain", r));
      return res.end();
    }
    if (req.method === "POST" && url.pathname === "/admin/oauth/access_token") {
      let body = "";
      for await (const chunk of req) body += chunk;
      const r = JSON.parse(body || "{}") as Record<string, string>;
      state.tokenExchanges.push(r.requested_token_type);
      if (r.client_id !== opts.apiKey || r.client_secret !== opts.apiSecret)
        return send(401, { error: "invalid_client" });
      if (
        r.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange" ||
        r.subject_token_type !== "urn:ietf:params:oauth:token-type:id_token"
      ) {
        return send(400, { error: "invalid_request" });
      }
      // The subject token must be a session token signed with the app's secret.
      const [h, p, sig] = (r.subject_token ?? "").split(".");
      const expected = crypto
        .createHmac("sha256", opts.apiSecret ?? "")
        .update(`${h}.${p}`)
        .digest("base64url");
      if (!sig || sig !== expected) return send(400, { error: "invalid_subject_token" });
      if (r.requested_token_type !== "urn:shopify:params:oauth:token-type:offline-access-token")
        return send(400, { error: "unsupported_token_type" });
      return send(200, {
        access_token: token,
        scope:
          "read_orders,read_all_orders,read_customers,write_customers,read_discounts,write_discounts,write_pixels,read_customer_events",
      });
    }
    const m = /^\/admin\/api\/([\w-]+)\/graphql\.json$/.exec(url.pathname);
    if (req.method !== "POST" || !m) return send(404, { errors: "Not Found" });
    if (req.headers["x-shopify-access-token"] !== token)
      return send(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });

    if (down !== null) return send(down, { errors: `fake outage ${down}` });
    const failure = failures.shift();
    if (failure && "delayMs" in failure) await new Promise((r) => setTimeout(r, failure.delayMs));
    else if (failure && "status" in failure) {
      return send(
        failure.status,
        { errors: `fake failure ${failure.status}` },
        failure.retryAfter ? { "retry-after": String(failure.retryAfter) } : {},
      );
    }

    let body = "";
    for await (const chunk of req) body += chunk;
    const {
      query,
      variables = {},
      operationName = null,
    } = JSON.parse(body || "{}") as {
      query: string;
      variables?: Record<string, unknown>;
      operationName?: string | null;
    };
    let doc: DocumentNode;
    try {
      doc = parse(query);
    } catch (e) {
      state.rejected.push({ query, errors: [(e as Error).message] });
      return send(200, { errors: [{ message: (e as Error).message }] });
    }
    const errors = validate(schema, doc);
    if (errors.length) {
      state.rejected.push({ query, errors: errors.map((e) => e.message) });
      return send(200, {
        errors: errors.map((e) => ({
          message: e.message,
          locations: e.locations,
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        })),
      });
    }
    state.requests.push({ query, operationName, variables });
    const usages = deprecatedUsages(schema, doc, variables);
    const deprecated: Record<string, string> = usages.length
      ? { "x-shopify-api-deprecated-reason": DEPRECATION_NOTICE }
      : {};
    if (usages.length) state.deprecations.push({ operationName, usages });

    // Leaky bucket.
    const now = Date.now();
    available = Math.min(bucket.maximumAvailable, available + ((now - lastRefill) / 1000) * bucket.restoreRate);
    lastRefill = now;
    const requested = cost(doc);
    const throttleStatus = () => ({
      maximumAvailable: bucket.maximumAvailable,
      currentlyAvailable: Math.floor(available),
      restoreRate: bucket.restoreRate,
    });
    if ((failure && "throttle" in failure) || requested > available) {
      return send(200, {
        errors: [
          {
            message: "Throttled",
            extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" },
          },
        ],
        extensions: {
          cost: { requestedQueryCost: requested, actualQueryCost: null, throttleStatus: throttleStatus() },
        },
      });
    }
    available -= requested;
    const result = await execute({
      schema,
      document: doc,
      rootValue: root(baseUrl),
      variableValues: variables,
      operationName,
    });
    const isMutation = doc.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === "mutation");
    if (outage && isMutation && outage.mutationsLeft-- <= 0) {
      // This one ran; its answer never arrives, and Shopify stays down until restore().
      down = outage.status;
      outage = null;
      return send(down, { errors: `fake outage ${down}` });
    }
    return send(
      200,
      {
        ...result,
        extensions: {
          cost: { requestedQueryCost: requested, actualQueryCost: requested, throttleStatus: throttleStatus() },
        },
      },
      deprecated,
    );
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    shopDomain,
    accessToken: token,
    state,
    control: {
      failNext: (n: number, status: number, retryAfter?: number) => {
        for (let i = 0; i < n; i++) failures.push({ status, retryAfter });
      },
      throttleNext: (n: number) => {
        for (let i = 0; i < n; i++) failures.push({ throttle: true });
      },
      delayNext: (ms: number) => failures.push({ delayMs: ms }),
      /** The next discount mutation answers with these userErrors and creates nothing. */
      discountUserErrorsNext: (errors: FakeUserError[]) => discountErrors.push(errors),
      /** The next webPixelCreate / webPixelUpdate answers with these userErrors. */
      webPixelUserErrorsNext: (errors: FakeUserError[]) => pixelErrors.push(errors),
      /**
       * After `n` more mutations Shopify goes down: mutation n+1 runs but is answered with `status`,
       * and every request after it too, until restore(). A crash in the middle of a push.
       */
      failAfterMutations: (n: number, status = 503) => {
        outage = { mutationsLeft: n, status };
      },
      restore: () => {
        outage = null;
        down = null;
      },
      drainBucket: () => {
        available = 0;
        lastRefill = Date.now();
      },
    },
    /**
     * Stops the server. Rejects when the app used anything the 2026-10 schema deprecates (unless
     * `allowDeprecated`): Shopify still answers such a call, but removes the field in a later
     * version, so every test that drives the fake also guards the next version move.
     */
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (state.deprecations.length && !opts.allowDeprecated)
        throw new Error(
          `The app used deprecated Admin API parts:\n${state.deprecations
            .map((d) => `${d.operationName ?? "(anonymous)"}: ${d.usages.join("; ")}`)
            .join("\n")}`,
        );
    },
  };
}

export type FakeShopifyAdmin = Awaited<ReturnType<typeof startFakeShopifyAdmin>>;
