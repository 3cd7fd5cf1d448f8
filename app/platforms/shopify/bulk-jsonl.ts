// Reads a bulk operation's JSONL result line by line (constant memory whatever the file
// size) and turns each line into a normalized record. Lines with __parentId are child
// rows: they carry their parent's id, so they are written referencing it (the database
// does the join) and no parent needs to be held in memory.
import readline from "node:readline";
import { Readable } from "node:stream";
import { gidToId } from "../lossless-json";
import type { NormalizedCustomer, NormalizedOrder, NormalizedRefund } from "../types";
import { customerFromGraphql, orderFromGraphql, refundFromGraphql } from "./graphql-records";
import { PayloadError } from "./rest-payloads";

export type BulkRecord =
  | { kind: "order"; order: NormalizedOrder }
  | { kind: "customer"; customer: NormalizedCustomer }
  | { kind: "refund"; refund: NormalizedRefund }
  | { kind: "skipped"; reason: string };

export interface BulkLine {
  lineNo: number; // 1-based
  record: BulkRecord;
}

/** Lines of a JSONL stream, skipping the first `skipLines` (a checkpoint to resume from). */
export async function* readBulkLines(
  body: ReadableStream<Uint8Array> | NodeJS.ReadableStream,
  skipLines = 0,
): AsyncGenerator<BulkLine> {
  const input = "getReader" in body ? Readable.fromWeb(body as never) : (body as NodeJS.ReadableStream);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of lines) {
    lineNo++;
    if (lineNo <= skipLines || line.trim() === "") continue;
    yield { lineNo, record: bulkLineToRecord(line, lineNo) };
  }
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
        if (!parent.startsWith("gid://shopify/Order/")) return { kind: "skipped", reason: `line ${lineNo}: refund without an order parent` };
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
