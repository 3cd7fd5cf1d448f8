import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { postgresSchemaText } from "../../scripts/prisma.mjs";

describe("Prisma schemas", () => {
  it("keeps the PostgreSQL schema generated from the SQLite one (run `npm run prisma -- sync`)", () => {
    expect(fs.readFileSync("prisma/postgresql/schema.prisma", "utf8")).toBe(postgresSchemaText());
  });

  it("has a migration for every schema change on both providers (run `npm run prisma -- migrate new <name>`)", () => {
    expect(fs.readFileSync("prisma/migrations/schema.snapshot.prisma", "utf8")).toBe(
      fs.readFileSync("prisma/schema.prisma", "utf8"),
    );
    expect(fs.readFileSync("prisma/postgresql/migrations/schema.snapshot.prisma", "utf8")).toBe(
      fs.readFileSync("prisma/postgresql/schema.prisma", "utf8"),
    );
  });
});
