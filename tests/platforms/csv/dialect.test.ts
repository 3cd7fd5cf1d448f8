// How a file writes its values, decided once per file (app/platforms/csv/dialect.ts).
import { describe, expect, it } from "vitest";
import { LocalCalendar } from "~/core/calendar";
import { parseLocalTimestamp } from "~/platforms/csv/dates";
import {
  AmbiguousDatesError,
  decimalEvidence,
  detectSeparator,
  DialectConflictError,
  DialectSniffer,
  firstLine,
  normalizeAmount,
} from "~/platforms/csv/dialect";
import { readCsv } from "~/platforms/csv/reader";

describe("separator", () => {
  it("is the character that splits the header line into the most columns, separators inside quotes not counted", () => {
    expect(detectSeparator("Name,Email,Total")).toEqual({ separator: ",", columns: 3 });
    expect(detectSeparator("Name;Email;Total")).toEqual({ separator: ";", columns: 3 });
    expect(detectSeparator("Name\tEmail\tTotal")).toEqual({ separator: "\t", columns: 3 });
    // A semicolon file whose column names hold commas stays a semicolon file.
    expect(detectSeparator('"Total, incl. VAT";Name;Id')).toEqual({ separator: ";", columns: 3 });
    expect(detectSeparator('"a;b;c",d')).toEqual({ separator: ",", columns: 2 });
    expect(firstLine('"x\ny";z\r\nnext')).toBe('"x\ny";z');
  });

  it("is what the reader splits on: quoted semicolons, commas and line breaks stay in their field", () => {
    expect(readCsv('a;"b;c";d,e\r\n1;"2\n3";4\r\n', ";").map((r) => r.fields)).toEqual([
      ["a", "b;c", "d,e"],
      ["1", "2\n3", "4"],
    ]);
  });
});

describe("amounts", () => {
  it("show a decimal mark only when no other reading fits: 12,50 and 1.234,56 a comma, 12.5 a point; 10, 1.234 and 1,234 neither", () => {
    expect(["12,50", "1.234,56", "-0,5", "1.234.567,00"].map(decimalEvidence)).toEqual([",", ",", ",", ","]);
    expect(["12.50", "1,234.56", "3.4"].map(decimalEvidence)).toEqual([".", ".", "."]);
    expect(["10", "1.234", "1,234", "", "abc"].map(decimalEvidence)).toEqual([null, null, null, null, null]);
  });

  it("are read the file's way only: with decimal commas 1.234,56 is 1234.56 and 12.50 is no amount; with points 12,50 is none", () => {
    expect(normalizeAmount("1.234,56", ",")).toBe("1234.56");
    expect(normalizeAmount("1.234", ",")).toBe("1234");
    expect(normalizeAmount("-12,5", ",")).toBe("-12.5");
    expect(normalizeAmount("12.50", ",")).toBeNull();
    expect(normalizeAmount("1.23,4", ",")).toBeNull();
    expect(normalizeAmount("1659.95", ".")).toBe("1659.95");
    expect(normalizeAmount("12,50", ".")).toBeNull();
  });
});

describe("one decision per file", () => {
  it("comma files have decimal points; semicolon files what their values show, else a decimal comma", () => {
    const comma = new DialectSniffer(",");
    comma.amount(2, "12,50"); // a quoted decimal comma in a comma file: the row's error, not the file's way
    expect(comma.result()).toMatchObject({ decimal: ".", decimalReason: "comma_file" });
    const semicolonPoint = new DialectSniffer(";");
    semicolonPoint.amount(2, "10");
    semicolonPoint.amount(3, "22.42");
    expect(semicolonPoint.result()).toMatchObject({ decimal: ".", decimalReason: "values", decimalExample: "22.42" });
    const semicolonNone = new DialectSniffer(";");
    semicolonNone.amount(2, "10");
    expect(semicolonNone.result()).toMatchObject({ decimal: ",", decimalReason: "spreadsheet_default" });
    const tabs = new DialectSniffer("\t");
    expect(tabs.result()).toMatchObject({ decimal: "." });
  });

  it("refuses a file with both decimal marks and one with both date orders, naming the first value of each", () => {
    const amounts = new DialectSniffer(";");
    amounts.amount(2, "12,50");
    amounts.amount(7, "3.10");
    expect(() => amounts.result()).toThrow(DialectConflictError);
    expect(() => amounts.result()).toThrow(/line 2: 12,50.*line 7: 3.10/);
    const dates = new DialectSniffer(";");
    dates.date(2, "13-5-2025 10:00");
    dates.date(3, "5-14-2025 10:00");
    expect(() => dates.result()).toThrow(DialectConflictError);
  });

  it("reads dates day first or month first as one value shows; all-ambiguous dashes day first; all-ambiguous slashes asks unless the merchant chose", () => {
    const dmy = new DialectSniffer(";");
    dmy.date(2, "5-6-2025 10:00");
    dmy.date(3, "31-12-2025 14:05");
    expect(dmy.result()).toMatchObject({ dateOrder: "dmy", dateReason: "values", dateExample: "31-12-2025 14:05" });
    const mdy = new DialectSniffer(",");
    mdy.date(2, "12/31/2025 14:05");
    expect(mdy.result()).toMatchObject({ dateOrder: "mdy", dateReason: "values" });
    const dashes = new DialectSniffer(";");
    dashes.date(2, "5-6-2025 10:00");
    expect(dashes.result()).toMatchObject({ dateOrder: "dmy", dateReason: "dashes" });
    const slashes = new DialectSniffer(";");
    slashes.date(4, "5/6/2025 10:00");
    expect(() => slashes.result()).toThrow(AmbiguousDatesError);
    const chosen = new DialectSniffer(";", "mdy");
    chosen.date(4, "5/6/2025 10:00");
    expect(chosen.result()).toMatchObject({ dateOrder: "mdy", dateReason: "merchant" });
    // Year-first dates (the exporters') say nothing about the order: no D/M/Y dates, no decision.
    const iso = new DialectSniffer(",");
    iso.date(2, "2025-05-11 09:55:16 -0400");
    expect(iso.result()).toMatchObject({ dateOrder: null, dateReason: null });
  });

  it("reads a date the way the file was decided, in the shop's zone, and refuses one that is no date that way", () => {
    const ams = new LocalCalendar("Europe/Amsterdam");
    expect(parseLocalTimestamp("5/6/2025 10:00", ams, "dmy")?.toISOString()).toBe("2025-06-05T08:00:00.000Z");
    expect(parseLocalTimestamp("5/6/2025 10:00", ams, "mdy")?.toISOString()).toBe("2025-05-06T08:00:00.000Z");
    expect(parseLocalTimestamp("31-12-2025 14:05", ams, "dmy")?.toISOString()).toBe("2025-12-31T13:05:00.000Z");
    expect(parseLocalTimestamp("31-12-2025 14:05", ams, "mdy")).toBeNull(); // month 31
    expect(parseLocalTimestamp("31-12-2025", ams, "dmy")).toBeNull(); // no time: not an order's moment
    // As the exporters write them (no decision): day first with dashes only.
    expect(parseLocalTimestamp("16-05-2018 07:32:06", ams)?.toISOString()).toBe("2018-05-16T05:32:06.000Z");
    expect(parseLocalTimestamp("05/16/2018 07:32:06", ams)).toBeNull();
  });
});
