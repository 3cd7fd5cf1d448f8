// Prisma CLI configuration: the WebAssembly schema engine talks to the database through
// the same driver adapters the app uses, so no native engine download is needed.
import path from "node:path";
import { defineConfig } from "prisma/config";
import { adapterFor, databaseKind } from "./app/db/url";
import { DEFAULT_DATABASE_URL } from "./app/env.server";

const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  ...(databaseKind(url) === "postgresql"
    ? {
        schema: path.join("prisma", "postgresql", "schema.prisma"),
        migrations: { path: path.join("prisma", "postgresql", "migrations") },
      }
    : { schema: path.join("prisma", "schema.prisma"), migrations: { path: path.join("prisma", "migrations") } }),
  async adapter() {
    return adapterFor(url);
  },
});
