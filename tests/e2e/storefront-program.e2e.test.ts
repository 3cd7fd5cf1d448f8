// The storefront script as a shopper reads it, in Chromium at 390 px (a phone) and 1280 px, in
// English and Dutch, against a stub of the app proxy: every number comes from the program's
// settings (GET /api/program; deliberately not the defaults), written with Intl for the page's
// language; a referred friend sees the offer and then the code on the page (not in a hidden
// element); the referrer sees what they get and when; joining is an explicit tap (POST
// /api/join, the route the wooadmin work adds: answered here by the stub); at 390 px nothing
// overflows, the 0-10 scale stays on one line and the launcher does not cover the comment box.
// Screenshots go to tests/output/.
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, screenshot } from "./browser";

const root = path.resolve(__dirname, "..", "..");
const themeAssets = path.join(root, "extensions/retention-theme/assets");

// Not the defaults (1 point per €1, 100 sign-up points...): proof the texts read the settings.
const PROGRAM = {
  currency: "EUR",
  pointsPerUnit: 2,
  signupBonus: 250,
  approvalDays: 14,
  referral: { referrerPoints: 750, friendDiscount: { type: "fixed_amount", value: 1250 } },
  rewards: [
    { id: "rw_5off", title: "€5 off", points: 500 },
    { id: "rw_ship", title: "Free shipping", points: 2000 },
  ],
  tiers: [
    { name: "Member", minSpendMinor: 0, earnMultiplier: 1, benefits: "Early access to the winter sale" },
    { name: "Silver", minSpendMinor: 50_000, earnMultiplier: 1.25, benefits: "Free gift wrapping" },
  ],
  progress: { spendMinor: 42_000, tier: "Member", next: { name: "Silver", minSpendMinor: 50_000 } },
};
const MEMBER = {
  loggedIn: true,
  member: true,
  points: { available: 320, pending: 0 },
  tier: "Member",
  rewards: PROGRAM.rewards,
  referralUrl: "https://demo-retention-shop.myshopify.com/?ref=ANNA-7K2",
  incentive: null,
  // A code made for her whose redemption answer never reached the page (the app restarted meanwhile).
  codes: [{ code: "RW-7K2QX9ABCD", title: "€5 off", createdAt: "2026-11-30T10:00:00.000Z" }],
};

// What a shopper reads, per language (Intl writes "€ 12,50" in Dutch, with a no-break space).
const TEXT = {
  en: {
    earn: "You earn 2 points per €1 spent.",
    toReward: "180 points more for €5 off.",
    tier: "Spend €80 more within a year to reach Silver.",
    referrer:
      "Your friends get €12.50 off their first order. You get 750 points once their first order is paid, to spend 14 days later.",
    friend: "A friend gave you €12.50 off your first order. Create an account or sign in to get your code.",
    signup: "Create a free account and get 250 points.",
    join: "Join and get 250 points straight away.",
    joinButton: "Join",
    claimed: "Welcome! Your friend's discount code for your first order: FRIEND-12",
    launcher: "Rewards",
  },
  nl: {
    earn: "Je spaart 2 punten per € 1 die je besteedt.",
    toReward: "Nog 180 punten voor €5 off.",
    tier: "Besteed binnen een jaar nog € 80 om Silver te worden.",
    referrer:
      "Je vrienden krijgen € 12,50 korting op hun eerste bestelling. Jij krijgt 750 punten zodra hun eerste bestelling betaald is, te besteden 14 dagen later.",
    friend:
      "Een vriend geeft je € 12,50 korting op je eerste bestelling. Maak een account aan of log in om je code te krijgen.",
    signup: "Maak een gratis account aan en krijg 250 punten.",
    join: "Word lid en krijg meteen 250 punten.",
    joinButton: "Word lid",
    claimed: "Welkom! Je kortingscode van je vriend voor je eerste bestelling: FRIEND-12",
    launcher: "Beloningen",
  },
};

const norm = (s: string | null) => (s ?? "").replace(/\u00a0|\u202f/g, " ").trim();

let server: http.Server;
let baseUrl: string;

