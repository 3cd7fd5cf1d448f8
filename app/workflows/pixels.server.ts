// The retargeting pixel ids (Meta, Google, TikTok): validated, pushed to the app's web pixel
// with webPixelCreate / webPixelUpdate, and kept in Shop.settings under `pixels` once Shopify
// accepted them. Consent is enforced by the pixel itself (see extensions/README.md).
import { z } from "zod";
import type { Db } from "~/db/client.server";
import { translate, type Locale, type MessageKey } from "~/i18n";
import {
  WEB_PIXEL_CREATE,
  WEB_PIXEL_QUERY,
  WEB_PIXEL_UPDATE,
  type WebPixelPayload,
} from "~/platforms/shopify/graphql/pixels";
import { adminQuery } from "~/platforms/shopify/admin-graphql.server";
import type { AdminGraphql } from "~/platforms/shopify/admin-graphql.server";
import { saveSettingsSection } from "~/models/shop.server";
import { settingsObject } from "~/models/settings";

const optionalId = (re: RegExp, message: string) => z.union([z.literal(""), z.string().regex(re, message)]);

export const pixelIdsSchema = z.object({
  metaPixelId: optionalId(/^\d{6,20}$/, "pixels.error.meta"),
  googleTagId: optionalId(/^(G|AW|GT|DC)-[A-Z0-9]{4,20}$/, "pixels.error.google"),
  tiktokPixelId: optionalId(/^[A-Z0-9]{10,30}$/, "pixels.error.tiktok"),
});

export type PixelIds = z.infer<typeof pixelIdsSchema>;
export type PixelErrors = Partial<Record<keyof PixelIds | "form", string>>;

interface StoredPixels extends PixelIds {
  webPixelId?: string;
}

const EMPTY: PixelIds = { metaPixelId: "", googleTagId: "", tiktokPixelId: "" };

export function pixelsFromSettings(json: string): StoredPixels {
  const p = settingsObject(json).pixels as Partial<StoredPixels> | undefined;
  const ids = pixelIdsSchema.safeParse({ ...EMPTY, ...p });
  return {
    ...(ids.success ? ids.data : EMPTY),
    ...(typeof p?.webPixelId === "string" ? { webPixelId: p.webPixelId } : {}),
  };
}

async function pushToShopify(
  graphql: AdminGraphql,
  ids: PixelIds,
  knownId: string | undefined,
  locale: Locale,
): Promise<{ id: string } | { errors: PixelErrors }> {
  const webPixel = { settings: JSON.stringify(ids) };
  const run = async (id: string | undefined) => {
    const { data } = id
      ? await adminQuery<{ webPixelUpdate: WebPixelPayload }>(graphql, WEB_PIXEL_UPDATE, {
          variables: { id, webPixel },
        })
      : await adminQuery<{ webPixelCreate: WebPixelPayload }>(graphql, WEB_PIXEL_CREATE, { variables: { webPixel } });
    return "webPixelUpdate" in data ? data.webPixelUpdate : data.webPixelCreate;
  };
  let payload = await run(knownId);
  // Our stored id is missing or stale, or the pixel already exists (TAKEN): find it and update.
  const retry = payload.userErrors.some((e) => e.code === "TAKEN" || e.code === "NOT_FOUND");
  if (retry) {
    const { data } = await adminQuery<{ webPixel: { id: string } | null }>(graphql, WEB_PIXEL_QUERY).catch(() => ({
      data: { webPixel: null },
    }));
    payload = await run(data.webPixel?.id);
  }
  if (payload.userErrors.length || !payload.webPixel) {
    return {
      // Shopify's own userErrors come in Shopify's words (English).
      errors: {
        form: payload.userErrors.map((e) => e.message).join("; ") || translate(locale, "pixels.error.noPixel"),
      },
    };
  }
  return { id: payload.webPixel.id };
}

export async function savePixelForm(
  db: Db,
  shopId: string,
  form: FormData,
  /** Shopify's Admin API for a Shopify shop; null for a WooCommerce shop, whose plugin fetches the ids with its settings. */
  graphql: AdminGraphql | null,
  locale: Locale = "en",
): Promise<{ ok: true } | { ok: false; errors: PixelErrors }> {
  const raw = Object.fromEntries(Object.keys(EMPTY).map((k) => [k, String(form.get(k) ?? "").trim()]));
  raw.googleTagId = raw.googleTagId.toUpperCase();
  raw.tiktokPixelId = raw.tiktokPixelId.toUpperCase();
  const parsed = pixelIdsSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: PixelErrors = {};
    for (const issue of parsed.error.issues)
      errors[issue.path[0] as keyof PixelIds] ??= translate(locale, issue.message as MessageKey);
    return { ok: false, errors };
  }
  if (!graphql) {
    await saveSettingsSection(db, shopId, "pixels", parsed.data);
    return { ok: true };
  }
  const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId }, select: { settings: true } });
  let pushed;
  try {
    pushed = await pushToShopify(graphql, parsed.data, pixelsFromSettings(shop.settings).webPixelId, locale);
  } catch (e) {
    return {
      ok: false,
      errors: {
        form: translate(locale, "pixels.error.unreachable", { reason: e instanceof Error ? e.message : String(e) }),
      },
    };
  }
  if ("errors" in pushed) return { ok: false, errors: pushed.errors };
  // Written over the settings as they are now, not as read before the Shopify call.
  await saveSettingsSection(db, shopId, "pixels", { ...parsed.data, webPixelId: pushed.id });
  return { ok: true };
}
