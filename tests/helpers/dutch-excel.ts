// An export as Excel on a Dutch Windows computer saves it after opening ("CSV (gescheiden
// door lijstscheidingsteken)"): what a merchant uploads after looking at the file in Excel.
// - columns separated by ";", records ending in CRLF, a field quoted when it holds ";", a quote
//   or a line break;
// - every number cell with decimals written the Dutch way: "1659.95" -> "1.659,95" (integers,
//   like ids and postcodes, stay as they are);
// - every date-time cell as Excel's Dutch "d-m-jjjj u:mm:ss": "2025-05-11 09:55:16 -0400" ->
//   "11-5-2025 9:55:16" (Excel keeps the wall-clock time and drops the offset);
// - text in Windows-1252 (é is the one byte 0xE9).
// Text fields that hold numbers or dates inside other text (WebToffee's refund_items,
// "amount:46.00|...|date:2019-06-19 12:13:48") are text to Excel and stay as written.
import { readCsv } from "~/platforms/csv/reader";

const DECIMAL = /^(-?)(\d+)\.(\d+)$/;
const YMD_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\s*[+-]\d{2}:?\d{2})?$/;
const DMY_TIME = /^(\d{2})-(\d{2})-(\d{4}) (\d{2}):(\d{2}):(\d{2})$/;

function dutchCell(value: string): string {
  const n = DECIMAL.exec(value);
  if (n) return `${n[1]}${n[2].replace(/\B(?=(\d{3})+$)/g, ".")},${n[3]}`;
  const ymd = YMD_TIME.exec(value);
  const dmy = DMY_TIME.exec(value);
  const [y, mo, d, h, mi, s] = ymd ? ymd.slice(1) : dmy ? [dmy[3], dmy[2], dmy[1], dmy[4], dmy[5], dmy[6]] : [];
  if (y) return `${Number(d)}-${Number(mo)}-${y} ${Number(h)}:${mi}:${s}`;
  return value;
}

const quoted = (field: string) => (/[;"\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field);

// Windows-1252's characters 0x80-0x9F that are not Latin-1's (the rest of 0xA0-0xFF is Latin-1).
const CP1252_EXTRA: Record<string, number> = {
  "€": 0x80,
  "‚": 0x82,
  "„": 0x84,
  "…": 0x85,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
};

export function windows1252(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
    const b = CP1252_EXTRA[c];
    if (b === undefined) throw new Error(`${c} has no Windows-1252 byte`);
    return b;
  });
}

/**
 * The Dutch Excel version of a comma-separated export; `edit` may change a record's fields first
 * (by column name), e.g. to put an é in a name.
 */
export function dutchExcelCsv(
  original: string,
  edit: (row: Record<string, string>, line: number) => void = () => {},
): Uint8Array {
  const [header, ...records] = readCsv(original);
  const rows = records.map((r) => {
    const row = Object.fromEntries(header.fields.map((name, i) => [name, r.fields[i] ?? ""]));
    edit(row, r.line);
    return header.fields.map((name) => dutchCell(row[name]));
  });
  const text = [header.fields, ...rows].map((fields) => fields.map(quoted).join(";")).join("\r\n") + "\r\n";
  return windows1252(text);
}
