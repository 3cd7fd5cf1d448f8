// A merchant's first minutes, in Chromium: a brand-new shop (signed in with its own session
// token) sees the setup checklist, the history import's progress and honest empty states
// (what appears and when, no "Not enough data" cards); a failed import says what failed in
// words and its Retry button brings the history back; the demo shop's Sync status page says
// its history is in. In English and Dutch. Screenshots go to tests/output/.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDb, type Db } from "../../app/db/client.server";
import { ACCESS_SCOPES } from "../../app/shopify-scopes";
import { signSessionToken } from "../../scripts/demo-auth.mjs";
import { launchBrowser, openPage, screenshot } from "./browser";

const NEW_SHOP = "brand-new-e2e.myshopify.com";
const DEMO_SHOP = "demo-retention-shop.myshopify.com";

describe("setup checklist and honest empty states in Chromium", () => {
  let browser: Browser;
  let db: Db;
  let newShopId: string;
  let demoShopId: string;
  const baseUrl = () => inject("baseUrl");

  beforeAll(async () => {
    browser = await launchBrowser();
    db = createDb(inject("databaseUrl"));
    await db.shop.deleteMany({ where: { domain: NEW_SHOP } });
    await db.session.deleteMany({ where: { shop: NEW_SHOP } });
    // GIVEN a shop installed a moment ago: its session, and its history import under way
    await db.session.create({
      data: {
        id: `offline_${NEW_SHOP}`,
        shop: NEW_SHOP,
        state: "",
        isOnline: false,
        accessToken: "new-shop-token",
        scope: ACCESS_SCOPES.join(","),
      },
    });
    newShopId = (
      await db.shop.create({
        data: {
          platform: "shopify",
          domain: NEW_SHOP,
          name: "Nieuwe Winkel",
          currency: "EUR",
          timezone: "Europe/Amsterdam",
        },
      })
    ).id;
    await db.syncState.create({
      data: {
        shopId: newShopId,
        kind: "backfill",
        status: "running",
        processed: 1_200,
        total: 4_800,
        startedAt: new Date(),
      },
    });
    demoShopId = (await db.shop.findFirstOrThrow({ where: { domain: DEMO_SHOP } })).id;
  });
  afterAll(async () => {
    await db?.shop.deleteMany({ where: { domain: NEW_SHOP } });
    await db?.session.deleteMany({ where: { shop: NEW_SHOP } });
    await browser?.close();
    await db?.$disconnect();
  });

  /** A page signed in as `shop` (the demo server keeps a session token the request brings). */
  async function openAs(shop: string, pathname: string): Promise<{ page: Page; consoleErrors: string[] }> {
    const { page, consoleErrors } = await openPage(browser);
    if (shop !== DEMO_SHOP) {
      // A fresh token for every request: they live a minute.
      await page.route("**/app**", (route) =>
        route.continue({
          headers: {
            ...route.request().headers(),
            authorization: `Bearer ${signSessionToken({ shop, apiKey: "demo-api-key", apiSecret: "demo-api-secret" })}`,
          },
        }),
      );
    }
    const res = await page.goto(baseUrl() + pathname);
    expect(res?.status(), pathname).toBe(200);
    await page.waitForLoadState("networkidle");
    return { page, consoleErrors };
  }

  it.each([
    ["en", "Set up your retention app", "1,200 of 4,800 records imported (25%)", "Not enough data"],
    ["nl", "Je retentie-app instellen", "1.200 van 4.800 records geïmporteerd (25%)", "Te weinig gegevens"],
  ] as const)(
    "a brand-new shop (%s) sees the checklist, the import's progress and what appears when",
    async (locale, title, progress, notEnough) => {
      const { page, consoleErrors } = await openAs(NEW_SHOP, `/app?locale=${locale}`);
      const body = (await page.textContent("body"))!;
      expect(body).toContain(title);
      expect(await page.getByTestId("setup-count").textContent()).toMatch(/^0 (of|van) 5/);
      expect(await page.getByTestId("setup-sync-status").getAttribute("data-status")).toBe("running");
      expect(await page.getByTestId("setup-sync-progress").textContent()).toContain(progress);
      for (const step of ["storefront", "loyalty", "pixels", "winback"])
        expect(await page.getByTestId(`setup-step-${step}`).getAttribute("data-done"), step).toBe("no");
      // The theme editor link opens this shop's theme editor with the app embed to switch on.
      const editor = page.getByRole("link", {
        name: locale === "en" ? "Open the theme editor" : "Thema-editor openen",
      });
      expect(await editor.getAttribute("href")).toBe(
        `https://${NEW_SHOP}/admin/themes/current/editor?context=apps&activateAppId=demo-api-key/app-embed`,
      );
      // Honest empty states: what is in so far and when each part appears; never "Not enough data" or "0 loyal".
      expect(await page.getByTestId("setup-so-far").textContent()).toMatch(/\b0\b.*\b0\b/);
      for (const part of ["retention", "groups", "prediction", "nps", "loyalty", "cohorts"])
        expect((await page.getByTestId(`setup-empty-${part}`).textContent())!.length, part).toBeGreaterThan(30);
      expect(body).not.toContain(notEnough);
      expect(body).not.toMatch(/Reward your 0|Beloon je 0/);
      await screenshot(page, `onboarding-new-shop-${locale}`);
      expect(consoleErrors).toEqual([]);
    },
  );

  it("the checklist ticks a step once it is done (the loyalty program saved, a shopper seen)", async () => {
    await db.shop.update({ where: { id: newShopId }, data: { settings: JSON.stringify({ loyalty: {} }) } });
    await db.surveyAnswer.create({ data: { shopId: newShopId, score: 9 } });
    const { page, consoleErrors } = await openAs(NEW_SHOP, "/app");
    expect(await page.getByTestId("setup-step-loyalty").getAttribute("data-done")).toBe("yes");
    expect(await page.getByTestId("setup-step-storefront").getAttribute("data-done")).toBe("yes");
    expect(await page.getByTestId("setup-count").textContent()).toMatch(/^2 of 5/);
    expect(consoleErrors).toEqual([]);
  });

  it("a failed import says what failed in words, and Retry brings the demo shop's history back", async () => {
    // GIVEN the demo shop's history import failed (Shopify denied access)
    const seed = await db.syncState.findUniqueOrThrow({
      where: { shopId_kind: { shopId: demoShopId, kind: "demo-seed" } },
    });
    await db.syncState.update({
      where: { shopId_kind: { shopId: demoShopId, kind: "demo-seed" } },
      data: { status: "failed", error: "Shopify bulk operation failed (ACCESS_DENIED) during the orders phase" },
    });
    try {
      const { page, consoleErrors } = await openAs(DEMO_SHOP, "/app");
      expect(await page.getByTestId("setup-sync-status").getAttribute("data-status")).toBe("failed");
      expect(await page.getByTestId("setup-sync-failure").textContent()).toContain(
        "Your store refused the app access to your orders or customers",
      );
      expect(await page.textContent("body")).toContain("ACCESS_DENIED");
      await screenshot(page, "onboarding-sync-failed");
      // WHEN the merchant clicks Retry
      await page.getByTestId("setup-sync-retry").getByRole("button").click();
      // THEN the history is in again and the dashboard shows the figures
      await expect.poll(() => page.getByTestId("kpi-customers").count()).toBe(1);
      const state = await db.syncState.findUniqueOrThrow({
        where: { shopId_kind: { shopId: demoShopId, kind: "demo-seed" } },
      });
      expect(state.status).toBe("completed");
      expect(state.processed).toBe(await db.order.count({ where: { shopId: demoShopId } }));
      expect(consoleErrors).toEqual([]);
    } finally {
      await db.syncState.update({
        where: { shopId_kind: { shopId: demoShopId, kind: "demo-seed" } },
        data: { status: seed.status, error: seed.error, processed: seed.processed, total: seed.total },
      });
    }
  });

  it("the demo shop's Sync status page says its history is in, not 'Not started, 0 records'", async () => {
    const orders = await db.order.count({ where: { shopId: demoShopId } });
    const { page, consoleErrors } = await openAs(DEMO_SHOP, "/app/sync");
    const progress = (await page.getByTestId("sync-backfill-progress").textContent())!;
    expect(progress).toBe(`${orders.toLocaleString("en")} of ${orders.toLocaleString("en")} records`);
    expect(await page.getByTestId("sync-backfill-status").textContent()).toContain("Completed");
    await screenshot(page, "sync-demo");
    expect(consoleErrors).toEqual([]);
  });
});
