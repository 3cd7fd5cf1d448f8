// Win-back's stored state: the on/off setting (Shop.settings under `winback`), the push's state
// kinds, and what the Win-back page shows. What the push writes is in app/winback/rules.ts, the
// push itself in app/workflows/segment-push.server.ts.
import { createHmac } from "node:crypto";
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { env } from "~/env.server";
import { SEGMENTS, tagFor } from "~/winback/rules";
import { readDashboardSnapshot, type CustomerAccounts } from "./analytics-snapshot.server";
import { saveSettingsSection } from "./shop.server";
import { settingsObject } from "./settings";

const winbackSchema = z.object({
  pushEnabled: z.boolean(),
  /** WooCommerce shops: where the signed "segment changed" webhook goes (null: none). */
  segmentWebhookUrl: z.string().url().nullable().default(null),
});
export type WinbackSettings = z.infer<typeof winbackSchema>;

/**
 * The shop's win-back setting. Off until the merchant switches it on at the Win-back page, new
 * installs included: the push writes to the merchant's customer records, so it starts only
 * once they have read what it writes.
 */
export function winbackFromSettings(json: string): WinbackSettings {
  const parsed = winbackSchema.safeParse(settingsObject(json).winback);
  return parsed.success ? parsed.data : { pushEnabled: false, segmentWebhookUrl: null };
}

async function updateWinback(db: Db, shopId: string, change: Partial<WinbackSettings>) {
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { settings: true } });
  await saveSettingsSection(db, shopId, "winback", { ...winbackFromSettings(shop.settings), ...change });
}

export async function setPushEnabled(db: Db, shopId: string, pushEnabled: boolean) {
  await updateWinback(db, shopId, { pushEnabled });
}

export async function setSegmentWebhookUrl(db: Db, shopId: string, segmentWebhookUrl: string | null) {
  await updateWinback(db, shopId, { segmentWebhookUrl });
}

/**
 * The shop's secret for signing the outgoing "segment changed" webhook: derived from the app's
 * secret (nothing extra to store), shown to the merchant on the Win-back page.
 */
export function segmentWebhookSecret(shopId: string): string {
  return createHmac("sha256", env.SHOPIFY_API_SECRET).update(`segment-webhook-secret:${shopId}`).digest("hex");
}

export const PUSH_STATE_KIND = "segment-push";
export const REMOVE_STATE_KIND = "segment-remove";

/**
 * What a push would tag: customers with an account per segment, and the guests it skips.
 * From the refresh's snapshot (one row); the insight rows are counted only for a snapshot
 * written before it carried these counts.
 */
async function customersWithAccounts(db: Db, shopId: string): Promise<CustomerAccounts> {
  const accounts = (await readDashboardSnapshot(db, shopId))?.analysis.accounts;
  if (accounts) return accounts;
  const [rows, guests] = await Promise.all([
    db.customerInsight.groupBy({
      by: ["segment"],
      where: { shopId, customerId: { not: null } },
      _count: { _all: true },
    }),
    db.customerInsight.count({ where: { shopId, customerId: null } }),
  ]);
  return { bySegment: Object.fromEntries(rows.map((r) => [r.segment, r._count._all])), guests };
}

/** What the Win-back page shows: the tags now on customers, what a push would write, its last run and its failures. */
export async function winbackOverview(db: Db, shopId: string) {
  const [pushed, accounts, state, failures, failedCount, withAppData, removal] = await Promise.all([
    db.segmentPush.groupBy({ by: ["tag"], where: { shopId, tag: { not: null } }, _count: { _all: true } }),
    customersWithAccounts(db, shopId),
    db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: PUSH_STATE_KIND } } }),
    db.segmentPush.findMany({
      where: { shopId, error: { not: null } },
      orderBy: { errorAt: "desc" },
      take: 20,
      select: { customerId: true, error: true, errorAt: true },
    }),
    db.segmentPush.count({ where: { shopId, error: { not: null } } }),
    db.segmentPush.count({ where: { shopId } }),
    db.syncState.findUnique({ where: { shopId_kind: { shopId, kind: REMOVE_STATE_KIND } }, select: { status: true } }),
  ]);
  const names = new Map(
    (
      await db.customerInsight.findMany({
        where: { shopId, customerKey: { in: failures.map((f) => `c:${f.customerId}`) } },
        select: { customerId: true, name: true, email: true },
      })
    ).map((c) => [c.customerId, c.name ?? c.email]),
  );
  const count = <K extends string>(
    rows: ({ _count: { _all: number } } & Record<K, string | null>)[],
    key: K,
    value: string,
  ) => rows.find((r) => r[key] === value)?._count._all ?? 0;
  return {
    tags: SEGMENTS.map((segment) => ({
      segment,
      tag: tagFor(segment),
      pushed: count(pushed, "tag", tagFor(segment)),
      wouldTag: accounts.bySegment[segment] ?? 0,
    })),
    guests: accounts.guests,
    push: {
      status: state?.status ?? "idle",
      startedAt: state?.startedAt?.toISOString() ?? null,
      finishedAt: state?.finishedAt?.toISOString() ?? null,
      processed: state?.processed ?? 0,
      error: state?.error ?? null,
    },
    failedCount,
    /** Customers that still carry the app's tag or fields (or a recorded failure). */
    withAppData,
    removing: removal?.status === "running" || removal?.status === "queued",
    failures: failures.map((f) => ({
      customerId: f.customerId,
      name: names.get(f.customerId) ?? null,
      error: f.error ?? "",
      at: f.errorAt?.toISOString() ?? null,
    })),
  };
}
