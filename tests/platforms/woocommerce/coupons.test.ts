// The coupon body the app sends to POST /wc/v3/coupons for each kind of reward (amounts from
// integer minor units, by hand), and which failures may have left a coupon behind.
import { describe, expect, it } from "vitest";
import { createWooCoupon, wooCouponBody, type WooCouponSpec } from "~/platforms/woocommerce/coupons.server";
import { WooApiError, type WooClient } from "~/platforms/woocommerce/rest-client.server";
import { StoreNetworkError } from "~/platforms/woocommerce/store-network.server";

const spec = (over: Partial<WooCouponSpec> = {}): WooCouponSpec => ({
  code: "RW-ABCDEFGHJK",
  description: "€5 off (loyalty reward)",
  email: " Anna.Jansen@Example.com ",
  type: "fixed_amount",
  value: 500,
  currency: "EUR",
  minimumOrderMinor: 0,
  combinesWithOtherCoupons: false,
  expiresAt: new Date("2027-03-02T10:00:00.000Z"),
  ...over,
});

describe("wooCouponBody", () => {
  it("a fixed amount: fixed_cart in the currency's decimals, restricted to the lower-cased address, single use, expiring in UTC", () => {
    expect(wooCouponBody(spec({ value: 1234 }))).toEqual({
      code: "RW-ABCDEFGHJK",
      description: "€5 off (loyalty reward)",
      discount_type: "fixed_cart",
      amount: "12.34",
      free_shipping: false,
      email_restrictions: ["anna.jansen@example.com"],
      usage_limit: 1,
      usage_limit_per_user: 1,
      individual_use: true,
      date_expires: "2027-03-02T10:00:00Z",
    });
    expect(wooCouponBody(spec({ value: 500, currency: "JPY" })).amount).toBe("500");
  });

  it("a percentage that combines with other coupons, with a minimum order; free shipping as a 0 coupon", () => {
    expect(
      wooCouponBody(spec({ type: "percentage", value: 12.5, minimumOrderMinor: 2000, combinesWithOtherCoupons: true })),
    ).toMatchObject({ discount_type: "percent", amount: "12.5", individual_use: false, minimum_amount: "20.00" });
    expect(wooCouponBody(spec({ type: "free_shipping", value: 0 }))).toMatchObject({
      discount_type: "fixed_cart",
      amount: "0",
      free_shipping: true,
    });
  });
});

describe("createWooCoupon failures", () => {
  const failing = (e: unknown): WooClient => ({ request: () => Promise.reject(e) }) as unknown as WooClient;
  it("a refusal by WooCommerce (4xx, keys) made no coupon; a 5xx, a timeout or a lost connection may have", async () => {
    const cases: [unknown, boolean][] = [
      [new WooApiError("HTTP 400 woocommerce_rest_coupon_code_already_exists", "http", 400), false],
      [new WooApiError("refused the REST API keys", "auth", 401), false],
      [new WooApiError("HTTP 502", "http", 502), true],
      [new StoreNetworkError("unreachable"), true],
      [new StoreNetworkError("address"), false],
      [Object.assign(new Error("timed out"), { name: "TimeoutError" }), true],
    ];
    for (const [error, maybeCreated] of cases)
      expect(await createWooCoupon(failing(error), spec())).toMatchObject({ ok: false, maybeCreated });
  });
});
