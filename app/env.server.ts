// Environment, parsed once at start-up: a missing or malformed variable fails fast with its name.
import { z } from "zod";
import { DEFAULT_DATABASE_URL } from "~/db/url";

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    SHOPIFY_API_KEY: z.string().min(1),
    SHOPIFY_API_SECRET: z.string().min(1),
    SHOPIFY_APP_URL: z.string().url(),
    // Key material for secrets at rest (WooCommerce REST API keys), at least 32 characters.
    // Optional: SHOPIFY_API_SECRET is used when unset (app/crypto/app-key.server.ts).
    APP_ENCRYPTION_KEY: z.string().min(32, "must be at least 32 characters").optional(),
    SCOPES: z.string().optional(),
    DATABASE_URL: z.string().default(DEFAULT_DATABASE_URL),
    REDIS_URL: z.string().url().optional(),
    // Demo mode: the admin is reachable on localhost without a Shopify login, for the demo shop only.
    DEMO_MODE: z.enum(["0", "1"]).default("0"),
  })
  .superRefine((env, ctx) => {
    if (env.DEMO_MODE === "1" && !/^https?:\/\/(localhost|127\.0\.0\.1)(:\d+)?\/?$/.test(env.SHOPIFY_APP_URL)) {
      ctx.addIssue({
        code: "custom",
        path: ["DEMO_MODE"],
        message: "demo mode only runs on a localhost SHOPIFY_APP_URL",
      });
    }
  });

export type Env = z.infer<typeof schema>;

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${problems}`);
  }
  return result.data;
}

export const env = parseEnv(process.env);
