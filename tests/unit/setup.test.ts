import { describe, expect, it } from "vitest";
describe("test harness", () => {
  it("refuses outbound requests to hosts other than loopback", async () => {
    await expect(fetch("https://example.com/")).rejects.toThrow(/Unexpected outbound request/);
  });
});
