// The Admin API calls the win-back push makes on customers: tags, metafields, metafield
// definitions and the Flow trigger, each answering its userErrors. Calls go through a pacer:
// adminQuery already waits out THROTTLED, 429 and 5xx; the pacer also leaves a tenth of the
// cost bucket after every call for the app's interactive calls (reward codes, pixel settings).
import { adminQuery, refillWaitMs, type AdminGraphql, type AdminQueryOptions } from "./admin-graphql.server";
import {
  CUSTOMER_METAFIELD_DEFINITION_CREATE,
  CUSTOMER_METAFIELDS_DELETE,
  CUSTOMER_METAFIELDS_SET,
  CUSTOMER_TAGS_ADD,
  CUSTOMER_TAGS_REMOVE,
  FLOW_TRIGGER_RECEIVE,
  type FlowTriggerReceiveData,
  type MetafieldDefinitionCreateData,
  type MetafieldsDeleteData,
  type MetafieldsSetData,
  type MetafieldsSetUserError,
  type PlainUserError,
  type TagsAddData,
  type TagsRemoveData,
} from "./graphql/customers";

export { customerGid, type PlainUserError } from "./graphql/customers";

/** The bucket share every paced call leaves for the app's other calls. */
const RESERVE_SHARE = 0.1;
/** metafieldsSet's and metafieldsDelete's limit per call. */
export const METAFIELDS_PER_CALL = 25;

export type PacerOptions = Pick<AdminQueryOptions, "sleep" | "maxAttempts" | "timeoutMs">;

export class PacedAdmin {
  calls = 0;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly graphql: AdminGraphql,
    private readonly options: PacerOptions = {},
  ) {
    this.sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  }

  /** One call; `idempotent` false for a mutation that must not run twice (see adminQuery). */
  async call<T>(document: string, variables: Record<string, unknown>, idempotent = true): Promise<T> {
    this.calls++;
    const { data, cost } = await adminQuery<T>(this.graphql, document, { ...this.options, variables, idempotent });
    if (cost) {
      const reserve = Math.ceil(cost.throttleStatus.maximumAvailable * RESERVE_SHARE);
      const wait = refillWaitMs(cost.throttleStatus, cost.requestedQueryCost + reserve);
      if (wait > 0) await this.sleep(wait);
    }
    return data;
  }
}

export async function removeCustomerTags(admin: PacedAdmin, gid: string, tags: string[]): Promise<PlainUserError[]> {
  const d = await admin.call<TagsRemoveData>(CUSTOMER_TAGS_REMOVE, { id: gid, tags });
  return d.tagsRemove?.userErrors ?? [];
}

export async function addCustomerTags(admin: PacedAdmin, gid: string, tags: string[]): Promise<PlainUserError[]> {
  const d = await admin.call<TagsAddData>(CUSTOMER_TAGS_ADD, { id: gid, tags });
  return d.tagsAdd?.userErrors ?? [];
}

export interface MetafieldInput {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
}

/** Atomic: on a userError nothing is written. */
export async function setMetafields(
  admin: PacedAdmin,
  metafields: MetafieldInput[],
): Promise<MetafieldsSetUserError[]> {
  const d = await admin.call<MetafieldsSetData>(CUSTOMER_METAFIELDS_SET, { metafields });
  return d.metafieldsSet?.userErrors ?? [];
}

export async function deleteMetafields(
  admin: PacedAdmin,
  metafields: { ownerId: string; namespace: string; key: string }[],
): Promise<PlainUserError[]> {
  const d = await admin.call<MetafieldsDeleteData>(CUSTOMER_METAFIELDS_DELETE, { metafields });
  return d.metafieldsDelete?.userErrors ?? [];
}

/** The index of the metafieldsSet entry a userError names, or null when it names none. */
export function metafieldErrorIndex(e: { elementIndex?: number | null; field: string[] | null }): number | null {
  if (typeof e.elementIndex === "number") return e.elementIndex;
  const i = e.field?.[0] === "metafields" ? Number(e.field[1]) : NaN;
  return Number.isInteger(i) ? i : null;
}

/** Starts a Flow trigger. Never retried after a 5xx or lost answer: it may have run (AdminApiOutcomeUnknownError). */
export async function receiveFlowTrigger(
  admin: PacedAdmin,
  handle: string,
  payload: Record<string, unknown>,
): Promise<PlainUserError[]> {
  const d = await admin.call<FlowTriggerReceiveData>(FLOW_TRIGGER_RECEIVE, { handle, payload }, false);
  return d.flowTriggerReceive?.userErrors ?? [];
}

export async function createCustomerMetafieldDefinition(
  admin: PacedAdmin,
  definition: { namespace: string; key: string; name: string; description: string; type: string },
): Promise<(PlainUserError & { code?: string | null })[]> {
  const d = await admin.call<MetafieldDefinitionCreateData>(CUSTOMER_METAFIELD_DEFINITION_CREATE, {
    definition: { ...definition, ownerType: "CUSTOMER" },
  });
  return d.metafieldDefinitionCreate?.userErrors ?? [];
}
