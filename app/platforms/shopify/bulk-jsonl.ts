// Reads a bulk operation's JSONL result line by line (constant memory whatever the file
// size) and turns each line into a normalized record. Lines with __parentId are child
// rows: they carry their parent's id, so they are written referencing it (the database
// does the join) and no parent needs to be held in memory.
import { Readable } from "node:stream";
import { gidToId } from "~/core/lossless-json";
import type { NormalizedCustomer, NormalizedOrder, NormalizedRefund } from "~/core/records";
import { customerFromGraphql, orderFromGraphql, refundFromGraphql } from "./graphql-records";
import { PayloadError } from "~/core/payload-error";

export type BulkRecord =
  | { kind: "order"; order: NormalizedOrder }
  | { kind: "customer"; customer: NormalizedCustomer }
  | { kind: "refund"; refund: NormalizedRefund }
  | { kind: "skipped"; reason: string };

export interface BulkLine {
  lineNo: number; // 1-based
  record: BulkRecord;
}

/**
 * Records of a JSONL stream, in batches of up to `batchLines` lines, skipping the first
 * `skipLines` (a checkpoint to resume from). Lines are split on raw bytes (JSONL never has a
 * newline inside a value): cheaper than readline, and a batch costs one await, not one per line.
 */
export async function* readBulkBatches(
  body: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
  skipLines = 0,
  batchLines = 1000,
): AsyncGenerator<BulkLine[]> {
  const input = "getReader" in body ? Readable.fromWeb(body as never) : (body as NodeJS.ReadableStream);
  let lineNo = 0;
  let rest: Buffer | null = null;
  let batch: BulkLine[] = [];
  const take = (bytes: Buffer, start: number, end: number) => {
    lineNo++;
    if (lineNo <= skipLines || end <= start) return;
    const line = bytes.toString("utf8", start, end > start && bytes[end - 1] === 13 ? end - 1 : end);
    if (line.trim() === "") return;
    batch.push({ lineNo, record: bulkLineToRecord(line, lineNo) });
  };
  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    let bytes: Buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    if (rest) {
      bytes = Buffer.concat([rest, bytes]);
      rest = null;
    }
    let start = 0;
    for (let nl = bytes.indexOf(10, start); nl !== -1; nl = bytes.indexOf(10, start)) {
      take(bytes, start, nl);
      start = nl + 1;
    }
    if (start < bytes.length) rest = bytes.subarray(start);
    if (batch.length >= batchLines) {
      yield batch;
      batch = [];
    }
  }
  if (rest) take(rest, 0, rest.length);
  if (batch.length) yield batch;
}

/** One line at a time (tests and small files). */
export async function* readBulkLines(
  body: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
  skipLines = 0,
): AsyncGenerator<BulkLine> {
  for await (const batch of readBulkBatches(body, skipLines)) yield* batch;
}

export function bulkLineToRecord(line: string, lineNo = 0): BulkRecord {
  let value: Record<string, unknown>;
  try {
    // Plain JSON.parse is exact here: GraphQL sends ids as gid strings and money as strings.
    value = JSON.parse(line);
  } catch {
    return { kind: "skipped", reason: `line ${lineNo}: not JSON` };
  }
  const id = typeof value.id === "string" ? value.id : "";
  const type = /^gid:\/\/shopify\/(\w+)\//.exec(id)?.[1];
  try {
    switch (type) {
      case "Order":
        return { kind: "order", order: orderFromGraphql(value) };
      case "Customer":
        return { kind: "customer", customer: customerFromGraphql(value) };
      case "Refund": {
        const parent = typeof value.__parentId === "string" ? value.__parentId : "";
        if (!parent.startsWith("gid://shopify/Order/"))
          return { kind: "skipped", reason: `line ${lineNo}: refund without an order parent` };
        return { kind: "refund", refund: refundFromGraphql(value, gidToId(parent)) };
      }
      default:
        return { kind: "skipped", reason: `line ${lineNo}: ${type ?? "untyped"} object not used` };
    }
  } catch (e) {
    if (e instanceof PayloadError) return { kind: "skipped", reason: `line ${lineNo}: ${e.message}` };
    throw e;
  }
}
