import { Readable } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { ingestBulkStream } from "~/workflows/sync/shopify-backfill.server";
import { useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv();
let shopId: string;
beforeEach(async () => {
  await db.shop.deleteMany({});
  shopId = (
    await db.shop.create({
      data: { platform: "shopify", domain: "j.myshopify.com", name: "J", currency: "EUR", timezone: "UTC" },
    })
  ).id;
});

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: "EUR" } });
const orderLine = (id: number, over: object = {}) =>
  JSON.stringify({
    id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    email: "x@example.nl",
    createdAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:00Z",
    processedAt: "2026-01-01T10:00:00Z",
    cancelledAt: null,
    displayFinancialStatus: "PAID",
    test: false,
    sourceName: "web",
    totalPriceSet: money("50.00"),
    totalRefundedSet: money("0.00"),
    customer: { id: "gid://shopify/Customer/7" },
    refunds: [],
    ...over,
  });
const stream = (lines: string[]) => Readable.from([lines.join("\n") + "\n"]);

describe("bulk JSONL ingest", () => {
  it("joins child rows to their parent by __parentId (a refund line after its order) and reduces the order's net amount", async () => {
    const lines = [
      orderLine(1),
      JSON.stringify({
        id: "gid://shopify/Refund/11",
        createdAt: "2026-01-03T00:00:00Z",
        totalRefundedSet: money("20.00"),
        __parentId: "gid://shopify/Order/1",
      }),
      orderLine(2),
    ];
    const r = await ingestBulkStream(db, shopId, stream(lines));
    expect(r).toMatchObject({ lines: 3, written: 3, skipped: [] });
    const o = await db.order.findUniqueOrThrow({
      where: { shopId_id: { shopId, id: "1" } },
      include: { refunds: true },
    });
    expect([o.refundedMinor, o.netPaidMinor, o.refunds.map((x) => x.id)]).toEqual([2000n, 3000n, ["11"]]);
  });

  it("skips a broken line with its reason and loses nothing else", async () => {
    const r = await ingestBulkStream(
      db,
      shopId,
      stream([orderLine(1), "{not json", orderLine(2, { totalPriceSet: null }), orderLine(3)]),
    );
    expect(r.skipped).toEqual(["line 2: not JSON", expect.stringMatching(/^line 3: malformed order: totalPriceSet/)]);
    expect(
      (await db.order.findMany({ where: { shopId }, select: { id: true }, orderBy: { id: "asc" } })).map((o) => o.id),
    ).toEqual(["1", "3"]);
  });

  it("resumes after the checkpointed line without writing earlier lines again", async () => {
    const checkpoints: number[] = [];
    await ingestBulkStream(db, shopId, stream([orderLine(1), orderLine(2), orderLine(3), orderLine(4), orderLine(5)]), {
      fromLine: 3,
      batchSize: 1,
      commitEvery: 1,
      checkpoint: async (line) => void checkpoints.push(line),
    });
    expect(
      (await db.order.findMany({ where: { shopId }, select: { id: true }, orderBy: { id: "asc" } })).map((o) => o.id),
    ).toEqual(["4", "5"]);
    expect(checkpoints).toEqual([4, 5, 5]);
  });
});

describe("JSONL line splitting", () => {
  it("reads lines split across arbitrary chunk boundaries, inside multi-byte characters, with CRLF and no final newline", async () => {
    const { readBulkLines } = await import("~/platforms/shopify/bulk-jsonl");
    // GIVEN three orders, one with a name of multi-byte characters, CRLF endings and no newline at the end
    const text = [orderLine(1), orderLine(2, { email: "zoë.ĳsselmeer@example.nl" }), orderLine(3)].join("\r\n");
    const bytes = Buffer.from(text, "utf8");
    // WHEN the stream delivers it 7 bytes at a time (cutting characters and line ends in half)
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) chunks.push(bytes.subarray(i, i + 7));
    const got = [];
    for await (const l of readBulkLines(Readable.from(chunks), 1)) got.push(l);
    // THEN the first line is skipped (checkpoint), and the others arrive whole with their line numbers
    expect(got.map((l) => l.lineNo)).toEqual([2, 3]);
    expect(got.map((l) => (l.record.kind === "order" ? l.record.order.email : l.record.kind))).toEqual([
      "zoë.ĳsselmeer@example.nl",
      "x@example.nl",
    ]);
  });
});