async function startStorefront() {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
      res.end(body);
    };
    if (url.pathname === "/account") {
      const customer = url.searchParams.get("customer") ?? "";
      return send(
        "text/html; charset=utf-8",
        fs
          .readFileSync(path.join(__dirname, "storefront", "program.html"), "utf8")
          .replaceAll("__LANG__", url.searchParams.get("lang") === "nl" ? "nl" : "en")
          .replaceAll("__CUSTOMER_ID__", /^\d+$/.test(customer) ? customer : ""),
      );
    }
    // The shipped (committed) asset; tests/storefront/script-size.test.ts proves it matches src/.
    if (url.pathname === "/retention.js")
      return send("text/javascript", fs.readFileSync(path.join(themeAssets, "retention.js")));
    if (url.pathname === "/retention.css")
      return send("text/css", fs.readFileSync(path.join(themeAssets, "retention.css")));
    res.writeHead(204);
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** The app proxy's stub: /api/me answers `me()` (it may change after a join), /api/program the program. */
async function stubProxy(page: Page, me: () => unknown) {
  const calls: { method: string; path: string; body: unknown; locale?: string | null }[] = [];
  await page.route("**/apps/retention/api/**", (route) => {
    const req = route.request();
    const url = new URL(req.url());
    const p = url.pathname.replace("/apps/retention", "");
    // The page's language goes to the app as ?locale= (Shopify's proxy signs it with the rest).
    Object.defineProperty(
      calls[calls.push({ method: req.method(), path: p, body: req.postDataJSON() }) - 1],
      "locale",
      {
        value: url.searchParams.get("locale"),
        enumerable: false,
      },
    );
    const json = (body: unknown) =>
      route.fulfill({ status: 200, contentType: "application/json", body: JSON.stringify(body) });
    if (p === "/api/me") return json(me());
    if (p === "/api/program") return json(PROGRAM);
    if (p === "/api/join" && req.method() === "POST") return json(MEMBER);
    if (p === "/api/referral" && req.method() === "POST") return json({ code: "FRIEND-12" });
    if (p === "/api/nps" && req.method() === "POST") return json({ ok: true });
    return route.fulfill({ status: 404, contentType: "application/json", body: '{"error":"not found"}' });
  });
  return calls;
}

