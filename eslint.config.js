// Lint: typescript-eslint and react-hooks, plus the architecture's two enforced rules
// (README, "Architecture map"): imports only go down the layers, and only app/env.server.ts
// reads process.env. A folder's own files import each other with "./"; across folders "~/".
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

// The layers, top to bottom. A layer may import the layers below it, never those above.
const ROUTES = ["~/routes/**"];
const HTTP = ["~/http/**", "~/shopify.server", "~/entry.server"];
const WIRING = ["~/jobs/registry.server"];
const WORKFLOWS = ["~/workflows/**", "~/demo/**"];
const MODELS = ["~/models/**"];
const PLATFORM_CLIENTS = ["~/platforms/**/*.server"];
const JOB_QUEUE = ["~/jobs/**"];
const SERVER_ONLY = ["~/db/**", "~/crypto/**", "~/env.server", "~/generated/**", "~/**/*.server"];
const PLATFORMS = ["~/platforms/**"];
const FRAMEWORKS = ["@remix-run/*", "@shopify/*", "react", "react-dom", "@prisma/*", "bullmq", "ioredis"];

/** `files` may not import any of `groups` (each with the reason the layer rule gives). */
const layer = (files, groups, message) => ({
  files,
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          { group: groups.flat(), message },
          { group: ["../*"], message: "across folders import with ~/" },
        ],
      },
    ],
  },
});

const DOWN = "imports only go down: routes -> workflows -> models / platform adapters -> pure cores (README)";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "build/",
      "app/generated/",
      "extensions/*/dist/",
      "extensions/retention-theme/assets/",
      "extensions/retention-woocommerce/assets/retention.js",
      "tests/output/",
      ".tmp/",
      "public/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
    },
  },
  // Hooks live in components (tsx); test helpers named use* are not React hooks.
  { files: ["**/*.tsx"], plugins: { "react-hooks": reactHooks }, rules: reactHooks.configs.recommended.rules },

  // Pure cores: plain TypeScript, no database, network, framework or app layers.
  layer(
    ["app/core/**"],
    [
      ROUTES,
      HTTP,
      WIRING,
      WORKFLOWS,
      MODELS,
      PLATFORMS,
      JOB_QUEUE,
      SERVER_ONLY,
      FRAMEWORKS,
      [
        "~/analytics",
        "~/analytics/**",
        "~/loyalty",
        "~/loyalty/**",
        "~/winback/**",
        "~/i18n",
        "~/i18n/**",
        "~/components/**",
      ],
    ],
    `${DOWN}; app/core needs nothing but itself`,
  ),
  layer(
    ["app/analytics/**", "app/loyalty/**", "app/winback/**", "app/i18n/**"],
    [ROUTES, HTTP, WIRING, WORKFLOWS, MODELS, PLATFORMS, JOB_QUEUE, SERVER_ONLY, FRAMEWORKS, ["~/components/**"]],
    `${DOWN}; a pure core imports only app/core`,
  ),
  // The database toolbox and configuration: below the models.
  layer(
    ["app/db/**", "app/crypto/**", "app/env.server.ts"],
    [ROUTES, HTTP, WIRING, WORKFLOWS, MODELS, PLATFORMS, JOB_QUEUE, ["~/components/**"]],
    `${DOWN}; the database toolbox and configuration sit below the models`,
  ),
  // Platform adapters: the network only (and pure payload mapping), never the database.
  layer(
    ["app/platforms/**"],
    [ROUTES, HTTP, WIRING, WORKFLOWS, MODELS, JOB_QUEUE, ["~/db/**", "~/components/**", "~/generated/**"]],
    `${DOWN}; a platform adapter talks to its platform only (no database)`,
  ),
  // Models: the database only, shop-scoped; no platform client, no jobs, no demo mode.
  layer(
    ["app/models/**"],
    [ROUTES, HTTP, WIRING, WORKFLOWS, PLATFORM_CLIENTS, JOB_QUEUE, ["~/components/**"]],
    `${DOWN}; a model touches the database only (platform calls belong in a workflow)`,
  ),
  // The job queue and the enqueue helpers: infrastructure every workflow may ask for work through.
  layer(
    ["app/jobs/queue.server.ts", "app/jobs/enqueue.server.ts"],
    [ROUTES, HTTP, WIRING, WORKFLOWS, MODELS, PLATFORMS, ["~/components/**", "~/db/**"]],
    `${DOWN}; the queue knows no handler (app/jobs/registry.server.ts wires them)`,
  ),
  // Workflows (database + platform calls): below routes and the wiring.
  layer(
    ["app/workflows/**", "app/demo/**"],
    [ROUTES, HTTP, WIRING, ["~/components/**"]],
    `${DOWN}; a workflow gets its clients handed in (no shopify.server, no job registry)`,
  ),
  // Request helpers and the wiring: below the routes.
  layer(["app/http/**", "app/jobs/registry.server.ts", "app/shopify.server.ts"], [ROUTES, ["~/components/**"]], DOWN),
  // Components: UI only; what they show comes from the route's loader.
  layer(
    ["app/components/**"],
    [ROUTES, HTTP, WIRING, WORKFLOWS, MODELS, PLATFORM_CLIENTS, JOB_QUEUE, SERVER_ONLY],
    "components render what the route's loader gives them (no server modules)",
  ),
  // Only the environment module reads process.env.
  {
    files: ["app/**"],
    ignores: ["app/env.server.ts"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "read the environment through app/env.server.ts" },
      ],
    },
  },
);
