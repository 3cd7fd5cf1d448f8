import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { ACCESS_SCOPES } from "~/shopify-scopes";

const toml = fs.readFileSync("shopify.app.toml", "utf8");

describe("shopify.app.toml", () => {
  it("declares exactly the access scopes the app requests", () => {
    const scopes = /^scopes = "([^"]*)"/m.exec(toml)?.[1].split(",");
    expect(scopes?.sort()).toEqual([...ACCESS_SCOPES].sort());
  });

  it("subscribes to the three mandatory compliance topics", () => {
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact"]) {
      expect(toml).toContain(`compliance_topics = [ "${topic}" ]`);
    }
  });

  it("routes every webhook subscription to an existing webhooks.<topic> route file", () => {
    const uris = [...toml.matchAll(/^\s*uri = "\/webhooks\/([^"]+)"/gm)].map((m) => m[1]);
    expect(uris.length).toBeGreaterThanOrEqual(13);
    for (const uri of uris) {
      const file = `app/routes/webhooks.${uri.replace(/\//g, ".")}.tsx`;
      expect(fs.existsSync(file), `${file} handles /webhooks/${uri}`).toBe(true);
    }
  });

  it("uses one Admin API version in the toml and in shopify.server.ts", () => {
    expect(toml).toMatch(/api_version = "2025-04"/);
    expect(fs.readFileSync("app/shopify.server.ts", "utf8")).toMatch(/ApiVersion\.April25/);
  });
});
