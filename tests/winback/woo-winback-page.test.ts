// The Win-back page for a WooCommerce shop: its text names WooCommerce's meta data and the
// segment webhook instead of Shopify's tags, metafields and Flow (English and Dutch), and the
// webhook address is saved only as an https address.
import { AppProvider } from "@shopify/polaris";
import enPolaris from "@shopify/polaris/locales/en.json";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeEach, describe, expect, it } from "vitest";
import { useAppEnv } from "../helpers/app-env";

const { db } = await useAppEnv();
const { platformTranslator } = await import("~/i18n");
const { SegmentWebhookForm, TagCounts, WinbackGuide } = await import("~/components/winback/WinbackSections");
const { applyWinbackIntent } = await import("~/workflows/segment-push.server");
const { getJobQueue } = await import("~/jobs/queue.server");
const { winbackFromSettings } = await import("~/models/winback.server");

async function render(locale: "en" | "nl", platform: string) {
  const t = platformTranslator(locale, platform);
  const Page = () =>
    createElement(
      AppProvider,
      { i18n: enPolaris },
      createElement(WinbackGuide, { t, days: 90, orders: 3, currency: "EUR", platform }),
      createElement(TagCounts, {
        t,
        locale,
        platform,
        guests: 2,
        tags: [{ segment: "inactive", tag: "retention:inactive", pushed: 1, wouldTag: 2 }],
      }),
      platform === "woocommerce"
        ? createElement(SegmentWebhookForm, { t, url: "https://hooks.example.com/x", secret: "abc123", busy: false })
        : null,
    );
  // Remix's Form is react-router's: a static data router (as in server rendering) is enough to render it.
  const handler = createStaticHandler([{ path: "/", Component: Page }]);
  const context = await handler.query(new Request("http://app.test/"));
  if (context instanceof Response) throw new Error("unexpected redirect");
  const html = renderToStaticMarkup(
    createElement(StaticRouterProvider, { router: createStaticRouter(handler.dataRoutes, context), context }),
  );
  // Text content, and the read-only secret's value (an input's value is an attribute).
  return (
    [...html.matchAll(/value="([^"]*)"/g)].map((m) => m[1]).join(" ") +
    html
      .replace(/<[^>]+>/g, " ")
      .replace(/&quot;/g, '"')
      .replace(/\s+/g, " ")
  );
}

describe("the Win-back page for a WooCommerce shop", () => {
  it("in English, speaks of WooCommerce meta data and the segment webhook, not of Shopify tags, metafields or Flow", async () => {
    const text = await render("en", "woocommerce");
    expect(text).toContain("as customer meta data");
    expect(text).toContain("retention_segment = inactive");
    expect(text).toContain("retention_predicted_clv");
    expect(text).toContain("customer.segment_changed");
    expect(text).toContain("Written to WooCommerce");
    expect(text).toContain("Customers per group");
    expect(text).toContain("X-Retention-Signature");
    expect(text).toContain("abc123");
    expect(text).not.toMatch(/Shopify|metafield|Flow|retention:inactive/);
  });

  it("in Dutch, the same", async () => {
    const text = await render("nl", "woocommerce");
    expect(text).toContain("als klant-metadata");
    expect(text).toContain("retention_segment = inactive");
    expect(text).toContain("Geschreven naar WooCommerce");
    expect(text).toContain("Segment-webhook");
    expect(text).not.toMatch(/Shopify|metafield|Flow|retention:inactive/);
  });

  it("a Shopify shop keeps its own text", async () => {
    const text = await render("en", "shopify");
    expect(text).toContain("retention:inactive");
    expect(text).toContain("Shopify Flow");
    expect(text).not.toContain("retention_segment");
  });
});

describe("saving the segment webhook address", () => {
  let shop: { id: string; domain: string; settings: string; platform: string };
  beforeEach(async () => {
    await db.shop.deleteMany({ where: { domain: "woo-page.example.com" } });
    shop = await db.shop.create({
      data: {
        platform: "woocommerce",
        domain: "woo-page.example.com",
        name: "Woo page",
        currency: "EUR",
        timezone: "Europe/Amsterdam",
        settings: JSON.stringify({ winback: { pushEnabled: true } }),
      },
    });
  });
  const stored = async () =>
    winbackFromSettings((await db.shop.findUniqueOrThrow({ where: { id: shop.id } })).settings);

  it("keeps an https address (and the push switch), clears it when emptied, and refuses anything else with 400", async () => {
    const queue = await getJobQueue();
    expect(await applyWinbackIntent(db, queue, shop, "webhook", false, " https://hooks.example.com/win-back ")).toEqual(
      {},
    );
    expect(await stored()).toEqual({ pushEnabled: true, segmentWebhookUrl: "https://hooks.example.com/win-back" });
    for (const bad of ["http://hooks.example.com/x", "https://user:pw@hooks.example.com/", "not a url", "ftp://x"])
      expect(await applyWinbackIntent(db, queue, shop, "webhook", false, bad)).toEqual({
        error: "winback.error.webhookUrl",
        status: 400,
      });
    expect((await stored()).segmentWebhookUrl).toBe("https://hooks.example.com/win-back");
    expect(await applyWinbackIntent(db, queue, shop, "webhook", false, "")).toEqual({});
    expect(await stored()).toEqual({ pushEnabled: true, segmentWebhookUrl: null });
  });
});
