// An RFC 4180 CSV reader (with the separator the file uses: comma, or the semicolon or tab a
// spreadsheet writes; ./dialect.ts decides it from the header line) that takes its input in chunks, so a large export is read as it
// streams in instead of as one string. Quoted fields may hold commas, doubled quotes ("")
// and line breaks; records end at CRLF, LF or a lone CR; a leading byte order mark is
// dropped. Each record carries the physical line it starts on (1-based, the header is
// line 1), which is what a merchant sees in a text editor or spreadsheet.
// Lenient where exports commonly are: a quote inside an unquoted field is kept as text,
// text after a closing quote is appended, and completely empty lines are skipped.

export interface CsvRecord {
  line: number; // physical line the record starts on
  fields: string[];
}

export class CsvSyntaxError extends Error {
  readonly code = "CSV_SYNTAX";
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

const QUOTE = 34; // "
const LF = 10;
const CR = 13;

export class CsvReader {
  private fields: string[] = [];
  private field = "";
  private fieldStart = true; // nothing of the current field consumed yet
  private recordHasContent = false;
  private inQuotes = false;
  private quotePending = false; // inside quotes, the last character was a quote: closing, or the first of ""
  private quoteLine = 0;
  private line = 1;
  private recordLine = 1;
  private pendingCR = false; // a CR ended the previous chunk: a LF starting this one belongs to it
  private quotedCR = false; // the last character inside a quoted field was a CR (CRLF counts as one line)
  private started = false;
  private readonly sep: number;

  constructor(separator: string = ",") {
    this.sep = separator.charCodeAt(0);
  }

  /** Reads a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    const out: CsvRecord[] = [];
    let s = chunk;
    if (!this.started && s.length > 0) {
      this.started = true;
      if (s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    if (this.pendingCR && n > 0) {
      this.pendingCR = false;
      if (s.charCodeAt(0) === LF) i = 1;
    }
    while (i < n) {
      if (this.inQuotes) {
        if (this.quotePending) {
          this.quotePending = false;
          if (s.charCodeAt(i) === QUOTE) {
            this.field += '"';
            i++;
          } else {
            this.inQuotes = false; // that quote closed the field; this character is read unquoted
          }
          continue;
        }
        const q = s.indexOf('"', i);
        const end = q < 0 ? n : q;
        this.countQuotedBreaks(s, i, end);
        this.field += s.slice(i, end);
        if (q < 0) break;
        this.quotedCR = false;
        this.quotePending = true;
        i = q + 1;
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === QUOTE && this.fieldStart) {
        this.inQuotes = true;
        this.fieldStart = false;
        this.recordHasContent = true;
        this.quoteLine = this.line;
        i++;
      } else if (c === this.sep) {
        this.recordHasContent = true;
        this.endField();
        i++;
      } else if (c === LF || c === CR) {
        if (this.recordHasContent) {
          this.endField();
          out.push({ line: this.recordLine, fields: this.fields });
        }
        this.resetRecord();
        this.line++;
        this.recordLine = this.line;
        if (c === CR) {
          if (i + 1 < n) {
            if (s.charCodeAt(i + 1) === LF) i++;
          } else {
            this.pendingCR = true;
          }
        }
        i++;
      } else {
        let j = i + 1;
        const sep = this.sep;
        while (j < n) {
          const d = s.charCodeAt(j);
          if (d === sep || d === LF || d === CR) break;
          j++;
        }
        this.field += s.slice(i, j);
        this.fieldStart = false;
        this.recordHasContent = true;
        i = j;
      }
    }
    return out;
  }

  /** Ends the input; returns the last record if the file does not end with a line break. */
  end(): CsvRecord[] {
    if (this.inQuotes && !this.quotePending) {
      throw new CsvSyntaxError(
        this.quoteLine,
        `a quoted field that starts on line ${this.quoteLine} is never closed (a missing " reads the rest of the file as one field)`,
      );
    }
    this.inQuotes = false;
    this.quotePending = false;
    if (!this.recordHasContent) return [];
    this.endField();
    const record = { line: this.recordLine, fields: this.fields };
    this.resetRecord();
    return [record];
  }

  private endField() {
    this.fields.push(this.field);
    this.field = "";
    this.fieldStart = true;
  }

  private resetRecord() {
    this.fields = [];
    this.field = "";
    this.fieldStart = true;
    this.recordHasContent = false;
  }

  // Line breaks inside a quoted field still move the physical line on.
  private countQuotedBreaks(s: string, from: number, to: number) {
    for (let k = from; k < to; k++) {
      const c = s.charCodeAt(k);
      if (c === LF) {
        if (!this.quotedCR) this.line++;
        this.quotedCR = false;
      } else if (c === CR) {
        this.line++;
        this.quotedCR = true;
      } else {
        this.quotedCR = false;
      }
    }
  }
}

/** All records of a CSV text. */
export function readCsv(text: string, separator = ","): CsvRecord[] {
  const reader = new CsvReader(separator);
  return [...reader.push(text), ...reader.end()];
}

/** Records of a CSV arriving in text chunks (a decoded upload stream), one at a time. */
export async function* readCsvStream(chunks: AsyncIterable<string>, separator = ","): AsyncGenerator<CsvRecord> {
  const reader = new CsvReader(separator);
  for await (const chunk of chunks) yield* reader.push(chunk);
  yield* reader.end();
}
