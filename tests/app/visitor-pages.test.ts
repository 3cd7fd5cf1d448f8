// The pages a visitor sees before signing in (landing, login, the old WooCommerce connect link)
// speak the browser's language: Dutch for a Dutch browser or ?locale=nl, English otherwise, with
// every sentence from the dictionaries (app/i18n/ux.*.ts).
import { describe, expect, it } from "vitest";
import { TEST_APP_URL, useAppEnv } from "../helpers/app-env";

await useAppEnv();
const landing = await import("~/routes/_index/route");
const loginPage = await import("~/routes/auth.login/route");
const oldConnect = await import("~/routes/woocommerce.connect");
const { translate } = await import("~/i18n");
const { visitorLocale } = await import("~/http/visitor-locale.server");

const request = (path: string, language?: string) =>
  new Request(`${TEST_APP_URL}${path}`, { headers: language ? { "accept-language": language } : {} });
const args = (r: Request) => ({ request: r, params: {}, context: {} });

describe("pages before sign-in", () => {
  it("take the language from ?locale=, else the browser's first choice, else English", () => {
    expect(visitorLocale(request("/", "nl-NL,nl;q=0.9,en;q=0.8"))).toBe("nl");
    expect(visitorLocale(request("/", "en-GB,nl;q=0.5"))).toBe("en");
    expect(visitorLocale(request("/?locale=nl", "en-US"))).toBe("nl");
    expect(visitorLocale(request("/", "de-DE"))).toBe("en");
    expect(visitorLocale(request("/"))).toBe("en");
  });

  it("the landing and login pages give their component the Dutch locale for a Dutch browser", async () => {
    expect(await landing.loader(args(request("/", "nl-NL")))).toMatchObject({ locale: "nl" });
    expect(await loginPage.loader(args(request("/auth/login", "nl-NL")))).toMatchObject({ locale: "nl" });
  });

  it("the login page words Shopify's 'invalid shop' error in the visitor's language", async () => {
    const post = (language: string) =>
      new Request(`${TEST_APP_URL}/auth/login`, {
        method: "POST",
        headers: { "accept-language": language },
        body: new URLSearchParams({ shop: "not a shop!" }),
      });
    expect(await loginPage.action(args(post("nl")))).toEqual({
      locale: "nl",
      error: translate("nl", "login.error.invalidShop"),
    });
    expect(await loginPage.action(args(post("en")))).toEqual({
      locale: "en",
      error: "Please enter a valid shop domain to log in",
    });
  });

  it("the old WooCommerce connect link answers 410 in Dutch to a Dutch browser, in English otherwise", async () => {
    const nl = (await oldConnect.loader(args(request("/woocommerce/connect?store=x", "nl")))) as Response;
    expect(nl.status).toBe(410);
    expect(await nl.text()).toBe(translate("nl", "woocommerce.connect.gone"));
    const en = (await oldConnect.loader(args(request("/woocommerce/connect?store=x")))) as Response;
    expect(await en.text()).toMatch(/^Connect your WooCommerce store from WordPress/);
  });
});
