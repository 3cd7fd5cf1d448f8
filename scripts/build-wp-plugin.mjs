#!/usr/bin/env node
// Packs the WordPress plugin (extensions/retention-woocommerce) into the zip a merchant uploads
// at Plugins > Add New > Upload Plugin: build/retention-for-woocommerce.zip, every file under one
// top folder named after the plugin's slug. The storefront script inside is a fresh build of the
// same source as Shopify's theme extension. The zip is reproducible: sorted entries, fixed dates.
//   node scripts/build-wp-plugin.mjs          write the zip
//   node scripts/build-wp-plugin.mjs --i18n   regenerate languages/*.pot, merge it into each .po,
//                                             compile the .mo files (needs GNU gettext)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { zipSync } from "fflate";
import { PLUGIN_ASSETS, storefrontOutputs } from "./build-storefront.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PLUGIN_DIR = path.join(root, "extensions/retention-woocommerce");
export const SLUG = "retention-for-woocommerce";
export const ZIP = path.join(root, "build", `${SLUG}.zip`);
const LANGUAGES = path.join(PLUGIN_DIR, "languages");
// Local time on purpose: zip stores local date fields, so this gives the same bytes in any time zone.
const FIXED_DATE = new Date(2025, 0, 1, 0, 0, 0);

/** Plugin files relative to the plugin folder, sorted; dotfiles are left out. */
export function pluginFiles(dir = PLUGIN_DIR, prefix = "") {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...pluginFiles(path.join(dir, entry.name), rel));
    else out.push(rel);
  }
  return out;
}

/** The zip's bytes. */
export async function buildPluginZip() {
  const fresh = await storefrontOutputs();
  const files = {};
  for (const rel of pluginFiles()) {
    const abs = path.join(PLUGIN_DIR, rel);
    const generated = fresh.get(abs);
    const data = generated !== undefined ? Buffer.from(generated, "utf8") : fs.readFileSync(abs);
    files[`${SLUG}/${rel}`] = [new Uint8Array(data), { mtime: FIXED_DATE, level: 9 }];
  }
  for (const [abs, content] of fresh) {
    // A generated asset not yet written to the source tree still belongs in the zip.
    if (abs.startsWith(PLUGIN_ASSETS + path.sep)) {
      const key = `${SLUG}/${path.relative(PLUGIN_DIR, abs).split(path.sep).join("/")}`;
      if (!files[key]) files[key] = [new Uint8Array(Buffer.from(content, "utf8")), { mtime: FIXED_DATE, level: 9 }];
    }
  }
  return zipSync(files);
}

/** Regenerates the translation template and catalogues from the PHP sources and block.json files. */
function updateTranslations() {
  const pot = path.join(LANGUAGES, `${SLUG}.pot`);
  const php = pluginFiles().filter((f) => f.endsWith(".php"));
  const keywords = ["__", "_e", "esc_html__", "esc_html_e", "esc_attr__", "esc_attr_e", "_x:1,2c", "_n:1,2"];
  execFileSync(
    "xgettext",
    [
      "--language=PHP",
      "--from-code=UTF-8",
      "--add-comments=translators:",
      "--sort-by-file",
      "--no-wrap",
      `--package-name=Retention for WooCommerce`,
      "--msgid-bugs-address=https://github.com/retention-app/retention/issues",
      ...keywords.map((k) => `--keyword=${k}`),
      "-o",
      pot,
      ...php,
    ],
    { cwd: PLUGIN_DIR, stdio: "inherit" },
  );
  // The plugin header's name and description, and block titles, descriptions and keywords are
  // translated by WordPress from the main file's header and from block.json.
  const main = fs.readFileSync(path.join(PLUGIN_DIR, `${SLUG}.php`), "utf8");
  const headerField = (name) => main.match(new RegExp(`^ \\* ${name}:\\s*(.+)$`, "m"))[1].trim();
  let extra = "";
  for (const [name, text] of [
    ["Plugin Name", headerField("Plugin Name")],
    ["Description", headerField("Description")],
  ])
    extra += `\n#. ${name} of the plugin\n#: ${SLUG}.php\nmsgid ${JSON.stringify(text)}\nmsgstr ""\n`;
  for (const file of pluginFiles().filter((f) => f.endsWith("block.json"))) {
    const block = JSON.parse(fs.readFileSync(path.join(PLUGIN_DIR, file), "utf8"));
    const add = (ctx, text) => {
      extra += `\n#: ${file}\nmsgctxt "${ctx}"\nmsgid ${JSON.stringify(text)}\nmsgstr ""\n`;
    };
    add("block title", block.title);
    add("block description", block.description);
    for (const keyword of block.keywords ?? []) add("block keyword", keyword);
  }
  // No creation date: the template changes only when a string does.
  const header = fs
    .readFileSync(pot, "utf8")
    .replace(/^"POT-Creation-Date: .*\\n"\n/m, "")
    .replace("charset=CHARSET", "charset=UTF-8")
    .replace(/^# SOME DESCRIPTIVE TITLE\.\n# Copyright \(C\) YEAR.*\n/m, "# Retention for WooCommerce\n");
  fs.writeFileSync(pot, header + extra);
  execFileSync("msguniq", ["--no-wrap", "--sort-by-file", "-o", pot, pot], { stdio: "inherit" });
  for (const po of fs.readdirSync(LANGUAGES).filter((f) => f.endsWith(".po"))) {
    const file = path.join(LANGUAGES, po);
    execFileSync("msgmerge", ["--quiet", "--no-wrap", "--no-fuzzy-matching", "--update", "--backup=off", file, pot], {
      stdio: "inherit",
    });
    execFileSync("msgfmt", ["--check", "-o", file.replace(/\.po$/, ".mo"), file], { stdio: "inherit" });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes("--i18n")) {
    updateTranslations();
    console.log(`updated ${path.relative(root, LANGUAGES)}`);
  } else {
    const zip = await buildPluginZip();
    fs.mkdirSync(path.dirname(ZIP), { recursive: true });
    fs.writeFileSync(ZIP, zip);
    console.log(`${path.relative(root, ZIP)}: ${zip.length} bytes`);
  }
}
