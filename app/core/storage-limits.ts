// What the database columns can hold (prisma/schema.prisma), checked on the records every
// source writes. A value a column refuses fails the whole statement it is in (a batch of a
// thousand orders), so it is checked first and refused with the record it came from.
// Where SQLite and PostgreSQL differ, the stricter one sets the bound:
// - BigInt columns (money in minor units): 64-bit signed, at most 2^63 - 1;
// - Int columns (counts): PostgreSQL's integer is 32-bit, at most 2^31 - 1;
// - text: PostgreSQL refuses the NUL character; the text columns declare no length, but the
//   indexed ones (ids, e-mail) must fit a PostgreSQL B-tree entry (about 2,700 bytes), so
//   ids, names and addresses are held to 255 characters (at most 1,020 bytes in UTF-8) and
//   e-mail to 254 (the longest address SMTP carries);
// - DateTime: four-digit years (SQLite keeps ISO text, which sorts and reads back only then).
// Plain checks rather than a zod schema: they run on every record of a bulk backfill (millions),
// where a schema's ~25 µs per order would cost more than writing it; these cost well under 1 µs.
import { minorToDecimal } from "./money";
import type { NormalizedCustomer, NormalizedOrder } from "./records";

export const MAX_BIGINT = 2n ** 63n - 1n;
export const MIN_BIGINT = -(2n ** 63n);
export const MAX_INT = 2 ** 31 - 1;
export const MAX_TEXT = 255;
export const MAX_EMAIL = 254;

type Problem = string | null;

function text(what: string, value: string | null | undefined, max = MAX_TEXT): Problem {
  if (value === null || value === undefined) return null;
  if (value.length > max) return `${what} is longer than ${max} characters`;
  if (value.includes("\u0000")) return `${what} contains a NUL character, which the database cannot store`;
  return null;
}

function date(what: string, value: Date | null | undefined): Problem {
  if (value === null || value === undefined) return null;
  const year = value.getUTCFullYear();
  if (Number.isNaN(year)) return `${what} is not a valid date`;
  if (year < 1 || year > 9999) return `${what} is outside the years 1 to 9999`;
  return null;
}

function shown(minor: bigint, currency: string | null | undefined) {
  try {
    return `${minorToDecimal(minor, currency ?? "")} ${currency}`;
  } catch {
    return `${minor} minor units`;
  }
}

/** An amount in minor units a BigInt column holds; the message shows it in the currency. */
function amount(what: string, value: bigint, currency: string | null | undefined, signed = false): Problem {
  if (value > MAX_BIGINT)
    return `${what} ${shown(value, currency)} is more than can be stored (the database holds at most ${shown(MAX_BIGINT, currency)})`;
  if (signed ? value < MIN_BIGINT : value < 0n)
    return signed
      ? `${what} ${shown(value, currency)} is below what the database can hold`
      : `${what} ${shown(value, currency)} is negative`;
  return null;
}

function count(what: string, value: number | undefined): Problem {
  if (value === undefined) return null;
  if (!Number.isInteger(value)) return `${what} is not a whole number`;
  if (value < 0) return `${what} is negative`;
  if (value > MAX_INT) return `${what} is more than the database can hold (at most ${MAX_INT})`;
  return null;
}

/** Why a column would refuse this order, or null when every value fits. */
export function orderStorageProblem(o: NormalizedOrder): Problem {
  const first =
    (o.id ? text("id", o.id) : "id is empty") ??
    text("name", o.name) ??
    text("customer id", o.customerId) ??
    text("e-mail", o.email, MAX_EMAIL) ??
    text("financial status", o.financialStatus, 64) ??
    text("source", o.sourceName) ??
    amount("total", o.totalMinor, o.currency) ??
    amount("refunded amount", o.refundedMinor, o.currency) ??
    date("processed at", o.processedAt) ??
    date("cancelled at", o.cancelledAt) ??
    date("created at", o.createdAt) ??
    date("updated at", o.updatedAt);
  if (first) return first;
  for (const r of o.refunds) {
    const problem =
      (r.id ? text("refund id", r.id) : "refund id is empty") ??
      amount(`refund ${r.id}`, r.amountMinor, r.currency) ??
      date("refund date", r.processedAt);
    if (problem) return problem;
  }
  return null;
}

/** Why a column would refuse this customer, or null when every value fits. */
export function customerStorageProblem(c: NormalizedCustomer): Problem {
  return (
    (c.id ? text("id", c.id) : "id is empty") ??
    text("e-mail", c.email, MAX_EMAIL) ??
    text("first name", c.firstName) ??
    text("last name", c.lastName) ??
    count("order count", c.ordersCount) ??
    (c.totalSpentMinor === undefined ? null : amount("amount spent", c.totalSpentMinor, c.currency, true)) ??
    (c.tags ?? []).reduce<Problem>((p, tag) => p ?? text("tag", tag), null) ??
    date("created at", c.createdAt) ??
    date("updated at", c.updatedAt)
  );
}
