// How a CSV file writes its values, decided once per file and never per value: which
// character separates the columns, whether amounts have a decimal comma ("1.234,56", as Excel
// writes them on a Dutch computer) or a decimal point ("1234.56", as the exporters write
// them), and whether a date like 05-06-2025 is day first or month first.
//
// The separator comes from the header row. Amounts and dates come from the values of the
// columns the format has for them: one value that only reads one way ("12,50"; "31-12-2025")
// decides for the whole file. A file that shows both ways is refused, and a file whose dates
// fit both orders is only read day first where the way it writes dates says so (dashes and
// dots are how Dutch and German spreadsheets write dates, and how WooCommerce exporters write
// them); with slashes (US 5/6/2025, Belgian 6/5/2025) the merchant is asked.
import type { CsvFormat } from "./detect";

export type Separator = "," | ";" | "\t";
export type DecimalMark = "." | ",";
export type DateOrder = "dmy" | "mdy";

/** What the mappers need to read a value (the separator is the reader's business). */
export interface ValueDialect {
  decimal: DecimalMark;
  /** How D?M?Y dates are read; null: as the exporters write them (day first with dashes). */
  dateOrder: DateOrder | null;
}

export const EXPORTER_DIALECT: ValueDialect = { decimal: ".", dateOrder: null };

/** Why the file is read the way it is: shown in the import report. */
export interface DialectReport {
  encoding: "utf-8" | "utf-16" | "windows-1252";
  separator: Separator;
  columns: number; // header fields with that separator
  decimal: DecimalMark;
  /** comma_file: a comma-separated file cannot hold decimal commas unquoted, the exporters write points. */
  decimalReason: "comma_file" | "values" | "spreadsheet_default";
  decimalExample: string | null; // the value that decided ("values")
  dateOrder: DateOrder | null; // null: the file has no day/month dates (year first, or none)
  dateReason: "values" | "dashes" | "merchant" | null;
  dateExample: string | null;
}

const CANDIDATES: Separator[] = [",", ";", "\t"];

/** The header line's separator: the candidate that splits it (outside quotes) into the most columns. */
export function detectSeparator(headerLine: string): { separator: Separator; columns: number } {
  let best: { separator: Separator; columns: number } = { separator: ",", columns: 1 };
  for (const separator of CANDIDATES) {
    let columns = 1;
    let quoted = false;
    for (const c of headerLine) {
      if (c === '"') quoted = !quoted;
      else if (c === separator && !quoted) columns++;
    }
    if (columns > best.columns) best = { separator, columns };
  }
  return best;
}

/** The first line of a text (up to a line break outside quotes). */
export function firstLine(text: string): string {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if ((c === "\n" || c === "\r") && !quoted) return text.slice(0, i);
  }
  return text;
}

const DOT_DECIMAL = /^-?\d+\.\d+$/;
const DOT_GROUPED = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;
const COMMA_DECIMAL = /^-?\d+,\d+$/;
const COMMA_GROUPED = /^-?\d{1,3}(\.\d{3})+(,\d+)?$/;

/** Which decimal mark one value shows, or null when it reads either way ("10", "1.234", "1,234"). */
export function decimalEvidence(text: string): DecimalMark | null {
  const t = text.trim();
  const threeAfter = /^-?\d{1,3}[.,]\d{3}$/.test(t); // thousands or three decimals
  if (threeAfter) return null;
  if (COMMA_DECIMAL.test(t) || COMMA_GROUPED.test(t)) return ",";
  if (DOT_DECIMAL.test(t) || DOT_GROUPED.test(t)) return ".";
  return null;
}

/**
 * An amount as the file writes it ("1.234,56" with a decimal comma, "1234.56" with a point) as
 * plain decimal text ("1234.56"), or null when it is not an amount in that way of writing.
 */
export function normalizeAmount(text: string, decimal: DecimalMark): string | null {
  const t = text.trim();
  if (decimal === ".") return /^-?\d*\.?\d*$/.test(t) && /\d/.test(t) ? t : null;
  if (!/^-?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$/.test(t)) return null;
  return t.replace(/\./g, "").replace(",", ".");
}

/** d-m-yyyy, d/m/yyyy, d.m.yyyy with an optional time (h:mm, h:mm:ss) and zone. */
export const DAY_MONTH_YEAR =
  /^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i;

/** What one date value says about the order of day and month. */
export function dateEvidence(text: string): { order: DateOrder | "either"; mark: string } | null {
  const m = DAY_MONTH_YEAR.exec(text.trim());
  if (!m) return null;
  const [a, b] = [Number(m[1]), Number(m[3])];
  if (a > 12 && b <= 12) return { order: "dmy", mark: m[2] };
  if (b > 12 && a <= 12) return { order: "mdy", mark: m[2] };
  return { order: "either", mark: m[2] };
}