describe("storefront program texts and layout in Chromium", () => {
  let browser: Browser;
  beforeAll(async () => {
    await startStorefront();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  async function open(width: number, search: string, me: () => unknown) {
    const context = await browser.newContext({
      viewport: { width, height: width < 500 ? 844 : 900 },
      deviceScaleFactor: 1,
      isMobile: width < 500,
      hasTouch: width < 500,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const calls = await stubProxy(page, me);
    await page.goto(`${baseUrl}/account${search}`);
    return { page, calls, errors };
  }

  for (const width of [390, 1280])
    for (const lang of ["en", "nl"] as const)
      it(`a member (${lang}, ${width} px) reads the earn rate, points to the next reward, the tier progress and the referral offer from the settings, and her codes; nothing overflows`, async () => {
        const T = TEXT[lang];
        const { page, errors } = await open(width, `?customer=7001&lang=${lang}`, () => MEMBER);
        const block = page.locator("[data-retention-account]");
        await expect.poll(async () => norm(await block.getByTestId("rtn-earn-rate").textContent())).toBe(T.earn);
        expect(norm(await block.getByTestId("rtn-to-reward").textContent())).toBe(T.toReward);
        expect(norm(await block.getByTestId("rtn-tier-progress").textContent())).toBe(T.tier);
        // The benefits the merchant wrote "for customers" reach the member, for their own tier only.
        expect(norm(await block.getByTestId("rtn-tier-benefits").textContent())).toBe(
          "Early access to the winter sale",
        );
        expect(norm(await block.getByTestId("rtn-referrer-offer").textContent())).toBe(T.referrer);
        // Her codes are listed, whether or not she saw the redemption's answer.
        expect(norm(await block.getByTestId("rtn-codes").textContent())).toBe("RW-7K2QX9ABCD €5 off");
        // Nothing wider than the screen, and the 0-10 scale on one line.
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        const tops = await page.locator(".rtn-score").evaluateAll((bs) => bs.map((b) => b.getBoundingClientRect().top));
        expect(tops).toHaveLength(11);
        expect(new Set(tops).size).toBe(1);
        // The comment box, scrolled into view, is not under the launcher.
        const comment = page.locator("[data-retention-nps] textarea");
        await comment.scrollIntoViewIfNeeded();
        await expect
          .poll(async () => {
            const launcher = page.locator(".rtn-launcher");
            if (!(await launcher.isVisible())) return "clear";
            const a = (await launcher.boundingBox())!;
            const b = (await comment.boundingBox())!;
            const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
            return overlap ? "covered" : "clear";
          })
          .toBe("clear");
        await screenshot(page, `storefront-member-${lang}-${width}`);
        // The launcher is back when the survey scrolls away, and its panel reads the same numbers.
        await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
        const launcher = page.getByRole("button", { name: T.launcher, exact: true });
        await expect.poll(() => launcher.isVisible()).toBe(true);
        await launcher.click();
        await expect
          .poll(async () => norm(await page.locator(".rtn-panel").getByTestId("rtn-earn-rate").textContent()))
          .toBe(T.earn);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await screenshot(page, `storefront-panel-${lang}-${width}`);
        expect(errors).toEqual([]);
        await page.context().close();
      });

  for (const lang of ["en", "nl"] as const)
    it(`a referred friend (${lang}, 390 px) sees the offer on the page as a guest, and the code once signed in`, async () => {
      const T = TEXT[lang];
      // GIVEN a guest arriving through a referral link
      const guest = await open(390, `?lang=${lang}&ref=ANNA-7K2`, () => ({ loggedIn: false, member: false }));
      const offer = guest.page.getByTestId("rtn-referral-note");
      await expect.poll(async () => norm(await offer.textContent())).toBe(T.friend);
      expect(await offer.isVisible()).toBe(true);
      expect(await offer.evaluate((el) => el.closest("[hidden]") === null)).toBe(true);
      const box = (await offer.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      // The invitation's incentive is the program's sign-up bonus, in the page's language.
      expect(norm(await guest.page.locator("[data-retention-account] .rtn-incentive").textContent())).toBe(T.signup);
      await screenshot(guest.page, `storefront-friend-offer-${lang}-390`);
      expect(guest.calls.some((c) => c.path === "/api/referral")).toBe(false);
      // The code stays in this browser until the friend signs in.
      const state = await guest.page.context().storageState();
      expect(JSON.stringify(state.origins)).toContain("ANNA-7K2");
      const signedIn = await guest.page.context().newPage();
      const calls = await stubProxy(signedIn, () => ({ ...MEMBER, points: { available: 0, pending: 0 } }));
      await signedIn.goto(`${baseUrl}/account?customer=7002&lang=${lang}`);
      const claimed = signedIn.getByTestId("rtn-referral-note");
      await expect.poll(async () => norm(await claimed.textContent())).toBe(T.claimed);
      expect(await claimed.isVisible()).toBe(true);
      expect(calls.filter((c) => c.path === "/api/referral")).toEqual([
        { method: "POST", path: "/api/referral", body: { code: "ANNA-7K2" } },
      ]);
      await screenshot(signedIn, `storefront-friend-code-${lang}-390`);
      expect(guest.errors).toEqual([]);
      await guest.page.context().close();
    });

  for (const lang of ["en", "nl"] as const)
    it(`a signed-in shopper (${lang}) joins only by tapping Join (POST /api/join), then sees their points`, async () => {
      const T = TEXT[lang];
      let joined = false;
      const { page, calls, errors } = await open(390, `?customer=7003&lang=${lang}`, () =>
        joined ? MEMBER : { loggedIn: true, member: false, rewards: PROGRAM.rewards },
      );
      const block = page.locator("[data-retention-account]");
      const offer = block.getByTestId("rtn-join-offer");
      await expect.poll(async () => norm(await offer.locator(".rtn-incentive").textContent())).toBe(T.join);
      // Reading the page never joins anyone.
      expect(calls.filter((c) => c.method === "POST")).toEqual([]);
      await screenshot(page, `storefront-join-offer-${lang}-390`);
      joined = true;
      await block.getByRole("button", { name: T.joinButton, exact: true }).click();
      await expect.poll(async () => norm(await block.getByTestId("rtn-earn-rate").textContent())).toBe(T.earn);
      expect(calls.filter((c) => c.method === "POST")).toEqual([{ method: "POST", path: "/api/join", body: {} }]);
      // Every call asked the app for the page's language, reads and the join alike.
      expect(calls.length).toBeGreaterThanOrEqual(3);
      expect(new Set(calls.map((c) => c.locale))).toEqual(new Set([lang]));
      expect(errors).toEqual([]);
      await page.context().close();
    });
});
