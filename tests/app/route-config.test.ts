// Remix's v3 future flags are all on, and with v3_routeConfig the route table comes from
// app/routes.ts: Remix's own CLI (which reads vite.config.ts and app/routes.ts as the build
// does) must still route every file in app/routes/ at its file-convention URL.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..", "..");

interface RouteNode {
  id: string;
  path?: string;
  index?: boolean;
  file: string;
  children?: RouteNode[];
}

function routeTable(): { id: string; url: string; file: string }[] {
  const out = execFileSync(
    process.execPath,
    [path.join(root, "node_modules/@remix-run/dev/dist/cli.js"), "routes", "--json"],
    {
      cwd: root,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
  const flat: { id: string; url: string; file: string }[] = [];
  const walk = (nodes: RouteNode[], parent: string) => {
    for (const n of nodes) {
      const url = [parent, n.path ?? ""].filter(Boolean).join("/");
      flat.push({ id: n.id, url: `/${url}`, file: n.file });
      walk(n.children ?? [], url);
    }
  };
  walk(JSON.parse(out) as RouteNode[], "");
  return flat;
}

describe("Remix route config", () => {
  it("turns on every Remix v3 future flag", () => {
    const vite = fs.readFileSync(path.join(root, "vite.config.ts"), "utf8");
    const declared = fs.readFileSync(path.join(root, "node_modules/@remix-run/dev/dist/config.d.ts"), "utf8");
    const flags = [...new Set([...declared.matchAll(/\b(v3_\w+): boolean/g)].map((m) => m[1]))];
    expect(flags).toEqual(expect.arrayContaining(["v3_routeConfig", "v3_singleFetch", "v3_lazyRouteDiscovery"]));
    for (const flag of flags) expect(vite, flag).toMatch(new RegExp(`\\b${flag}: true\\b`));
  });

  it("routes every route file from app/routes.ts at its file-convention URL", { timeout: 60_000 }, () => {
    const table = routeTable();
    // A route is a file in app/routes/ or a folder there with its route.tsx.
    const files = fs.readdirSync(path.join(root, "app/routes"), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory()
        ? fs
            .readdirSync(path.join(root, "app/routes", e.name))
            .filter((f) => /^route\.tsx?$/.test(f))
            .map((f) => `${e.name}/${f}`)
        : /\.tsx?$/.test(e.name) && !e.name.endsWith(".test.ts")
          ? [e.name]
          : [],
    );
    expect(files.length).toBeGreaterThan(30);
    expect(
      table
        .filter((r) => r.id !== "root")
        .map((r) => r.file)
        .sort(),
    ).toEqual(files.map((f) => `routes/${f}`).sort());
    const url = (id: string) => table.find((r) => r.id === id)?.url;
    expect(url("routes/webhooks.orders.create")).toBe("/webhooks/orders/create");
    expect(url("routes/webhooks.woocommerce.$shopId")).toBe("/webhooks/woocommerce/:shopId");
    expect(url("routes/app")).toBe("/app");
    expect(url("routes/proxy.api.me")).toBe("/proxy/api/me");
    expect(url("routes/auth.login")).toBe("/auth/login");
  });
});
