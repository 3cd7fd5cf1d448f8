// Lint: typescript-eslint and react-hooks on the app, its tests, scripts and extensions.
// The layer rules (which folder may import which) come with the architecture map in the README.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

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
);
