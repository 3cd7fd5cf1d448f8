// Shopify's customers/create and customers/update bodies (API 2025-01 and later, so 2026-10)
// carry no tags, e-mail marketing consent, order count or amount spent. A customer webhook must
// update what it does carry and keep what the bulk sync stored for the rest.
import fs from "node:fs";
import { beforeEach, describe, expect, it } from "vitest";
import { parseJsonLossless } from "~/core/lossless-json";
import { upsertCustomers } from "~/models/ingest.server";
import { customerFromGraphql } from "~/platforms/shopify/graphql-records";
import { customerFromRest } from "~/platforms/shopify/rest-payloads";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();

const documentedText = fs.readFileSync(
  "tests/fixtures/shopify/webhooks/metadata_2026-01_customers_create.json",
  "utf8",
);
/** The documented customers/create body, parsed as the app parses webhook bodies. */
const documented = () =>
  (parseJsonLossless(documentedText) as { response: Record<string, unknown> }).response as Record<string, unknown>;

const GID = "gid://shopify/Customer/706405506930370084";
let shopId: string;
beforeEach(async () => {
  await db.shop.deleteMany({});
  shopId = (
    await db.shop.create({
      data: {
        platform: "shopify",
        domain: "hook.myshopify.com",
        name: "Hook",
        currency: "USD",
        timezone: "UTC",
      },
    })
  ).id;
});

const row = (id: string) => db.customer.findUniqueOrThrow({ where: { shopId_id: { shopId, id } } });

describe(`Shopify customer webhooks (${testDatabaseKind()})`, () => {
  it("maps the documented 2026-01 body with what it lacks left unknown (undefined), not reset", () => {
    const c = customerFromRest(documented());
    expect(c).toMatchObject({ id: "706405506930370084", email: "bob@biller.com", firstName: "Bob", currency: "USD" });
    expect(c.tags).toBeUndefined();
    expect(c.marketingConsent).toBeUndefined();
    expect(c.ordersCount).toBeUndefined();
    expect(c.totalSpentMinor).toBeUndefined();
    // An older body that still carries them is read as before.
    expect(
      customerFromRest({ ...documented(), tags: "vip, nl", email_marketing_consent: { state: "subscribed" } }),
    ).toMatchObject({ tags: ["vip", "nl"], marketingConsent: "granted" });
  });

  it("keeps the synced tags, consent, order count and amount spent when customers/update changes the name", async () => {
    // GIVEN the customer as the bulk sync stored it (GraphQL carries all of it)
    await upsertCustomers(db, shopId, [
      customerFromGraphql({
        id: GID,
        firstName: "Bob",
        lastName: "Biller",
        createdAt: "2021-12-31T19:00:00-05:00",
        updatedAt: "2022-01-01T00:00:00Z",
        numberOfOrders: "3",
        amountSpent: { amount: "120.50", currencyCode: "USD" },
        tags: ["vip", "wholesale"],
        defaultEmailAddress: { emailAddress: "bob@biller.com", marketingState: "SUBSCRIBED" },
      }),
    ]);
    // WHEN a later customers/update arrives with a new name and e-mail
    const update = {
      ...documented(),
      first_name: "Robert",
      email: "rob@biller.com",
      updated_at: "2022-02-01T00:00:00Z",
    };
    await upsertCustomers(db, shopId, [customerFromRest(update)]);
    // THEN what the body carries is new, and what it lacks is what the sync stored
    expect(await row("706405506930370084")).toMatchObject({
      firstName: "Robert",
      email: "rob@biller.com",
      tags: "vip,wholesale",
      marketingConsent: "granted",
      ordersCount: 3,
      totalSpentMinor: 12050n,
      currency: "USD",
    });
  });

  it("creates a customer first seen by webhook with the defaults, in the same batch as a full record", async () => {
    const fromWebhook = customerFromRest(documented());
    const fromSync = customerFromGraphql({
      id: "gid://shopify/Customer/42",
      firstName: "Anna",
      numberOfOrders: 1,
      amountSpent: { amount: "10.00", currencyCode: "USD" },
      tags: ["nl"],
      defaultEmailAddress: { emailAddress: "anna@example.nl", marketingState: "UNSUBSCRIBED" },
    });
    const result = await upsertCustomers(db, shopId, [fromWebhook, fromSync]);
    expect(result).toEqual({ written: 2, skippedStale: 0, rejected: [] });
    expect(await row("706405506930370084")).toMatchObject({
      email: "bob@biller.com",
      tags: "",
      marketingConsent: "unknown",
      ordersCount: 0,
      totalSpentMinor: 0n,
    });
    expect(await row("42")).toMatchObject({
      tags: "nl",
      marketingConsent: "denied",
      ordersCount: 1,
      totalSpentMinor: 1000n,
    });
  });
});
