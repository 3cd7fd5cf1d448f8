// Win-back: the shop's segments written onto its Shopify customers, so Shopify Email, Flow and
// e-mail apps can act on them. This module holds what the push writes (tag prefix, metafield
// namespace, Flow trigger handle), the on/off setting (Shop.settings under `winback`), whether
// a shop may be pushed at all, and what the Win-back page shows. The push itself is in
// segment-push.server.ts.
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { readDashboardSnapshot, type CustomerAccounts } from "./analytics-snapshot.server";
import { saveSettingsSection } from "./shop.server";
import { settingsObject } from "./settings";

/** The app's one tag per customer: `retention:<segment>`. Tags without this prefix are never touched. */
export const TAG_PREFIX = "retention:";
/**
 * Metafields go to the merchant-owned namespace `retention`, not the app-reserved `$app:retention`:
 * app-owned metafields can no longer be read by other apps (Shopify removed PUBLIC_READ access
 * for them), and e-mail apps such as Klaviyo must read these.
 */
export const METAFIELD_NAMESPACE = "retention";
/** extensions/retention-flow-trigger/shopify.extension.toml */
export const FLOW_TRIGGER_HANDLE = "retention-customer-inactive";
export const SEGMENTS = ["one-time", "repeat", "inactive", "active-loyal"] as const;
export type Segment = (typeof SEGMENTS)[number];
export const tagFor = (segment: string) => `${TAG_PREFIX}${segment}`;

/** The customer metafields the push sets (without definitions Shopify needs the type on every write). */
export const METAFIELDS = [
  {
    column: "segment",
    key: "segment",
    type: "single_line_text_field",
    name: "Retention segment",
    description: "one-time, repeat, inactive or active-loyal (Retention app)",
  },
  {
    column: "churnRisk",
    key: "churn_risk",
    type: "number_decimal",
    name: "Churn risk",
    description: "Chance the customer has stopped buying, 0 to 1 (Retention app)",
  },
  {
    column: "predictedClv",
    key: "predicted_clv",
    type: "number_decimal",
    name: "Predicted lifetime value",
    description: "Predicted customer lifetime value in the shop's reporting currency (Retention app)",
  },
  {
    column: "lastOrderDate",
    key: "last_order_date",
    type: "date",
    name: "Last order date",
    description: "Date of the customer's last order (Retention app)",
  },
] as const;
export type MetafieldColumn = (typeof METAFIELDS)[number]["column"];

const winbackSchema = z.object({ pushEnabled: z.boolean() });
export type WinbackSettings = z.infer<typeof winbackSchema>;

/**
 * The shop's win-back setting. Off until the merchant switches it on at the Win-back page, new
 * installs included: the push writes to the merchant's customer records, so it starts only
 * once they have read what it writes.
 */
export function winbackFromSettings(json: string): WinbackSettings {
  const parsed = winbackSchema.safeParse(settingsObject(json).winback);
  return parsed.success ? parsed.data : { pushEnabled: false };
}

export async function setPushEnabled(db: Db, shopId: string, pushEnabled: boolean) {
  await saveSettingsSection(db, shopId, "winback", { pushEnabled });
}

/** The demo shop in demo mode has no Shopify store behind it: it must never be pushed. */
export async function isDemoShop(domain: string): Promise<boolean> {
  if (process.env.DEMO_MODE !== "1") return false;
  const { DEMO_SHOP_DOMAIN } = await import("~/demo/session.server");
  return domain === DEMO_SHOP_DOMAIN;
}

export type PushBlock = "unknown-shop" | "not-shopify" | "uninstalled" | "demo" | "disabled";

/** Why a shop may not be pushed now, or null when it may. Checked before and during every push. */
export async function pushBlockedReason(db: Db, shopId: string): Promise<PushBlock | null> {
  const shop = await db.shop.findUnique({
    where: { id: shopId },
    select: { platform: true, domain: true, installState: true, settings: true },
  });
  if (!shop) return "unknown-shop";
  if (shop.platform !== "shopify") return "not-shopify";
  if (shop.installState !== "installed") return "uninstalled";
  if (await isDemoShop(shop.domain)) return "demo";
  if (!winbackFromSettings(shop.settings).pushEnabled) return "disabled";
  return null;
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
