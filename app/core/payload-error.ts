// A platform payload (webhook body, REST or GraphQL record, CSV-derived record) that cannot be
// read: it will not improve on retry, so it is recorded as failed and acknowledged, never retried.
export class PayloadError extends Error {
  readonly code = "MALFORMED_PAYLOAD";
}
