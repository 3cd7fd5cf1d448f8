// The one shopifyApp() call: authentication, session storage, webhooks and the Admin API
// client all come from here. Keep apiVersion in step with shopify.app.toml, the customer account
// extension's toml and the schema the tests validate documents against
// (tests/fixtures/shopify/admin_2026-10.json.gz); tests/app/app-config.test.ts checks they agree.
import "@shopify/shopify-app-remix/adapters/node";
import { ApiVersion, AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import db from "~/db/client.server";
import { env } from "./env.server";
import { onShopInstalled } from "./workflows/install.server";
import { RetentionSessionStorage } from "~/models/sessions.server";
import { ACCESS_SCOPES } from "./shopify-scopes";

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: ApiVersion.October26,
  scopes: env.SCOPES?.split(",") ?? ACCESS_SCOPES,
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new RetentionSessionStorage(db),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true, // managed install + token exchange
  },
  hooks: {
    // First install (and every re-install): create or reactivate the shop row with the
    // shop's currency and timezone, then start the history backfill.
    afterAuth: async ({ session, admin }) => {
      await onShopInstalled(db, session.shop, admin.graphql);
    },
  },
});

export default shopify;
export const apiVersion = ApiVersion.October26;
export { ACCESS_SCOPES };
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
export const authenticate = shopify.authenticate;
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
