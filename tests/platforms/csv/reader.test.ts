import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { CsvReader, CsvSyntaxError, readCsv, readCsvStream } from "~/platforms/csv/reader";

const fixture = (name: string) => fs.readFileSync(`tests/fixtures/csv/${name}`, "utf8");

describe("CSV reader (RFC 4180)", () => {
  it("reads quoted fields with commas, doubled quotes and line breaks, and numbers records by the line they start on", () => {
    const text = 'a,b,c\n"x, y","he said ""hi""","first\nsecond"\nlast,,\n';
    expect(readCsv(text)).toEqual([
      { line: 1, fields: ["a", "b", "c"] },
      { line: 2, fields: ["x, y", 'he said "hi"', "first\nsecond"] },
      { line: 4, fields: ["last", "", ""] },
    ]);
  });

  it("reads CRLF line ends, keeps a CRLF inside quotes and counts it as one line", () => {
    expect(readCsv('a,b\r\n1,2\r\n"q\r\nr",3\r\n4,5')).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
      { line: 3, fields: ["q\r\nr", "3"] },
      { line: 5, fields: ["4", "5"] },
    ]);
  });

  it("treats a lone CR as a line end (old spreadsheet exports)", () => {
    expect(readCsv("a,b\r1,2\r")).toEqual([
      { line: 1, fields: ["a", "b"] },
      { line: 2, fields: ["1", "2"] },
    ]);
  });

  it("drops a leading byte order mark, so the first column name matches", () => {
    expect(readCsv("\uFEFFName,Id\n#1001,42\n")[0].fields).toEqual(["Name", "Id"]);
    // Only at the start of the file: elsewhere it is data.
    expect(readCsv("a\n\uFEFFb\n")[1].fields).toEqual(["\uFEFFb"]);
  });

  it("skips empty lines but keeps counting them, and reads a last record without a line end", () => {
    expect(readCsv("a\n\n\nb\r\n\r\nc")).toEqual([
      { line: 1, fields: ["a"] },
      { line: 4, fields: ["b"] },
      { line: 6, fields: ["c"] },
    ]);
    // A row of empty fields is a record (its mapper decides), and "" quoted is a value.
    expect(readCsv(',\n""\n')).toEqual([
      { line: 1, fields: ["", ""] },
      { line: 2, fields: [""] },
    ]);
  });

  it("keeps a quote inside an unquoted field as text", () => {
    expect(readCsv('ab"c,d\n')).toEqual([{ line: 1, fields: ['ab"c', "d"] }]);
  });

  it("reports a quoted field that is never closed with the line it starts on", () => {
    const reader = new CsvReader();
    expect(reader.push('a,b\n1,2\n3,"never closed\n4,5\n')).toHaveLength(2);
    const error = (() => {
      try {
        reader.end();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(CsvSyntaxError);
    expect((error as CsvSyntaxError).line).toBe(3);
  });

  it("gives the same records however the input is cut into chunks (every cut point)", () => {
    const text = '\uFEFFh1,h2\r\n"a ""q"", b","x\r\ny"\r\nplain,\r\n\r\n"",last\rz,"\n"\n';
    const whole = readCsv(text);
    expect(whole.map((r) => r.line)).toEqual([1, 2, 4, 6, 7]);
    for (let cut = 0; cut <= text.length; cut++) {
      for (const second of [cut, Math.min(text.length, cut + 1), Math.min(text.length, cut + 2)]) {
        const reader = new CsvReader();
        const got = [
          ...reader.push(text.slice(0, cut)),
          ...reader.push(text.slice(cut, second)),
          ...reader.push(text.slice(second)),
          ...reader.end(),
        ];
        expect(got, `cut at ${cut}/${second}`).toEqual(whole);
      }
    }
  });

  it("streams records from async chunks", async () => {
    async function* chunks() {
      yield 'a,"b';
      yield '\nc"\n1,2';
    }
    const got = [];
    for await (const r of readCsvStream(chunks())) got.push(r);
    expect(got).toEqual([
      { line: 1, fields: ["a", "b\nc"] },
      { line: 3, fields: ["1", "2"] },
    ]);
  });

  it("reads the WebToffee sample: 3 orders starting on lines 2, 4 and 6, doubled quotes undone", () => {
    const records = readCsv(fixture("webtoffee_Sample_Order.csv"));
    expect(records.map((r) => r.line)).toEqual([1, 2, 4, 6]);
    expect(records.every((r) => r.fields.length === 53)).toBe(true);
    const header = records[0].fields;
    const shippingItems = header.indexOf("shipping_items");
    expect(records[1].fields[shippingItems]).toBe("item:Items|value:Formal shoe X 1\n");
    const notes = records[3].fields[header.indexOf("order_notes")];
    expect(notes).toContain('Men\'s Cotton T-Shirt - Red (B11V2)<span class="description"></span> stock reduced');
  });

  it("reads the Shopify sample: a header and 40 line-item rows of 79 columns, one per line", () => {
    const records = readCsv(fixture("orders_export.csv"));
    expect(records).toHaveLength(41);
    expect(records.map((r) => r.line)).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    expect(records.every((r) => r.fields.length === 79)).toBe(true);
  });
});
