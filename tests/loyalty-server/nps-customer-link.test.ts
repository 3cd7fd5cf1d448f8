// A WooCommerce shopper's NPS answer is tied to their customer when they answer, not at the next
// analytics run: the NPS report (the NPS page's data) names the customer at once. Known by the
// signed-in account, by the order the survey followed, or by that guest order's e-mail when it is a
// registered customer's (a registered customer who checked out as a guest). Through the plugin's
// signed proxy, as the storefront sends it.
import { beforeEach, describe, expect, it } from "vitest";
import { useAppEnv } from "../helpers/app-env";
import { callRoute } from "../helpers/app-proxy";
import { newPluginSecret, signedRequest } from "../woocommerce/plugin";

const { db } = await useAppEnv();
const npsRoute = await import("~/routes/proxy.api.nps");
const { completeWooConnect } = await import("~/models/woocommerce-connection.server");
const { appSecretKey } = await import("~/crypto/app-key.server");
const { npsReport } = await import("~/models/nps-report.server");
const { refreshAnalyticsSnapshot } = await import("~/models/analytics-snapshot.server");

let secret: string;
let shopId: string;

beforeEach(async () => {
  await db.shop.deleteMany({});
  secret = newPluginSecret();
  ({ shopId } = await completeWooConnect(
    db,
    appSecretKey(),
    { siteUrl: "https://nps-store.example.com", pluginSecret: secret, pluginVersion: "1.0.0" },
    { keyId: "3", consumerKey: "ck_nps", consumerSecret: "cs_nps", permissions: "read_write" },
    { name: "NPS Store", currency: "EUR", timezone: "Europe/Amsterdam" },
  ));
  // Registered customers, as the customer webhooks store them.
  await db.customer.createMany({
    data: [
      { shopId, id: "woo-7", email: "anna@example.com", firstName: "Anna", lastName: "de Vries" },
      { shopId, id: "woo-8", email: "bram@example.com", firstName: "Bram", lastName: "Jansen" },
    ],
  });
});

const order = (id: string, customerId: string | null, email: string) =>
  db.order.create({
    data: {
      shopId,
      id,
      name: `#${id}`,
      customerId,
      email,
      currency: "EUR",
      totalMinor: 3000n,
      netPaidMinor: 3000n,
      financialStatus: "paid",
      processedAt: new Date(Date.now() - 86_400_000),
    },
  });

/** POST /proxy/api/nps as the plugin forwards it: the WordPress user (or a guest) and the shopper's address. */
const answer = async (body: Record<string, unknown>, wpUser: string) => {
  const raw = JSON.stringify(body);
  const req = signedRequest("/proxy/api/nps", {
    secret,
    params: { shop: shopId, logged_in_customer_id: wpUser, path_prefix: "/wp-json/retention/v1/proxy" },
    body: raw,
  });
  const res = (await callRoute(npsRoute.action, req)) as Response;
  expect(res.status).toBe(200);
};

const report = () => npsReport(db, shopId, "Europe/Amsterdam", new Date());

describe("NPS answers tied to the WooCommerce customer when they answer", () => {
  it("a signed-in customer's answer names them on the NPS report at once, and links their page after the analysis", async () => {
    await order("woo-100", "woo-7", "anna@example.com");
    await answer({ score: 3, comment: "Slow delivery" }, "7");
    expect(await db.surveyAnswer.findMany({ where: { shopId }, select: { customerId: true } })).toEqual([
      { customerId: "woo-7" },
    ]);
    const before = await report();
    expect(before.detractors).toEqual([
      expect.objectContaining({
        identified: true,
        name: "Anna de Vries",
        email: "anna@example.com",
        customerKey: null, // no customer page before the analysis has the customer
        comment: "Slow delivery",
      }),
    ]);
    await refreshAnalyticsSnapshot(db, shopId, new Date());
    const after = await report();
    expect(after.detractors[0]).toMatchObject({ customerKey: "c:woo-7", name: "Anna de Vries" });
    expect(after.linked).toBe(1);
  });

  it("a guest answer on a registered customer's guest order is tied to that customer by the order's e-mail", async () => {
    await order("woo-200", null, "bram@example.com");
    await answer({ score: 2, orderId: "200" }, "");
    expect(await db.surveyAnswer.findMany({ where: { shopId }, select: { customerId: true, orderId: true } })).toEqual([
      { customerId: "woo-8", orderId: "woo-200" },
    ]);
    expect((await report()).detractors[0]).toMatchObject({
      identified: true,
      name: "Bram Jansen",
      email: "bram@example.com",
    });
    // With only guest orders Bram is in the analysis by his e-mail: the answer links to that page.
    await refreshAnalyticsSnapshot(db, shopId, new Date());
    const guestOnly = await report();
    expect(guestOnly.detractors[0]).toMatchObject({ customerKey: "e:bram@example.com", name: "Bram Jansen" });
    expect(guestOnly.linked).toBe(1);
    // Once he also orders signed in, the analysis joins his guest order to his account, and so does the answer.
    await order("woo-201", "woo-8", "bram@example.com");
    await refreshAnalyticsSnapshot(db, shopId, new Date());
    const account = await report();
    expect(account.detractors[0]).toMatchObject({ customerKey: "c:woo-8", name: "Bram Jansen" });
    expect(account.linked).toBe(1);
  });

  it("a guest order whose e-mail is nobody's account stays a guest known by e-mail", async () => {
    await order("woo-300", null, "someone@example.com");
    await answer({ score: 1, orderId: "300" }, "");
    expect(await db.surveyAnswer.findMany({ where: { shopId }, select: { customerId: true } })).toEqual([
      { customerId: null },
    ]);
    expect((await report()).detractors[0]).toMatchObject({
      identified: true,
      name: null,
      email: "someone@example.com",
    });
  });
});
