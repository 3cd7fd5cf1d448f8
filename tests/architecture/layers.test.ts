// The architecture's rules (README, "Architecture map"), checked on the code itself: no import
// cycle, no dynamic import of the app's own modules, and ESLint's layer rules refuse what
// they are meant to refuse (so a weakened config fails here, not in review).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { findImportCycles } from "../../scripts/import-cycles.mjs";

const appFiles = (dir = "app"): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "generated" ? [] : appFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });

describe("imports only go down", () => {
  it("app/ has no import cycle", () => {
    expect(findImportCycles("app")).toEqual([]);
  });

  it("the cycle finder reports a cycle through a ~/ import and a relative one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cycles-"));
    fs.mkdirSync(path.join(dir, "a"));
    fs.writeFileSync(path.join(dir, "a", "x.ts"), 'import { y } from "~/b";\nexport const x = y;\n');
    fs.writeFileSync(path.join(dir, "b.ts"), 'import { x } from "./a/x";\nexport const y = x;\n');
    expect(findImportCycles(dir)).toEqual([[path.join(dir, "a", "x.ts"), path.join(dir, "b.ts")]]);
    fs.rmSync(dir, { recursive: true });
  });

  it("no module of the app imports one of the app's own modules dynamically", () => {
    const dynamic = appFiles().filter((f) => /import\(\s*["'](~\/|\.)/.test(fs.readFileSync(f, "utf8")));
    expect(dynamic).toEqual([]);
  });
});

describe("ESLint's layer rules", () => {
  const eslint = new ESLint();
  const problems = async (file: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath: file });
    return result.messages.map((m) => m.ruleId);
  };

  it.each([
    [
      "a model importing a platform client",
      "app/models/x.server.ts",
      'import { adminQuery } from "~/platforms/shopify/admin-graphql.server";\nexport const x = adminQuery;\n',
    ],
    [
      "a model importing a workflow",
      "app/models/x.server.ts",
      'import { onShopInstalled } from "~/workflows/install.server";\nexport const x = onShopInstalled;\n',
    ],
    [
      "a platform adapter importing the database",
      "app/platforms/shopify/x.ts",
      'import db from "~/db/client.server";\nexport const x = db;\n',
    ],
    [
      "a pure core importing a model",
      "app/analytics/x.ts",
      'import { findShopByDomain } from "~/models/shop.server";\nexport const x = findShopByDomain;\n',
    ],
    [
      "app/core importing analytics",
      "app/core/x.ts",
      'import { analyzeShop } from "~/analytics";\nexport const x = analyzeShop;\n',
    ],
    [
      "a workflow importing shopify.server",
      "app/workflows/x.server.ts",
      'import { unauthenticated } from "~/shopify.server";\nexport const x = unauthenticated;\n',
    ],
    [
      "the job queue importing the registry",
      "app/jobs/enqueue.server.ts",
      'import { startJobs } from "~/jobs/registry.server";\nexport const x = startJobs;\n',
    ],
    [
      "a component importing a model",
      "app/components/X.tsx",
      'import { findShopByDomain } from "~/models/shop.server";\nexport const x = findShopByDomain;\n',
    ],
    [
      "a relative import across folders",
      "app/models/x.server.ts",
      'import { x as y } from "../core/money";\nexport const x = y;\n',
    ],
  ])("refuses %s", async (_what, file, code) => {
    expect(await problems(file, code)).toContain("no-restricted-imports");
  });

  it("allows a model to use the database toolbox, a pure core and a pure platform module", async () => {
    const code =
      'import db from "~/db/client.server";\nimport { currencyDecimals } from "~/core/money";\n' +
      'import { normalizeWooSiteUrl } from "~/platforms/woocommerce/site";\nexport const x = [db, currencyDecimals, normalizeWooSiteUrl];\n';
    expect(await problems("app/models/x.server.ts", code)).toEqual([]);
  });

  it("refuses process.env outside app/env.server.ts, and allows it there", async () => {
    const code = "export const x = process.env.X;\n";
    expect(await problems("app/models/x.server.ts", code)).toContain("no-restricted-properties");
    expect(await problems("app/env.server.ts", code)).toEqual([]);
  });
});
