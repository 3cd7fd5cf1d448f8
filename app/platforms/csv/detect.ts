// Which export a CSV is, from its header row. Each known format names the columns the
// import cannot do without; a header that has all of one format's columns is that format.
// Column names are matched trimmed and case-insensitively, in any order, and other columns
// are ignored (both exporters let merchants add or drop columns).

export type CsvFormat = "shopify" | "woocommerce";

export const FORMAT_LABELS: Record<CsvFormat, string> = {
  shopify: "Shopify orders export",
  woocommerce: "WooCommerce order export (WebToffee)",
};

/** The columns each format must have (as its exporter spells them). */
export const REQUIRED_COLUMNS: Record<CsvFormat, readonly string[]> = {
  shopify: ["Name", "Email", "Financial Status", "Currency", "Total", "Created at", "Id"],
  woocommerce: ["order_id", "order_date", "status", "order_total", "order_currency"],
};

/** Column positions by name; a missing column reads as "". */
export class HeaderIndex {
  private readonly positions = new Map<string, number>();

  constructor(readonly names: readonly string[]) {
    names.forEach((name, i) => {
      const key = name.trim().toLowerCase();
      if (!this.positions.has(key)) this.positions.set(key, i);
    });
  }

  has(column: string): boolean {
    return this.positions.has(column.toLowerCase());
  }

  /** The record's value in `column`, trimmed; "" when the column or the value is missing. */
  get(fields: readonly string[], column: string): string {
    const i = this.positions.get(column.toLowerCase());
    return i === undefined ? "" : (fields[i] ?? "").trim();
  }
}

export type FormatHint = "semicolons" | "spreadsheet" | "tabs";

export class UnknownFormatError extends Error {
  readonly code = "UNKNOWN_FORMAT";
  constructor(
    /** The format whose columns the header came closest to, with the ones it lacks (null: none of any). */
    readonly closest: { format: CsvFormat; missing: string[] } | null,
    readonly hint: FormatHint | null,
  ) {
    const expected = (Object.keys(REQUIRED_COLUMNS) as CsvFormat[])
      .map((f) => `a ${FORMAT_LABELS[f]} (${REQUIRED_COLUMNS[f].join(", ")})`)
      .join(" or ");
    super(
      `Unknown file: the first row must hold the column names of ${expected}. ` +
        (closest ? `Closest: ${FORMAT_LABELS[closest.format]}, missing ${closest.missing.join(", ")}.` : "") +
        (hint === "semicolons"
          ? " The columns are separated by semicolons: the file was probably re-saved by a spreadsheet program; upload the file as exported."
          : "") +
        (hint === "tabs" ? " The columns are separated by tabs: upload the CSV file as exported." : "") +
        (hint === "spreadsheet" ? " This is a spreadsheet workbook, not a CSV file." : ""),
    );
  }
}

function hintFor(header: readonly string[]): FormatHint | null {
  const first = header[0] ?? "";
  if (first.startsWith("PK\u0003\u0004")) return "spreadsheet"; // an .xlsx workbook is a zip file
  if (header.length === 1 && first.includes(";")) return "semicolons";
  if (header.length === 1 && first.includes("\t")) return "tabs";
  return null;
}

/** The export format of a header row, or UnknownFormatError naming the columns that were expected. */
export function detectFormat(header: readonly string[]): { format: CsvFormat; columns: HeaderIndex } {
  const columns = new HeaderIndex(header);
  let closest: { format: CsvFormat; missing: string[] } | null = null;
  for (const format of Object.keys(REQUIRED_COLUMNS) as CsvFormat[]) {
    const missing = REQUIRED_COLUMNS[format].filter((c) => !columns.has(c));
    if (missing.length === 0) return { format, columns };
    const share = missing.length / REQUIRED_COLUMNS[format].length;
    if (share < 1 && (!closest || share < closest.missing.length / REQUIRED_COLUMNS[closest.format].length))
      closest = { format, missing };
  }
  throw new UnknownFormatError(closest, hintFor(header));
}
