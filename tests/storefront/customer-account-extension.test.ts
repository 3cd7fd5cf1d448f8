// The customer account UI extension (API 2026-10: Preact and Polaris web components): every
// target's bundle (Preact and Shopify's runtime included, as Shopify builds it) within the
// platform's 64 KB compressed limit, the targets pointing at real modules typed for their own
// target, both languages complete, and its API call carrying the session token.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { APP_URL, fetchProfile, joinProgram } from "../../extensions/retention-account/src/loyalty-api";

const dir = path.resolve(import.meta.dirname, "..", "..", "extensions", "retention-account");
const toml = fs.readFileSync(path.join(dir, "shopify.extension.toml"), "utf8");
const targets = [...toml.matchAll(/module = "\.\/(src\/[^"]+)"\s*\ntarget = "([^"]+)"/g)].map((m) => ({
  module: m[1],
  target: m[2],
}));

describe("customer account extension", () => {
  it("declares a full page and a profile block, each module rendering itself and typed for its own target", () => {
    expect(targets.map((t) => t.target)).toEqual([
      "customer-account.page.render",
      "customer-account.profile.block.render",
    ]);
    const globals = fs.readFileSync(path.join(dir, "shopify.d.ts"), "utf8");
    for (const t of targets) {
      const source = fs.readFileSync(path.join(dir, t.module), "utf8");
      expect(source).toMatch(/^export default async \(\) => \{\n {2}render\(</m);
      expect(globals).toContain(
        `declare module "./${t.module}" {\n  const shopify: import("@shopify/ui-extensions/${t.target}").Api;`,
      );
    }
  });

  it.each(targets)("bundles $module within 64 KB compressed", async ({ module }) => {
    const out = await build({
      entryPoints: [path.join(dir, module)],
      bundle: true,
      minify: true,
      write: false,
      format: "esm",
      platform: "browser",
      jsx: "automatic",
      jsxImportSource: "preact",
      define: { "process.env.NODE_ENV": '"production"' },
      logLevel: "silent",
    });
    const gz = zlib.gzipSync(out.outputFiles[0].contents, { level: 9 }).length;
    console.log(
      JSON.stringify({ name: `customer-account-bundle-${path.basename(module)}`, gzipBytes: gz, limit: 65536 }),
    );
    expect(gz).toBeLessThanOrEqual(64 * 1024);
  });

  it("has every English text in Dutch too", () => {
    const en = JSON.parse(fs.readFileSync(path.join(dir, "locales", "en.default.json"), "utf8"));
    const nl = JSON.parse(fs.readFileSync(path.join(dir, "locales", "nl.json"), "utf8"));
    expect(Object.keys(nl).sort()).toEqual(Object.keys(en).sort());
  });

  it("calls the app with the session token as a Bearer header and shows the server's error text", async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const ok = (async (url: string, init?: RequestInit) => {
      seen.push({ url, auth: new Headers(init?.headers).get("authorization") });
      return Response.json({
        loggedIn: true,
        points: { available: 5, pending: 0 },
        tier: null,
        rewards: [],
        referralUrl: null,
      });
    }) as typeof fetch;
    expect((await fetchProfile(async () => "tok", ok)).points).toEqual({ available: 5, pending: 0 });
    expect(seen).toEqual([{ url: `${APP_URL}/api/customer-account/loyalty`, auth: "Bearer tok" }]);
    const failing = (async () =>
      Response.json({ error: "Please log in to your account first." }, { status: 401 })) as typeof fetch;
    await expect(fetchProfile(async () => "tok", failing)).rejects.toThrow("Please log in to your account first.");
  });

  it("reads with a GET and joins only with an explicit POST { join: true }, both with the token and the buyer's language", async () => {
    const seen: { url: string; method: string; auth: string | null; body: string | null }[] = [];
    const record = (async (url: string, init?: RequestInit) => {
      seen.push({
        url,
        method: init?.method ?? "GET",
        auth: new Headers(init?.headers).get("authorization"),
        body: typeof init?.body === "string" ? init.body : null,
      });
      return Response.json({ loggedIn: true, member: true, points: null, tier: null, rewards: [], referralUrl: null });
    }) as typeof fetch;
    await fetchProfile(async () => "tok", record, "nl-NL");
    await joinProgram(async () => "tok", record, "nl-NL");
    const url = `${APP_URL}/api/customer-account/loyalty?locale=nl-NL`;
    expect(seen).toEqual([
      { url, method: "GET", auth: "Bearer tok", body: null },
      { url, method: "POST", auth: "Bearer tok", body: '{"join":true}' },
    ]);
  });

  it("offers a Join button on the page and never joins from the profile block", () => {
    const page = fs.readFileSync(path.join(dir, "src", "LoyaltyPage.tsx"), "utf8");
    const block = fs.readFileSync(path.join(dir, "src", "ProfileBlock.tsx"), "utf8");
    expect(page).toMatch(/<s-button[^>]*onClick=\{join\}/);
    // The block reads the profile only: no join callback taken from the hook, no button calling one.
    expect(block).not.toMatch(/onClick|joinProgram|[{,]\s*join\s*[,}]/);
  });
});
