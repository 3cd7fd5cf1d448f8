// Runs before every test file: the network is closed (only loopback is allowed) and
// console.error fails the test, so a swallowed error cannot hide behind a green run.
import { afterEach, beforeEach, vi } from "vitest";

// The fake WooCommerce stores listen on loopback: the app may reach loopback stores in tests
// only (refused in production; tests of the refusal set it to "0").
process.env.WOOCOMMERCE_ALLOW_LOOPBACK_STORES ??= "1";

const realFetch = globalThis.fetch;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
  if (!LOOPBACK.has(url.hostname)) {
    throw new Error(`Unexpected outbound request in a test: ${url.href}`);
  }
  return realFetch(input, init);
}) as typeof fetch;

let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  vi.mocked(console.error).mockRestore?.();
  if (consoleErrors.length > 0) {
    const first = consoleErrors[0].map(String).join(" ");
    throw new Error(`console.error was called during the test: ${first}`);
  }
});
