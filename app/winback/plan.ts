// The win-back push's diff: per customer, what the platform was last told (the stored push
// state) against what the fresh analysis says, turned into the tag to take off, the tag to put
// on, the fields to set or clear and whether the "became inactive" trigger is owed. Only
// changes are planned, so an unchanged customer costs no call. Pure: no database, no network.
import { dayOf, LocalCalendar } from "~/core/calendar";
import { currencyDecimals, minorToDecimal } from "~/core/money";
import { METAFIELDS, TAG_PREFIX, tagFor, type MetafieldColumn } from "./rules";

export type FieldValues = Record<MetafieldColumn, string | null>;

/** A customer as the analysis sees them (a CustomerInsight row's pushed columns). */
export interface InsightRow {
  customerId: string;
  segment: string;
  pAlive: number | null;
  predictedClvMinor: bigint | null;
  lastOrderDate: string;
}

/** What the platform was last told about a customer (a SegmentPush row). */
export interface PushedState extends FieldValues {
  tag: string | null;
  flowPending: boolean;
  flowSentAt: Date | null;
  error: string | null;
  errorKey: string | null;
}

export interface Plan {
  customerId: string;
  state: PushedState | null;
  insight: InsightRow | null; // null: the customer left the analysis (or the merchant asked to remove everything)
  removeTag: string | null;
  addTag: string | null;
  set: { column: MetafieldColumn; key: string; type: string; value: string }[];
  unset: { column: MetafieldColumn; key: string }[];
  entering: boolean; // moves into "inactive": the Flow trigger becomes owed
  /** What we would send, as one string: a failure is not retried until it changes. */
  errorKey: string;
  failed: boolean;
}

const roundToWholeUnits = (minor: bigint, currency: string) => {
  const unit = 10n ** BigInt(currencyDecimals(currency));
  const positive = minor < 0n ? 0n : minor;
  return ((positive + unit / 2n) / unit) * unit;
};

/**
 * The field values for a customer, as the strings the platform stores. Rounded (churn risk to
 * 0.01, predicted value to whole currency units) so the daily drift of a prediction does not
 * make every refresh rewrite every customer.
 */
export function fieldValues(i: InsightRow, currency: string): FieldValues {
  return {
    segment: i.segment,
    churnRisk: i.pAlive === null ? null : Math.min(1, Math.max(0, 1 - i.pAlive)).toFixed(2),
    predictedClv:
      i.predictedClvMinor === null ? null : minorToDecimal(roundToWholeUnits(i.predictedClvMinor, currency), currency),
    lastOrderDate: i.lastOrderDate,
  };
}

export function plan(
  customerId: string,
  state: PushedState | null,
  insight: InsightRow | null,
  currency: string,
): Plan {
  const wantTag = insight ? tagFor(insight.segment) : null;
  const values: FieldValues | null = insight ? fieldValues(insight, currency) : null;
  const set: Plan["set"] = [];
  const unset: Plan["unset"] = [];
  for (const f of METAFIELDS) {
    const want = values?.[f.column] ?? null;
    const have = state?.[f.column] ?? null;
    if (want === have) continue;
    if (want === null) unset.push({ column: f.column, key: f.key });
    else set.push({ column: f.column, key: f.key, type: f.type, value: want });
  }
  const had = state?.tag ?? null;
  return {
    customerId,
    state,
    insight,
    removeTag: had && had !== wantTag ? had : null,
    addTag: wantTag && had !== wantTag ? wantTag : null,
    set,
    unset,
    entering: insight?.segment === "inactive" && !!had && had.startsWith(TAG_PREFIX) && had !== tagFor("inactive"),
    errorKey: JSON.stringify([wantTag, values]),
    failed: false,
  };
}

export const hasWork = (p: Plan) =>
  !!(p.removeTag || p.addTag || p.set.length || p.unset.length || p.entering || p.state?.flowPending);

/** Whole customers per batch, at most `limit` entries (fields) in one batch. */
export function pack(plans: Plan[], size: (p: Plan) => number, limit: number): Plan[][] {
  const batches: Plan[][] = [];
  let current: Plan[] = [];
  let n = 0;
  for (const p of plans) {
    if (n + size(p) > limit && current.length) {
      batches.push(current);
      current = [];
      n = 0;
    }
    current.push(p);
    n += size(p);
  }
  if (current.length) batches.push(current);
  return batches;
}

/** The "became inactive" trigger's payload: field keys as declared in the Flow extension's TOML. */
export function flowPayload(p: Plan, shop: { timezone: string; currency: string }, now: Date) {
  const i = p.insight!;
  const id = Number(p.customerId);
  const payload: Record<string, unknown> = {
    customer_id: Number.isSafeInteger(id) ? id : p.customerId,
    "days inactive": Math.max(0, new LocalCalendar(shop.timezone).day(now.getTime()) - dayOf(i.lastOrderDate)),
  };
  const values = fieldValues(i, shop.currency);
  if (values.predictedClv !== null) payload["predicted clv"] = Number(values.predictedClv);
  if (values.churnRisk !== null) payload["churn risk"] = Number(values.churnRisk);
  return payload;
}
