import { defineConfig } from "vitest/config";
import tsconfigPaths from "vite-tsconfig-paths";

// Browser tests: one demo app server (built and seeded once) and Debian's Chromium.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/e2e/**/*.e2e.test.ts"],
    globalSetup: ["tests/e2e/global-setup.ts", "tests/setup/wordpress.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 240_000,
    // A page on a loaded machine can take seconds to settle: polls wait up to 15 s (a poll still fails on a wrong value).
    expect: { poll: { timeout: 15_000, interval: 100 } },
  },
});
