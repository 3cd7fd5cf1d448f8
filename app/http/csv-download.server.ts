// A CSV download as a streamed Response: the rows come page by page from a model's keyset
// reader and are written as they arrive (a ReadableStream pulled by the client, so a slow
// download holds one page in memory, not the shop). Written for spreadsheets:
// - a UTF-8 byte order mark first, so Excel reads "Müller" as UTF-8, not as Windows-1252;
// - comma-separated with a header row (RFC 4180 quoting), numbers with a dot decimal;
// - dates as ISO 8601 (UTC instants with "Z", calendar days as YYYY-MM-DD);
// - formula-injection guard: a text cell starting with = + - @ tab or CR (a shopper's
//   comment or name can be "=HYPERLINK(...)") is prefixed with ' so a spreadsheet shows it
//   as text instead of running it. Numbers we write ourselves (negative points) stay numbers.
import { stringify } from "csv-stringify/sync";
import type { CsvRow } from "~/models/exports.server";

const BOM = "\uFEFF";

const OPTIONS = {
  escape_formulas: true,
  record_delimiter: "\r\n", // RFC 4180, and what Excel writes
  cast: {
    date: (d: Date) => d.toISOString(),
    boolean: (b: boolean) => (b ? "true" : "false"),
  },
} as const;

/** One page of rows as CSV text, in the columns' order (the header when `header` is set). */
export function csvText(columns: readonly string[], rows: CsvRow[], header: boolean): string {
  return stringify(rows, { ...OPTIONS, header, columns: [...columns] });
}

/** "customers-2026-12-02.csv": what the browser saves the download as. */
export function exportFileName(what: string, now: Date) {
  return `${what}-${now.toISOString().slice(0, 10)}.csv`;
}

export function csvDownload(fileName: string, columns: readonly string[], pages: AsyncGenerator<CsvRow[]>): Response {
  const encoder = new TextEncoder();
  let headerSent = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await pages.next();
        if (next.done) {
          if (!headerSent) controller.enqueue(encoder.encode(BOM + csvText(columns, [], true)));
          controller.close();
          return;
        }
        const text = csvText(columns, next.value, !headerSent);
        controller.enqueue(encoder.encode(headerSent ? text : BOM + text));
        headerSent = true;
      } catch (e) {
        // Headers are gone by now: the browser sees a failed download rather than a short file.
        controller.error(e);
      }
    },
    async cancel() {
      await pages.return(undefined);
    },
  });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
