// The WordPress plugin as shipped: the zip `npm run build` writes (one top folder, every plugin
// file, the storefront script freshly built from the theme's source), the plugin's headers and
// versions, PHP that parses on this PHP (8.2), block.json files, and translations (template up to
// date with the sources, Dutch complete, the compiled .mo matching its .po).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { storefrontOutputs } from "../../scripts/build-storefront.mjs";
import { buildPluginZip, PLUGIN_DIR, pluginFiles, SLUG } from "../../scripts/build-wp-plugin.mjs";

const read = (rel: string) => fs.readFileSync(path.join(PLUGIN_DIR, rel), "utf8");
const MAIN = `${SLUG}.php`;

/** msgid (with msgctxt) -> msgstr of a PO/POT file, header left out. */
function catalogue(file: string): Map<string, string> {
  const entries = new Map<string, string>();
  const text = fs.readFileSync(file, "utf8");
  const unquote = (block: string) =>
    [...block.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string).join("");
  for (const m of text.matchAll(
    /(?:^msgctxt ((?:"(?:[^"\\]|\\.)*"\s*)+))?^msgid ((?:"(?:[^"\\]|\\.)*"\s*)+)^msgstr ((?:"(?:[^"\\]|\\.)*"\s*)+)/gm,
  )) {
    const id = unquote(m[2]);
    if (id === "") continue;
    entries.set(`${m[1] ? unquote(m[1]) + "\u0004" : ""}${id}`, unquote(m[3]));
  }
  return entries;
}

describe("the plugin zip", () => {
  let zip: Uint8Array;
  let entries: Record<string, Uint8Array>;
  beforeAll(async () => {
    zip = await buildPluginZip();
    entries = unzipSync(zip);
  });

  it("holds every plugin file under one retention-for-woocommerce/ folder, and nothing else", () => {
    const names = Object.keys(entries).sort();
    expect(names.every((n) => n.startsWith(`${SLUG}/`))).toBe(true);
    expect(names).toEqual(pluginFiles().map((f: string) => `${SLUG}/${f}`));
    for (const required of [
      MAIN,
      "uninstall.php",
      "readme.txt",
      "assets/retention.js",
      "assets/retention.css",
      "assets/pixels.js",
      "assets/blocks-editor.js",
      "languages/retention-for-woocommerce.pot",
      "languages/retention-for-woocommerce-nl_NL.po",
      "languages/retention-for-woocommerce-nl_NL.mo",
      "blocks/account/block.json",
      "blocks/nps/block.json",
      "blocks/referral/block.json",
      "blocks/launcher/block.json",
    ])
      expect(names).toContain(`${SLUG}/${required}`);
  });

  it("carries the storefront script built from the theme's source, identical to the Shopify asset", async () => {
    const fresh = await storefrontOutputs();
    const shopify = [...fresh.entries()].find(([file]) => file.includes("retention-theme"))![1];
    expect(Buffer.from(entries[`${SLUG}/assets/retention.js`]).toString("utf8")).toBe(shopify);
    // The committed copies in the plugin folder are fresh too (the folder installs without a build).
    for (const [file, content] of fresh) expect(fs.readFileSync(file, "utf8"), file).toBe(content);
  });

  it("is byte-for-byte reproducible", async () => {
    expect(Buffer.from(await buildPluginZip()).equals(Buffer.from(zip))).toBe(true);
  });
});

describe("plugin headers and code", () => {
  it("declares WooCommerce, PHP 8.1, its text domain, WC tested up to 11.0, and one version everywhere", () => {
    const main = read(MAIN);
    const header = (name: string) => main.match(new RegExp(`^ \\* ${name}:\\s*(.+)$`, "m"))?.[1].trim();
    expect(header("Plugin Name")).toBe("Retention for WooCommerce");
    expect(header("Requires Plugins")).toBe("woocommerce");
    expect(header("Requires PHP")).toBe("8.1");
    expect(header("Text Domain")).toBe(SLUG);
    expect(header("Domain Path")).toBe("/languages");
    expect(header("WC tested up to")).toBe("11.0");
    expect(header("License")).toBe("GPL-2.0-or-later");
    const version = header("Version")!;
    expect(main).toContain(`define( 'RETENTION_VERSION', '${version}' );`);
    expect(read("uninstall.php")).toContain(`define( 'RETENTION_VERSION', '${version}' );`);
    expect(read("readme.txt")).toMatch(new RegExp(`^Stable tag: ${version.replace(/\./g, "\\.")}$`, "m"));
    expect(main).toMatch(/FeaturesUtil::declare_compatibility\( 'custom_order_tables', __FILE__, true \)/);
  });

  it("every PHP file parses on this PHP and refuses to run outside WordPress", () => {
    const php = pluginFiles().filter((f: string) => f.endsWith(".php"));
    expect(php.length).toBeGreaterThanOrEqual(10);
    for (const file of php) {
      const out = execFileSync("php", ["-l", path.join(PLUGIN_DIR, file)], { encoding: "utf8" });
      expect(out).toContain("No syntax errors detected");
      expect(read(file)).toMatch(
        /^<\?php[\s\S]*?\n(defined\( 'ABSPATH' \) \|\| exit;|defined\( 'WP_UNINSTALL_PLUGIN' \) \|\| exit;)\n/,
      );
    }
  });

  it("each block.json names its folder's block, the text domain and the editor script the plugin registers", () => {
    const storefront = read("includes/class-retention-storefront.php");
    for (const dir of ["account", "nps", "referral", "launcher"]) {
      const block = JSON.parse(read(`blocks/${dir}/block.json`));
      expect(block.name).toBe(`retention/${dir}`);
      expect(block.textdomain).toBe(SLUG);
      expect(block.apiVersion).toBe(3);
      expect(block.editorScript).toBe("retention-blocks-editor");
      expect(storefront).toContain(`function render_${dir}_block(`);
    }
    expect(storefront).toContain("'retention-blocks-editor'");
  });
});

describe("translations", () => {
  const languages = path.join(PLUGIN_DIR, "languages");
  const pot = path.join(languages, `${SLUG}.pot`);
  const po = path.join(languages, `${SLUG}-nl_NL.po`);

  it("the template holds every translatable string in the PHP sources and block.json files", () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wpplugin-pot-"));
    try {
      const out = path.join(tmp, "fresh.pot");
      const php = pluginFiles().filter((f: string) => f.endsWith(".php"));
      execFileSync(
        "xgettext",
        ["--language=PHP", "--from-code=UTF-8", "-o", out]
          .concat(["__", "_e", "esc_html__", "esc_html_e", "esc_attr__", "esc_attr_e"].map((k) => `--keyword=${k}`))
          .concat(php),
        { cwd: PLUGIN_DIR },
      );
      const template = catalogue(pot);
      const fresh = [...catalogue(out).keys()];
      expect(fresh.length).toBeGreaterThan(50);
      expect(fresh.filter((id) => !template.has(id))).toEqual([]);
      for (const dir of ["account", "nps", "referral", "launcher"]) {
        const block = JSON.parse(read(`blocks/${dir}/block.json`));
        expect(template.has(`block title\u0004${block.title}`), block.title).toBe(true);
        expect(template.has(`block description\u0004${block.description}`), block.description).toBe(true);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("Dutch translates every string of the template, keeping printf placeholders", () => {
    const template = catalogue(pot);
    const dutch = catalogue(po);
    expect(template.size).toBeGreaterThan(80);
    for (const [id] of template) {
      const nl = dutch.get(id);
      expect(nl, id).toBeTruthy();
      const placeholders = (s: string) => (s.match(/%(\d\$)?[sd]/g) ?? []).sort();
      expect(placeholders(nl!), id).toEqual(placeholders(id.split("\u0004").at(-1)!));
    }
    expect(fs.readFileSync(po, "utf8")).toMatch(/^"Language: nl_NL\\n"$/m);
  });

  it("the shipped .mo is the compiled .po", () => {
    const tmp = path.join(os.tmpdir(), `wpplugin-${process.pid}.mo`);
    try {
      execFileSync("msgfmt", ["--check", "-o", tmp, po]);
      expect(fs.readFileSync(tmp).equals(fs.readFileSync(po.replace(/\.po$/, ".mo")))).toBe(true);
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  });
});
