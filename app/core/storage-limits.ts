// What the database columns can hold (prisma/schema.prisma), as zod schemas over the records
// every source writes. A value a column refuses fails the whole statement it is in (a batch
// of a thousand orders), so it is checked first and refused with the record it came from.
// Where SQLite and PostgreSQL differ, the stricter one sets the bound:
// - BigInt columns (money in minor units): 64-bit signed, at most 2^63 - 1;
// - Int columns (counts): PostgreSQL's integer is 32-bit, at most 2^31 - 1;
// - text: PostgreSQL refuses the NUL character; the text columns declare no length, but the
//   indexed ones (ids, e-mail) must fit a PostgreSQL B-tree entry (about 2,700 bytes), so
//   ids, names and addresses are held to 255 characters (at most 1,020 bytes in UTF-8) and
//   e-mail to 254 (the longest address SMTP carries);
// - DateTime: four-digit years (SQLite keeps ISO text, which sorts and reads back only then).
import { z } from "zod";
import { currencyDecimals, minorToDecimal } from "./money";
import type { NormalizedCustomer, NormalizedOrder } from "./records";

export const MAX_BIGINT = 2n ** 63n - 1n;
export const MAX_INT = 2 ** 31 - 1;
export const MAX_TEXT = 255;
export const MAX_EMAIL = 254;

const text = (what: string, max = MAX_TEXT, min = 0) =>
  z
    .string()
    .min(min, `${what} is empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .refine((s) => !s.includes("\u0000"), `${what} contains a NUL character, which the database cannot store`);
const id = (what: string) => text(what, MAX_TEXT, 1);
const date = (what: string) =>
  z
    .date()
    .refine((d) => !Number.isNaN(d.getTime()), `${what} is not a valid date`)
    .refine((d) => d.getUTCFullYear() >= 1 && d.getUTCFullYear() <= 9999, `${what} is outside the years 1 to 9999`);
const currency = z.string().refine((c) => {
  try {
    currencyDecimals(c);
    return true;
  } catch {
    return false;
  }
}, "unknown currency");

/** An amount in minor units a BigInt column holds; the message shows it in the currency. */
function amount(
  ctx: z.RefinementCtx,
  value: bigint,
  currencyCode: string,
  what: string,
  path: (string | number)[],
  signed = false,
) {
  const shown = (v: bigint) => {
    try {
      return `${minorToDecimal(v, currencyCode)} ${currencyCode}`;
    } catch {
      return `${v} minor units`;
    }
  };
  if (value < (signed ? -MAX_BIGINT - 1n : 0n))
    ctx.addIssue({
      code: "custom",
      path,
      message: signed
        ? `${what} ${shown(value)} is below what the database can hold`
        : `${what} ${shown(value)} is negative`,
    });
  else if (value > MAX_BIGINT)
    ctx.addIssue({
      code: "custom",
      path,
      message: `${what} ${shown(value)} is more than can be stored (the database holds at most ${shown(MAX_BIGINT)})`,
    });
}

export const storableOrder = z
  .object({
    id: id("id"),
    name: text("name").nullable(),
    customerId: text("customer id", MAX_TEXT, 1).nullable(),
    email: text("e-mail", MAX_EMAIL).nullable(),
    currency,
    totalMinor: z.bigint(),
    refundedMinor: z.bigint(),
    financialStatus: text("financial status", 64),
    cancelledAt: date("cancelled at").nullable(),
    processedAt: date("processed at"),
    createdAt: date("created at").nullable(),
    updatedAt: date("updated at").nullable(),
    sourceName: text("source").nullable(),
    refunds: z.array(
      z.object({
        id: id("refund id"),
        amountMinor: z.bigint(),
        currency,
        processedAt: date("refund date"),
      }),
    ),
  })
  .superRefine((o, ctx) => {
    amount(ctx, o.totalMinor, o.currency, "total", ["totalMinor"]);
    amount(ctx, o.refundedMinor, o.currency, "refunded amount", ["refundedMinor"]);
    o.refunds.forEach((r, i) => amount(ctx, r.amountMinor, r.currency, `refund ${r.id}`, ["refunds", i]));
  });

export const storableCustomer = z
  .object({
    id: id("id"),
    email: text("e-mail", MAX_EMAIL).nullable(),
    firstName: text("first name").nullable(),
    lastName: text("last name").nullable(),
    ordersCount: z
      .number()
      .int("order count is not a whole number")
      .min(0, "order count is negative")
      .max(MAX_INT, `order count is more than the database can hold (at most ${MAX_INT})`)
      .optional(),
    totalSpentMinor: z.bigint().optional(),
    currency: currency.nullable().optional(),
    tags: z.array(text("tag")).optional(),
    createdAt: date("created at").nullable(),
    updatedAt: date("updated at").nullable(),
  })
  .superRefine((c, ctx) => {
    if (c.totalSpentMinor !== undefined)
      amount(ctx, c.totalSpentMinor, c.currency ?? "XXX", "amount spent", ["totalSpentMinor"], true);
  });

const firstIssue = (r: { success: boolean; error?: z.ZodError }) => (r.success ? null : r.error!.issues[0].message);

/** Why a column would refuse this order, or null when every value fits. */
export const orderStorageProblem = (o: NormalizedOrder): string | null => firstIssue(storableOrder.safeParse(o));

/** Why a column would refuse this customer, or null when every value fits. */
export const customerStorageProblem = (c: NormalizedCustomer): string | null =>
  firstIssue(storableCustomer.safeParse(c));
