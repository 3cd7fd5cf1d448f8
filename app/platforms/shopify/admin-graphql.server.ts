// Calls the Admin GraphQL API within Shopify's limits. Shopify meters queries with a
// leaky bucket (extensions.cost.throttleStatus) and answers THROTTLED when a query costs
// more than is available; it also returns 429 and 5xx under load. This wrapper waits as
// long as the bucket needs to refill, backs off exponentially on 429/5xx, network errors
// and timeouts, and gives up with a clear error after a bounded number of attempts.
import { GraphqlQueryError, HttpRequestError, HttpResponseError, HttpThrottlingError } from "@shopify/shopify-api";

/** A GraphQL caller shaped like `admin.graphql` from @shopify/shopify-app-remix. */
export type AdminGraphql = (
  query: string,
  options?: { variables?: Record<string, unknown>; signal?: AbortSignal; tries?: number },
) => Promise<Response>;

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost?: number | null;
  throttleStatus: ThrottleStatus;
}

export interface AdminQueryOptions {
  variables?: Record<string, unknown>;
  maxAttempts?: number; // default 6
  timeoutMs?: number; // default 30 s per attempt
  sleep?: (ms: number) => Promise<void>; // injectable for tests
  onRetry?: (info: { attempt: number; waitMs: number; reason: string }) => void;
  /**
   * false for a mutation that must not run twice (a Flow trigger starts workflows that send
   * e-mails): only THROTTLED and 429 are retried, which Shopify answers without running
   * anything; a 5xx, a timeout or a lost connection may have run it and is thrown at once as
   * an AdminApiOutcomeUnknownError. Default true.
   */
  idempotent?: boolean;
}

export class AdminApiError extends Error {
  readonly code = "ADMIN_API";
  constructor(
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A non-idempotent call failed in a way that leaves open whether Shopify ran it. */
export class AdminApiOutcomeUnknownError extends AdminApiError {}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const backoffMs = (attempt: number) => Math.min(30_000, 500 * 2 ** (attempt - 1)) + Math.floor(Math.random() * 250);

/** How long the bucket needs to refill enough for `needed` points. */
export function refillWaitMs(status: ThrottleStatus, needed: number): number {
  const missing = Math.max(0, needed - status.currentlyAvailable);
  return missing === 0 ? 0 : Math.ceil((missing / Math.max(1, status.restoreRate)) * 1000);
}

type Body<T> = { data?: T; errors?: unknown; extensions?: { cost?: QueryCost } };

function throttledCost(e: GraphqlQueryError): QueryCost | undefined | null {
  const body = e.body as
    | { errors?: { graphQLErrors?: { extensions?: { code?: string } }[] }; extensions?: { cost?: QueryCost } }
    | undefined;
  const throttled = body?.errors?.graphQLErrors?.some((g) => g.extensions?.code === "THROTTLED");
  return throttled ? (body?.extensions?.cost ?? undefined) : null;
}

export async function adminQuery<T>(
  graphql: AdminGraphql,
  query: string,
  opts: AdminQueryOptions = {},
): Promise<{ data: T; cost?: QueryCost }> {
  const { maxAttempts = 6, timeoutMs = 30_000, sleep = defaultSleep } = opts;
  let lastReason = "";
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let waitMs: number;
    try {
      const res = await graphql(query, { variables: opts.variables, signal: AbortSignal.timeout(timeoutMs) });
      const body = (await res.json()) as Body<T>;
      if (body.errors || !body.data)
        throw new AdminApiError(`Admin API returned errors: ${JSON.stringify(body.errors ?? body)}`, body.errors);
      return { data: body.data, cost: body.extensions?.cost };
    } catch (e) {
      if (e instanceof GraphqlQueryError) {
        const cost = throttledCost(e);
        if (cost === null) throw new AdminApiError(`Admin API query failed: ${e.message}`, e.body);
        lastReason = "THROTTLED";
        waitMs = cost ? Math.max(1000, refillWaitMs(cost.throttleStatus, cost.requestedQueryCost)) : backoffMs(attempt);
      } else if (e instanceof HttpThrottlingError) {
        lastReason = "HTTP 429";
        waitMs = e.response.retryAfter ? e.response.retryAfter * 1000 : backoffMs(attempt);
      } else if (e instanceof HttpResponseError && e.response.code >= 500) {
        lastReason = `HTTP ${e.response.code}`;
        if (opts.idempotent === false)
          throw new AdminApiOutcomeUnknownError(`Admin API answered ${lastReason}; the call may or may not have run`);
        waitMs = backoffMs(attempt);
      } else if (
        e instanceof HttpRequestError ||
        (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError"))
      ) {
        // The client wraps an aborted fetch in HttpRequestError; its message keeps the cause.
        const timedOut =
          e.name === "TimeoutError" || e.name === "AbortError" || /timeout|timed out|aborted/i.test(e.message);
        lastReason = timedOut ? "timeout" : "network error";
        if (opts.idempotent === false)
          throw new AdminApiOutcomeUnknownError(`Admin API call ended in a ${lastReason}; it may or may not have run`);
        waitMs = backoffMs(attempt);
      } else {
        throw e;
      }
    }
    if (attempt === maxAttempts) break;
    opts.onRetry?.({ attempt, waitMs, reason: lastReason });
    await sleep(waitMs);
  }
  throw new AdminApiError(`Admin API still failing after ${maxAttempts} attempts (${lastReason})`);
}
