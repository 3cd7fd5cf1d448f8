// Storefront code in a real Chromium: the retargeting pixel's consent gate (with an emulated
// Shopify Customer Privacy API and event bus) and the storefront script's account widget and
// NPS survey against mocked app-proxy responses. Every request the page makes is recorded;
// ad-network hosts are answered locally with 204 so nothing leaves the machine.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "esbuild";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, openPage, screenshot } from "./browser";

/** The app proxy's path, whatever query the storefront adds (it sends the shopper's ?locale=). */
const proxyPath = (path: string) => (url: URL) => url.pathname === `/apps/retention${path}`;

const root = path.resolve(__dirname, "..", "..");
const fixtures = path.join(__dirname, "storefront");
const themeAssets = path.join(root, "extensions/retention-theme/assets");
const AD_HOSTS = /(^|\.)(facebook\.com|google-analytics\.com|googletagmanager\.com|tiktok\.com)$/;

interface Recorded {
  method: string;
  url: URL;
  body: string | null;
}

let server: http.Server;
let baseUrl: string;

async function startStorefront() {
  // The pixel harness bundles the real consent gate for the browser.
  const harness = await build({
    entryPoints: [path.join(fixtures, "harness.ts")],
    bundle: true,
    write: false,
    format: "iife",
    target: ["es2020"],
    logLevel: "silent",
  });
  const harnessJs = harness.outputFiles[0].text;
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    if (url.pathname === "/")
      return send("text/html; charset=utf-8", fs.readFileSync(path.join(fixtures, "index.html")));
    if (url.pathname === "/harness.js") return send("text/javascript", harnessJs);
    if (url.pathname === "/account") {
      const html = fs
        .readFileSync(path.join(fixtures, "account.html"), "utf8")
        .replaceAll("__LANG__", url.searchParams.get("lang") === "nl" ? "nl" : "en")
        .replaceAll(
          "__CUSTOMER_ID__",
          /^\d+$/.test(url.searchParams.get("customer") ?? "") ? url.searchParams.get("customer")! : "",
        );
      return send("text/html; charset=utf-8", html);
    }
    // The shipped (committed) asset; tests/storefront/script-size.test.ts proves it matches src/.
    if (url.pathname === "/retention.js")
      return send("text/javascript", fs.readFileSync(path.join(themeAssets, "retention.js")));
    if (url.pathname === "/retention.css")
      return send("text/css", fs.readFileSync(path.join(themeAssets, "retention.css")));
    if (url.pathname === "/favicon.ico") {
      res.writeHead(204);
      return res.end();
    }
    res.writeHead(404, { "Content-Type": "application/json" });
    res.end(JSON.stringify({ error: "not found" }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Routes every request of the context: local server passes through, ad networks get a local 204, anything else is aborted. */
async function recordNetwork(context: BrowserContext) {
  const requests: Recorded[] = [];
  const unexpected: string[] = [];
  await context.route("**/*", async (route: Route) => {
    const req = route.request();
    const url = new URL(req.url());
    requests.push({ method: req.method(), url, body: req.postData() });
    if (url.origin === baseUrl) return route.fallback();
    if (AD_HOSTS.test(url.hostname)) return route.fulfill({ status: 204 });
    unexpected.push(url.href);
    return route.abort();
  });
  return { requests, unexpected };
}

function adRequests(requests: Recorded[]) {
  return requests.filter((r) => AD_HOSTS.test(r.url.hostname));
}

/** Event name per network, in the order the requests were made. */
function adEventNames(requests: Recorded[]) {
  const ads = adRequests(requests);
  return {
    meta: ads
      .filter((r) => r.url.hostname === "www.facebook.com" && r.url.pathname === "/tr")
      .map((r) => r.url.searchParams.get("ev")),
    google: ads
      .filter((r) => r.url.hostname === "www.google-analytics.com" && r.url.pathname === "/g/collect")
      .map((r) => r.url.searchParams.get("en")),
    tiktok: ads
      .filter(
        (r) => r.url.hostname === "analytics.tiktok.com" && r.url.pathname === "/api/v2/pixel" && r.method === "POST",
      )
      .map((r) => JSON.parse(r.body ?? "{}").event),
  };
}

/** Beacons and keepalive fetches are asynchronous: wait until `count` ad requests were seen (or time out). */
async function waitForAdRequests(requests: Recorded[], count: number) {
  await expect.poll(() => adRequests(requests).length, { timeout: 15_000 }).toBe(count);
}

/** Proves a negative: gives any late beacon time to show up, then asserts none did. */
async function settle(page: Page) {
  await page.evaluate(() => new Promise((r) => setTimeout(r, 300)));
}

describe("storefront in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    await startStorefront();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  describe("retargeting pixel consent (AVG)", () => {
    it("sends nothing to Meta, Google or TikTok before consent, sends the next events to all three with the right event names after 'Accept', and nothing after consent is withdrawn", async () => {
      const { page, consoleErrors } = await openPage(browser);
      const { requests, unexpected } = await recordNetwork(page.context());

      // GIVEN a visitor who has not answered the consent banner
      await page.goto(baseUrl + "/");
      await expect.poll(() => page.evaluate(() => window.storefront?.published.length)).toBe(1); // page_viewed
      // WHEN they view a product and add it to the cart
      await page.click("#view-product");
      await page.click("#add-to-cart");
      await settle(page);
      // THEN the shop saw three events and no ad network got a single request
      expect(await page.evaluate(() => window.storefront.published)).toEqual([
        "page_viewed",
        "product_viewed",
        "product_added_to_cart",
      ]);
      expect(adRequests(requests)).toEqual([]);

      // WHEN they accept marketing cookies in the banner
      await page.click("#consent-accept");
      expect(await page.evaluate(() => window.Shopify.customerPrivacy.marketingAllowed())).toBe(true);
      await settle(page);
      // THEN the events from before consent are not sent retroactively
      expect(adRequests(requests)).toEqual([]);

      // AND the next events reach each network with its own event name
      await page.click("#view-product");
      await page.click("#add-to-cart");
      await page.click("#buy");
      await waitForAdRequests(requests, 9);
      expect(adEventNames(requests)).toEqual({
        meta: ["ViewContent", "AddToCart", "Purchase"],
        google: ["view_item", "add_to_cart", "purchase"],
        tiktok: ["ViewContent", "AddToCart", "CompletePayment"],
      });
      const ads = adRequests(requests);
      expect(ads.every((r) => r.method === "POST")).toBe(true);
      expect(
        ads
          .filter((r) => r.url.hostname === "www.facebook.com")
          .every((r) => r.url.searchParams.get("id") === "1234567890"),
      ).toBe(true);
      expect(
        ads
          .filter((r) => r.url.hostname === "www.google-analytics.com")
          .every((r) => r.url.searchParams.get("tid") === "G-TEST123"),
      ).toBe(true);
      const purchase = ads.find(
        (r) => r.url.hostname === "www.facebook.com" && r.url.searchParams.get("ev") === "Purchase",
      )!;
      expect(purchase.url.searchParams.get("cd[value]")).toBe("24.95");
      expect(purchase.url.searchParams.get("cd[currency]")).toBe("EUR");

      // WHEN they withdraw consent from the privacy settings
      await page.click("#privacy-settings");
      await page.click("#consent-decline");
      expect(await page.evaluate(() => window.Shopify.customerPrivacy.marketingAllowed())).toBe(false);
      await page.click("#view-product");
      await page.click("#add-to-cart");
      await page.click("#buy");
      await settle(page);
      // THEN no further ad-network request was made
      expect(adRequests(requests)).toHaveLength(9);
      expect(await page.evaluate(() => window.storefront.published)).toHaveLength(9);

      // Every request was the local storefront or a (locally answered) ad network.
      expect(unexpected).toEqual([]);
      expect(requests.filter((r) => r.url.origin !== baseUrl && !AD_HOSTS.test(r.url.hostname))).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    it("sends nothing to any ad network for a visitor who declines, across page view, product view, add to cart and purchase", async () => {
      const { page, consoleErrors } = await openPage(browser);
      const { requests, unexpected } = await recordNetwork(page.context());
      await page.goto(baseUrl + "/");
      await page.click("#consent-decline");
      await page.click("#view-product");
      await page.click("#add-to-cart");
      await page.click("#buy");
      await settle(page);
      expect(await page.evaluate(() => window.storefront.published)).toHaveLength(4);
      expect(adRequests(requests)).toEqual([]);
      expect(unexpected).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });
  });

  describe("storefront script (account widget and NPS survey)", () => {
    const member = {
      loggedIn: true,
      points: { available: 1250, pending: 40 },
      tier: "Gold",
      rewards: [
        { id: "rw_5off", title: "€5 off your next order", points: 500 },
        { id: "rw_ship", title: "Free shipping", points: 2000 },
      ],
      referralUrl: "https://demo-retention-shop.myshopify.com/r/ANNA-7K2",
      incentive: "Earn 100 points when you sign up.",
    };

    const PROGRAM = {
      currency: "EUR",
      pointsPerUnit: 1,
      signupBonus: 100,
      approvalDays: 30,
      referral: { referrerPoints: 500, friendDiscount: { type: "percentage", value: 10 } },
      rewards: member.rewards,
      progress: null,
    };

    /** Mocks the app proxy's /api/me with one or more successive bodies; records proxy calls. */
    async function mockProxy(page: Page, meBodies: unknown[]) {
      const calls: { method: string; path: string; body: unknown }[] = [];
      await page.route(proxyPath("/api/me"), (route) => {
        calls.push({ method: route.request().method(), path: "/api/me", body: null });
        const body = meBodies.length > 1 ? meBodies.shift() : meBodies[0];
        return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
      });
      // The program's numbers (GET /api/program; tests/e2e/storefront-program.e2e.test.ts checks how they read).
      await page.route(proxyPath("/api/program"), (route) =>
        route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(PROGRAM) }),
      );
      return calls;
    }

    it("shows a logged-in customer's points, tier, rewards and referral link from /apps/retention/api/me, in the block and the launcher panel, without console errors", async () => {
      const { page, consoleErrors } = await openPage(browser);
      const { unexpected } = await recordNetwork(page.context());
      const calls = await mockProxy(page, [member]);
      await page.goto(baseUrl + "/account?customer=7001&lang=en");

      const block = page.locator("[data-retention-account]");
      await expect.poll(() => block.getByTestId("rtn-points").textContent()).toBe("1,250 points available");
      expect(await block.locator(".rtn-pending").textContent()).toBe("40 pending");
      expect(await block.getByTestId("rtn-tier").textContent()).toBe("Tier: Gold");
      expect(await block.locator(".rtn-reward span:first-child").allTextContents()).toEqual([
        "€5 off your next order",
        "Free shipping",
      ]);
      // 1,250 points buy the €5 reward, not free shipping at 2,000.
      expect(
        await block.locator(".rtn-reward button").evaluateAll((bs) => bs.map((b) => (b as HTMLButtonElement).disabled)),
      ).toEqual([false, true]);
      expect(await block.getByTestId("rtn-referral").inputValue()).toBe(member.referralUrl);
      expect(await block.getByTestId("rtn-invite").count()).toBe(0);

      // The launcher opens a panel with the same data, from the same (single) request. (It steps
      // aside while the survey's comment box is in its corner: scrolled to the end, it is not.)
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      await page.getByRole("button", { name: "Rewards", exact: true }).click();
      await expect
        .poll(() => page.locator(".rtn-panel").getByTestId("rtn-points").textContent())
        .toBe("1,250 points available");
      expect(calls.filter((c) => c.path === "/api/me")).toHaveLength(1);
      await screenshot(page, "storefront-account-member");
      expect(unexpected).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    it("shows a guest the invitation to create a free account with the merchant's incentive text, and no points", async () => {
      const { page, consoleErrors } = await openPage(browser);
      await recordNetwork(page.context());
      await mockProxy(page, [{ loggedIn: false, incentive: "Earn 100 points when you sign up." }]);
      await page.goto(baseUrl + "/account?lang=en");

      const invite = page.locator("[data-retention-account]").getByTestId("rtn-invite");
      await expect.poll(() => invite.locator("h3").textContent()).toBe("Join our rewards programme");
      // The block's own incentive setting wins over the program default from the API.
      expect(await invite.locator(".rtn-incentive").textContent()).toBe(
        "Create a free account and earn 100 points on your next order.",
      );
      expect(await invite.getByRole("link", { name: "Create a free account" }).getAttribute("href")).toBe(
        "/account/register",
      );
      expect(await page.getByTestId("rtn-points").count()).toBe(0);
      await screenshot(page, "storefront-account-guest");
      expect(consoleErrors).toEqual([]);
    });

    it("speaks Dutch on a page with <html lang=nl>", async () => {
      const { page, consoleErrors } = await openPage(browser);
      await recordNetwork(page.context());
      await mockProxy(page, [member]);
      await page.goto(baseUrl + "/account?customer=7001&lang=nl");
      await expect
        .poll(() => page.locator("[data-retention-account]").getByTestId("rtn-points").textContent())
        .toBe("1.250 punten beschikbaar");
      expect(await page.locator("[data-retention-nps] legend").textContent()).toBe(
        "Hoe waarschijnlijk is het dat je ons aanbeveelt aan een vriend?",
      );
      expect(consoleErrors).toEqual([]);
    });

    it("redeems a reward with POST /apps/retention/api/redeem {rewardId}, shows the discount code and the new balance", async () => {
      const { page, consoleErrors } = await openPage(browser);
      await recordNetwork(page.context());
      await mockProxy(page, [member, { ...member, points: { available: 750, pending: 40 } }]);
      const redeemBodies: unknown[] = [];
      await page.route(proxyPath("/api/redeem"), (route) => {
        redeemBodies.push(route.request().postDataJSON());
        return route.fulfill({
          status: 200,
          contentType: "application/json",
          body: JSON.stringify({ code: "RET-5OFF-9QX" }),
        });
      });
      await page.goto(baseUrl + "/account?customer=7001&lang=en");
      const block = page.locator("[data-retention-account]");
      await block.locator(".rtn-reward button").first().click();
      await expect.poll(() => block.locator(".rtn-code").textContent()).toBe("RET-5OFF-9QX");
      expect(redeemBodies).toEqual([{ rewardId: "rw_5off" }]);
      expect(await block.getByTestId("rtn-points").textContent()).toBe("750 points available");
      expect(consoleErrors).toEqual([]);
    });

    it("posts an NPS score and comment to /apps/retention/api/nps and thanks the customer", async () => {
      const { page, consoleErrors } = await openPage(browser);
      await recordNetwork(page.context());
      await mockProxy(page, [member]);
      const npsBodies: unknown[] = [];
      await page.route(proxyPath("/api/nps"), (route) => {
        npsBodies.push(route.request().postDataJSON());
        return route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify({ ok: true }) });
      });
      await page.goto(baseUrl + "/account?customer=7001&lang=en");
      const nps = page.locator("[data-retention-nps]");
      await nps.getByRole("button", { name: "9", exact: true }).click();
      await nps.locator("textarea").fill("  Fast delivery  ");
      await nps.getByRole("button", { name: "Send" }).click();
      await expect.poll(() => nps.getByTestId("rtn-nps-thanks").textContent()).toBe("Thank you for your feedback!");
      expect(npsBodies).toEqual([{ score: 9, comment: "Fast delivery" }]);
      expect(consoleErrors).toEqual([]);
    });

    it("validates the NPS survey in the browser (no score, comment over 1000 characters) without calling the server, and shows the server's {error} text when it refuses", async () => {
      const { page, consoleErrors } = await openPage(browser);
      await recordNetwork(page.context());
      await mockProxy(page, [member]);
      let npsCalls = 0;
      await page.route(proxyPath("/api/nps"), (route) => {
        npsCalls++;
        return route.fulfill({
          status: 429,
          contentType: "application/json",
          body: JSON.stringify({ error: "You already answered this survey today." }),
        });
      });
      await page.goto(baseUrl + "/account?customer=7001&lang=en");
      const nps = page.locator("[data-retention-nps]");
      const error = nps.getByTestId("rtn-nps-error");

      await nps.getByRole("button", { name: "Send" }).click();
      expect(await error.textContent()).toBe("Choose a score from 0 to 10.");

      await nps.getByRole("button", { name: "10", exact: true }).click();
      await nps.locator("textarea").fill("x".repeat(1001));
      await nps.getByRole("button", { name: "Send" }).click();
      expect(await error.textContent()).toBe("Your comment can be at most 1,000 characters.");
      expect(npsCalls).toBe(0);

      await nps.locator("textarea").fill("x".repeat(1000));
      await nps.getByRole("button", { name: "Send" }).click();
      await expect.poll(() => error.textContent()).toBe("You already answered this survey today.");
      expect(npsCalls).toBe(1);
      // The only console noise is Chromium reporting the refused request itself.
      expect(consoleErrors.filter((e) => !/\b429\b/.test(e))).toEqual([]);
    });
  });
});
