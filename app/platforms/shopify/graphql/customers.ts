// Admin GraphQL documents for the win-back push (app/workflows/segment-push.server.ts): the
// app's segment tag, its customer metafields and the "Customer became inactive" Flow trigger
// (extensions/retention-flow-trigger). Admin API 2026-10: tagsAdd, tagsRemove and
// flowTriggerReceive answer with the plain `UserError` (field, message; it has no `code`);
// metafieldsSet and metafieldsDelete have their own error types.
export const CUSTOMER_TAGS_ADD = `#graphql
  mutation RetentionCustomerTagsAdd($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

export const CUSTOMER_TAGS_REMOVE = `#graphql
  mutation RetentionCustomerTagsRemove($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      userErrors {
        field
        message
      }
    }
  }
`;

/** Up to 25 metafields per call; atomic: one bad entry and none is written. */
export const CUSTOMER_METAFIELDS_SET = `#graphql
  mutation RetentionCustomerMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

export const CUSTOMER_METAFIELDS_DELETE = `#graphql
  mutation RetentionCustomerMetafieldsDelete($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        namespace
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const FLOW_TRIGGER_RECEIVE = `#graphql
  mutation RetentionFlowTriggerReceive($handle: String!, $payload: JSON!) {
    flowTriggerReceive(handle: $handle, payload: $payload) {
      userErrors {
        field
        message
      }
    }
  }
`;

export interface PlainUserError {
  field: string[] | null;
  message: string;
}

export interface MetafieldsSetUserError extends PlainUserError {
  code: string | null;
  elementIndex: number | null;
}

export type TagsAddData = { tagsAdd: { userErrors: PlainUserError[] } | null };
export type TagsRemoveData = { tagsRemove: { userErrors: PlainUserError[] } | null };
export type MetafieldsSetData = { metafieldsSet: { userErrors: MetafieldsSetUserError[] } | null };
export type MetafieldsDeleteData = {
  metafieldsDelete: {
    deletedMetafields: ({ ownerId: string; namespace: string; key: string } | null)[] | null;
    userErrors: PlainUserError[];
  } | null;
};
export type FlowTriggerReceiveData = { flowTriggerReceive: { userErrors: PlainUserError[] } | null };

export const customerGid = (id: string) => `gid://shopify/Customer/${id}`;

/** Definitions make the metafields show with a name on the customer page and usable in Flow conditions and segments. */
export const CUSTOMER_METAFIELD_DEFINITION_CREATE = `#graphql
  mutation RetentionCustomerMetafieldDefinitionCreate($definition: MetafieldDefinitionInput!) {
    metafieldDefinitionCreate(definition: $definition) {
      createdDefinition {
        id
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export type MetafieldDefinitionCreateData = {
  metafieldDefinitionCreate: {
    createdDefinition: { id: string } | null;
    userErrors: (PlainUserError & { code: string | null })[];
  } | null;
};
