// The theme app extension as Shopify ships it: the committed storefront script matches its
// source and stays within the size budget, the blocks load it deferred, and every block's
// schema and Liquid is well formed.
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { ASSET, bundleStorefront } from "../../scripts/build-storefront.mjs";

const THEME = path.resolve(__dirname, "../../extensions/retention-theme");
const BUDGET_BYTES = 10 * 1024;
const blockFiles = fs.readdirSync(path.join(THEME, "blocks")).filter((f) => f.endsWith(".liquid"));
const readBlock = (name: string) => fs.readFileSync(path.join(THEME, "blocks", name), "utf8");

function schemaOf(liquid: string): Record<string, unknown> {
  const m = liquid.match(/\{%-?\s*schema\s*-?%\}([\s\S]*?)\{%-?\s*endschema\s*-?%\}/);
  if (!m) throw new Error("no {% schema %} tag");
  return JSON.parse(m[1]);
}

/** Checks that block tags open and close in order ({% if %}…{% endif %} etc.) and that {{ }} / {% %} are balanced. */
function liquidProblems(liquid: string): string[] {
  const problems: string[] = [];
  const BLOCKS = ["if", "unless", "for", "case", "capture", "comment", "schema", "form", "paginate", "raw"];
  const stack: string[] = [];
  const withoutSchema = liquid.replace(
    /\{%-?\s*schema\s*-?%\}[\s\S]*?\{%-?\s*endschema\s*-?%\}/,
    "{% schema %}{% endschema %}",
  );
  const body = withoutSchema.replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g, "");
  if ((body.match(/\{\{/g) ?? []).length !== (body.match(/\}\}/g) ?? []).length) problems.push("unbalanced {{ }}");
  if ((body.match(/\{%/g) ?? []).length !== (body.match(/%\}/g) ?? []).length) problems.push("unbalanced {% %}");
  for (const m of body.matchAll(/\{%-?\s*(\w+)/g)) {
    const tag = m[1];
    if (BLOCKS.includes(tag)) stack.push(tag);
    else if (tag.startsWith("end")) {
      const open = stack.pop();
      if (open !== tag.slice(3)) problems.push(`{% ${tag} %} closes {% ${open ?? "nothing"} %}`);
    }
  }
  if (stack.length) problems.push(`unclosed: ${stack.join(", ")}`);
  return problems;
}

describe("storefront script asset", () => {
  let built: string;
  beforeAll(async () => {
    built = await bundleStorefront();
  });

  it("the committed assets/retention.js is exactly what the build produces from src/ (deterministic build, not stale)", async () => {
    expect(fs.readFileSync(ASSET, "utf8")).toBe(built);
    expect(await bundleStorefront()).toBe(built);
  });

  it("is at most 10 KB gzipped", () => {
    const gz = gzipSync(fs.readFileSync(ASSET), { level: 9 }).length;
    expect(gz).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it("is a self-contained IIFE with no module syntax and no framework", () => {
    expect(built).toMatch(/^\/\*[^]*?\*\/\n"use strict";\(\(\)=>\{/);
    expect(built).not.toMatch(/\bimport\s*[({"']|\bexport\s|\brequire\(/);
    expect(built).not.toMatch(/react|preact|vue/i);
  });
});

describe("theme app extension blocks", () => {
  it("has the three blocks", () => {
    expect(blockFiles.sort()).toEqual(["account.liquid", "app-embed.liquid", "nps-survey.liquid"]);
  });

  it.each(blockFiles)("%s has a schema that parses as JSON, with a name and settings that have unique ids", (file) => {
    const schema = schemaOf(readBlock(file));
    expect(typeof schema.name).toBe("string");
    expect((schema.name as string).length).toBeLessThanOrEqual(25);
    const ids = (schema.settings as { id: string }[]).map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    if (schema.stylesheet) expect(fs.existsSync(path.join(THEME, "assets", schema.stylesheet as string))).toBe(true);
  });

  it.each(blockFiles)("%s has balanced Liquid tags", (file) => {
    expect(liquidProblems(readBlock(file))).toEqual([]);
  });

  it("the app embed targets the body and loads retention.js with defer, passing shop, customer, locale and the /apps/retention proxy path", () => {
    const liquid = readBlock("app-embed.liquid");
    expect(schemaOf(liquid).target).toBe("body");
    const scripts = [...liquid.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts).toEqual([`<script src="{{ 'retention.js' | asset_url }}" defer>`]);
    expect(liquid).toContain('data-retention-proxy="/apps/retention"');
    expect(liquid).toContain('data-shop="{{ shop.permanent_domain | escape }}"');
    expect(liquid).toContain('data-customer-id="{{ customer.id }}"');
    expect(liquid).toContain('data-locale="{{ request.locale.iso_code }}"');
  });

  it("every block that includes the script loads it deferred, and app blocks target a section", () => {
    for (const file of blockFiles) {
      const liquid = readBlock(file);
      for (const [tag] of liquid.matchAll(/<script\b[^>]*>/g)) expect(tag).toMatch(/\sdefer[\s>]/);
      if (file !== "app-embed.liquid") expect(schemaOf(liquid).target).toBe("section");
    }
  });

  it("the account block uses the merchant's incentive text setting for guests", () => {
    const liquid = readBlock("account.liquid");
    expect((schemaOf(liquid).settings as { id: string }[]).map((s) => s.id)).toContain("incentive");
    expect(liquid).toContain("{{ block.settings.incentive | escape }}");
  });

  it("every translation key used by the blocks exists in both en.default.json and nl.json", () => {
    const en = JSON.parse(fs.readFileSync(path.join(THEME, "locales/en.default.json"), "utf8"));
    const nl = JSON.parse(fs.readFileSync(path.join(THEME, "locales/nl.json"), "utf8"));
    const lookup = (obj: unknown, key: string) =>
      key.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], obj);
    const keys = blockFiles.flatMap((f) => [...readBlock(f).matchAll(/'([\w.]+)'\s*\|\s*t\b/g)].map((m) => m[1]));
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(typeof lookup(en, key), `en: ${key}`).toBe("string");
      expect(typeof lookup(nl, key), `nl: ${key}`).toBe("string");
    }
  });

  it("the extension tomls declare the theme extension and a strict, marketing-consent web pixel", () => {
    const theme = fs.readFileSync(path.join(THEME, "shopify.extension.toml"), "utf8");
    expect(theme).toMatch(/^type = "theme"$/m);
    const pixel = fs.readFileSync(path.resolve(THEME, "../retention-pixel/shopify.extension.toml"), "utf8");
    expect(pixel).toMatch(/^type = "web_pixel_extension"$/m);
    expect(pixel).toMatch(/^runtime_context = "strict"$/m);
    expect(pixel).toMatch(
      /\[customer_privacy\]\nanalytics = false\nmarketing = true\npreferences = false\nsale_of_data = "enabled"\n/,
    );
    for (const field of ["metaPixelId", "googleTagId", "tiktokPixelId"])
      expect(pixel).toContain(`[settings.fields.${field}]`);
  });
});
