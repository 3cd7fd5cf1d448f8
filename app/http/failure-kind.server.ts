// What an error thrown while handling a request means for the answer. A webhook's sender
// retries anything but a 2xx, so the front doors must tell apart:
// - "bad-input": the delivery itself cannot be stored (a body that is not JSON, a wrong shape,
//   an amount no column holds). Retrying sends the same bytes again: record it as failed,
//   acknowledge it.
// - "unavailable": the database (or another service the request needs) is away for a moment.
//   Answer 503 so the sender retries; nothing was marked done.
// - "bug": anything else. Answered 500 and left for the sender's retry (a fix deployed in the
//   meantime then picks it up).
import { ZodError } from "zod";
import { MoneyFormatError } from "~/core/money";
import { PayloadError } from "~/core/payload-error";

export type FailureKind = "bad-input" | "unavailable" | "bug";

// Socket-level failures of a database or Redis connection (Node's error codes).
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "SQLITE_BUSY", // another process holds the SQLite write lock past the busy timeout
]);
// Prisma's codes for an unreachable database, a closed connection, a timed-out pool.
const PRISMA_UNAVAILABLE = new Set(["P1001", "P1002", "P1008", "P1017", "P2024"]);
// Prisma's codes for a value the column cannot hold.
const PRISMA_BAD_VALUE = new Set(["P2000", "P2020", "P2033"]);
// The pg driver's own messages when the server went away mid-conversation or never answered.
const PG_GONE =
  /Connection terminated|connection error and is not queryable|timeout exceeded when trying to connect|Client was closed and is not queryable|Cannot use a pool after calling end|the database system is (starting up|shutting down)|terminating connection due to administrator command/i;
// Driver adapter error kinds (Prisma's Rust-free client) for the same situations.
const ADAPTER_UNAVAILABLE = new Set([
  "DatabaseNotReachable",
  "ConnectionClosed",
  "SocketTimeout",
  "TooManyConnections",
]);

function fields(e: unknown): { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown } {
  return typeof e === "object" && e !== null ? (e as Record<string, unknown>) : {};
}

export function failureKind(e: unknown, depth = 0): FailureKind {
  if (e instanceof PayloadError || e instanceof ZodError || e instanceof MoneyFormatError) return "bad-input";
  // better-sqlite3 refuses to bind a number beyond 64 bits: the value, not the database, is wrong.
  if (e instanceof RangeError) return "bad-input";
  const { code, kind, message, cause } = fields(e);
  if (typeof code === "string") {
    if (SOCKET_CODES.has(code) || PRISMA_UNAVAILABLE.has(code)) return "unavailable";
    if (PRISMA_BAD_VALUE.has(code)) return "bad-input";
    // PostgreSQL SQLSTATE classes: 08 connection exception, 57P admin shutdown / cannot connect
    // now, 53 insufficient resources; 22 data exception (a value out of range, too long, ...).
    if (/^(08|57P|53)/.test(code)) return "unavailable";
    if (/^22[0-9A-Z]{3}$/.test(code)) return "bad-input";
  }
  if (typeof kind === "string") {
    if (ADAPTER_UNAVAILABLE.has(kind)) return "unavailable";
    if (kind === "ValueOutOfRange" || kind === "LengthMismatch") return "bad-input";
  }
  if (typeof message === "string" && PG_GONE.test(message)) return "unavailable";
  // Prisma and the drivers wrap the underlying error (cause, or the adapter's error under meta).
  const meta = fields(e) as { meta?: { driverAdapterError?: unknown } };
  const inner = cause ?? meta.meta?.driverAdapterError;
  if (inner && depth < 4) return failureKind(inner, depth + 1);
  return "bug";
}

/** The error's message for a log line or a stored event (first line only, no stack). */
export function reasonOf(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return (message.split("\n").find((l) => l.trim()) ?? message).slice(0, 500);
}