/** The columns of each format that hold amounts or dates (more than the import reads: more evidence). */
export const AMOUNT_COLUMNS: Record<CsvFormat, readonly string[]> = {
  shopify: [
    "Subtotal",
    "Shipping",
    "Taxes",
    "Total",
    "Discount Amount",
    "Lineitem price",
    "Refunded Amount",
    "Outstanding Balance",
  ],
  woocommerce: [
    "shipping_total",
    "shipping_tax_total",
    "fee_total",
    "fee_tax_total",
    "tax_total",
    "cart_discount",
    "order_discount",
    "discount_total",
    "order_total",
  ],
};

export const DATE_COLUMNS: Record<CsvFormat, readonly string[]> = {
  shopify: ["Created at", "Paid at", "Fulfilled at", "Cancelled at"],
  woocommerce: ["order_date", "paid_date", "completed_date"],
};

export interface Example {
  line: number;
  value: string;
}

/** The file's values disagree (both decimal marks, or both date orders): it is refused, not guessed. */
export class DialectConflictError extends Error {
  readonly code = "DIALECT_CONFLICT";
  constructor(
    readonly kind: "numbers" | "dates",
    readonly examples: [Example, Example],
  ) {
    super(
      kind === "numbers"
        ? `Amounts are written both with a decimal comma (line ${examples[0].line}: ${examples[0].value}) and with a decimal point (line ${examples[1].line}: ${examples[1].value}): the file cannot be read one way.`
        : `Dates are written both day first (line ${examples[0].line}: ${examples[0].value}) and month first (line ${examples[1].line}: ${examples[1].value}): the file cannot be read one way.`,
    );
  }
}

/** Every date fits day first and month first, and the file's way of writing them does not say which. */
export class AmbiguousDatesError extends Error {
  readonly code = "AMBIGUOUS_DATES";
  constructor(readonly example: Example) {
    super(
      `The dates (like ${example.value} on line ${example.line}) can be read day first or month first. Choose how the file writes dates and import it again.`,
    );
  }
}

/**
 * Collects evidence row by row over the whole file: a file half converted by a spreadsheet (the
 * dates it took for month first rewritten, the others left as text) shows both ways somewhere,
 * and is refused as a whole rather than read half wrong.
 */
export class DialectSniffer {
  private comma: Example | null = null;
  private point: Example | null = null;
  private dmy: Example | null = null;
  private mdy: Example | null = null;
  private either: Example | null = null;
  private slashes = false;

  constructor(
    private readonly separator: Separator,
    private readonly chosenDateOrder: DateOrder | null = null,
  ) {}

  amount(line: number, value: string) {
    if (this.separator === ",") return; // unquoted decimal commas cannot occur: decided already
    const e = decimalEvidence(value);
    if (e === "," && !this.comma) this.comma = { line, value };
    if (e === "." && !this.point) this.point = { line, value };
  }

  date(line: number, value: string) {
    const e = dateEvidence(value);
    if (!e) return;
    if (e.mark === "/") this.slashes = true;
    if (e.order === "dmy" && !this.dmy) this.dmy = { line, value };
    if (e.order === "mdy" && !this.mdy) this.mdy = { line, value };
    if (e.order === "either" && !this.either) this.either = { line, value };
  }

  /** The way to read the file; throws DialectConflictError or AmbiguousDatesError. */
  result(): ValueDialect & Pick<DialectReport, "decimalReason" | "decimalExample" | "dateReason" | "dateExample"> {
    let decimal: DecimalMark;
    let decimalReason: DialectReport["decimalReason"];
    let decimalExample: string | null = null;
    if (this.separator === ",") {
      decimal = ".";
      decimalReason = "comma_file";
    } else if (this.comma && this.point) {
      throw new DialectConflictError("numbers", [this.comma, this.point]);
    } else if (this.comma || this.point) {
      decimal = this.comma ? "," : ".";
      decimalReason = "values";
      decimalExample = (this.comma ?? this.point)!.value;
    } else {
      // No value shows a decimal mark: a semicolon file is a European spreadsheet's (decimal comma).
      decimal = this.separator === ";" ? "," : ".";
      decimalReason = "spreadsheet_default";
    }

    let dateOrder: DateOrder | null = null;
    let dateReason: DialectReport["dateReason"] = null;
    let dateExample: string | null = null;
    if (this.dmy && this.mdy) throw new DialectConflictError("dates", [this.dmy, this.mdy]);
    if (this.dmy || this.mdy) {
      dateOrder = this.dmy ? "dmy" : "mdy";
      dateReason = "values";
      dateExample = (this.dmy ?? this.mdy)!.value;
    } else if (this.either) {
      if (this.chosenDateOrder) {
        dateOrder = this.chosenDateOrder;
        dateReason = "merchant";
      } else if (!this.slashes) {
        dateOrder = "dmy";
        dateReason = "dashes";
      } else {
        throw new AmbiguousDatesError(this.either);
      }
      dateExample = this.either.value;
    }
    return { decimal, decimalReason, decimalExample, dateOrder, dateReason, dateExample };
  }
}
