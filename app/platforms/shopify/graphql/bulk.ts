// Admin GraphQL documents for the history backfill (bulk operations). The inner queries
// avoid nested connections: Order.refunds is a list, so every order arrives on one JSONL
// line with its refunds, and the file can be written line by line with no joining. Lines
// that do carry __parentId (if a connection is ever added) are handled by the reader.

export const ORDER_FIELDS = `
  id
  name
  email
  createdAt
  updatedAt
  processedAt
  cancelledAt
  displayFinancialStatus
  test
  sourceName
  totalPriceSet { shopMoney { amount currencyCode } }
  totalRefundedSet { shopMoney { amount currencyCode } }
  customer { id }
  refunds { id createdAt totalRefundedSet { shopMoney { amount currencyCode } } }
`;

export const CUSTOMER_FIELDS = `
  id
  firstName
  lastName
  createdAt
  updatedAt
  numberOfOrders
  amountSpent { amount currencyCode }
  tags
  defaultEmailAddress { emailAddress marketingState }
`;

/** The bulk query for all orders (or those updated since a watermark: `updated_at:>'2026-01-01T00:00:00Z'`). */
export function bulkOrdersQuery(search?: string) {
  const args = search ? `(query: ${JSON.stringify(search)})` : "";
  return `{ orders${args} { edges { node { ${ORDER_FIELDS} } } } }`;
}

export function bulkCustomersQuery(search?: string) {
  const args = search ? `(query: ${JSON.stringify(search)})` : "";
  return `{ customers${args} { edges { node { ${CUSTOMER_FIELDS} } } } }`;
}

export const BULK_OPERATION_RUN_QUERY = `#graphql
  mutation BulkOperationRunQuery($query: String!) {
    bulkOperationRunQuery(query: $query) {
      bulkOperation { id status }
      userErrors { field message code }
    }
  }
`;

export const BULK_OPERATION_FIELDS = `id status errorCode objectCount rootObjectCount fileSize url partialDataUrl createdAt completedAt`;

/**
 * One operation by the id bulkOperationRunQuery gave (2026-01 added `bulkOperation(id:)`; the
 * old `currentBulkOperation` is deprecated: up to five bulk queries now run at once per shop,
 * so "the current one" no longer names one).
 */
export const BULK_OPERATION_QUERY = `#graphql
  query BulkOperation($id: ID!) {
    bulkOperation(id: $id) { ${BULK_OPERATION_FIELDS} }
  }
`;

/** Reconciliation: a page of orders updated after the watermark, oldest first. */
export const ORDERS_UPDATED_SINCE_QUERY = `#graphql
  query OrdersUpdatedSince($query: String!, $after: String) {
    orders(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ${ORDER_FIELDS} }
    }
  }
`;

export const CUSTOMERS_UPDATED_SINCE_QUERY = `#graphql
  query CustomersUpdatedSince($query: String!, $after: String) {
    customers(first: 100, after: $after, query: $query, sortKey: UPDATED_AT) {
      pageInfo { hasNextPage endCursor }
      nodes { ${CUSTOMER_FIELDS} }
    }
  }
`;
