import fs from "node:fs";
import { ApiVersion } from "@shopify/shopify-api";
import { describe, expect, it } from "vitest";
import { ACCESS_SCOPES } from "~/shopify-scopes";
import { SHOPIFY_API_VERSION } from "../graphql/schemas";

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

  it("uses one API version, the vendored schemas', in the app toml, shopify.server.ts and every extension toml", () => {
    expect(SHOPIFY_API_VERSION).toBe("2026-10");
    expect([...toml.matchAll(/^api_version = "([^"]+)"/gm)].map((m) => m[1])).toEqual([SHOPIFY_API_VERSION]);
    const member = [...fs.readFileSync("app/shopify.server.ts", "utf8").matchAll(/ApiVersion\.(\w+)/g)].map(
      (m) => m[1],
    );
    expect(member.length).toBeGreaterThanOrEqual(2);
    for (const m of member)
      expect(ApiVersion[m as keyof typeof ApiVersion], `ApiVersion.${m}`).toBe(SHOPIFY_API_VERSION);
    const extensions = fs
      .readdirSync("extensions")
      .filter((d) => fs.existsSync(`extensions/${d}/shopify.extension.toml`));
    const versioned = extensions.filter((d) =>
      /^api_version = /m.test(fs.readFileSync(`extensions/${d}/shopify.extension.toml`, "utf8")),
    );
    expect(versioned).toContain("retention-account");
    for (const d of versioned)
      expect(fs.readFileSync(`extensions/${d}/shopify.extension.toml`, "utf8"), d).toMatch(
        new RegExp(`^api_version = "${SHOPIFY_API_VERSION}"$`, "m"),
      );
  });
});
