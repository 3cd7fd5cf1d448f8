import { beforeEach, describe, expect, it } from "vitest";
import { parseSettings } from "~/models/settings";
import { saveSettingsForm } from "~/models/settings-form.server";
import { useTestDb } from "../helpers/db";

const { db } = await useTestDb();
let shopId: string;

const form = (fields: Record<string, string>) => {
  const f = new FormData();
  const base = {
    inactiveAfterDays: "60",
    activeWindowDays: "365",
    loyalMinOrders: "3",
    cacSpend: "",
    cacNewCustomers: "",
    currency: "EUR",
    timezone: "Europe/Amsterdam",
    locale: "en",
  };
  for (const [k, v] of Object.entries({ ...base, ...fields })) f.set(k, v);
  return f;
};

beforeEach(async () => {
  await db.shop.deleteMany({});
  shopId = (
    await db.shop.create({
      data: {
        platform: "shopify",
        domain: "s.myshopify.com",
        name: "S",
        currency: "EUR",
        timezone: "Europe/Amsterdam",
      },
    })
  ).id;
});

describe("settings form", () => {
  it("saves valid settings, with the CAC spend in exact minor units", async () => {
    const r = await saveSettingsForm(
      db,
      shopId,
      form({ inactiveAfterDays: "90", cacSpend: "1250,50", cacNewCustomers: "25", locale: "nl", timezone: "UTC" }),
    );
    expect(r).toEqual({ ok: true });
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(parseSettings(shop.settings)).toMatchObject({
      inactiveAfterDays: 90,
      cac: { marketingSpendMinor: 125050, newCustomers: 25 },
    });
    expect([shop.locale, shop.timezone]).toEqual(["nl", "UTC"]);
  });

  it("returns an error per invalid field and saves nothing", async () => {
    const r = await saveSettingsForm(
      db,
      shopId,
      form({ inactiveAfterDays: "0", timezone: "Mars/Olympus", currency: "euro", cacSpend: "100" }),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.inactiveAfterDays).toBe("At least 1");
    expect(r.errors.timezone).toMatch(/Unknown time zone/);
    expect(r.errors.currency).toMatch(/ISO 4217/);
    const shop = await db.shop.findUniqueOrThrow({ where: { id: shopId } });
    expect(shop.settings).toBe("{}");
  });

  it("words the field errors in Dutch for a Dutch page (the banner above them is Dutch too)", async () => {
    const r = await saveSettingsForm(
      db,
      shopId,
      form({
        inactiveAfterDays: "0",
        timezone: "Mars/Olympus",
        currency: "euro",
        cacSpend: "12.345",
        activeWindowDays: "x",
      }),
      "nl",
    );
    expect(r).toEqual({
      ok: false,
      errors: {
        inactiveAfterDays: "Minstens 1",
        activeWindowDays: "Vul een heel getal in",
        cacSpend: "Vul een bedrag in zoals 1250,00",
        currency: "Gebruik een ISO 4217-code van 3 letters, zoals EUR",
        timezone: "Onbekende tijdzone (gebruik een IANA-naam zoals Europe/Amsterdam)",
      },
    });
    const half = await saveSettingsForm(db, shopId, form({ cacSpend: "100", inactiveAfterDays: "400" }), "nl");
    expect(half).toEqual({
      ok: false,
      errors: {
        cacNewCustomers: "Vul beide CAC-velden in, of geen van beide",
        activeWindowDays: "Moet minstens de inactiviteitsdrempel zijn",
      },
    });
  });

  it("refuses half-filled CAC inputs and an active window shorter than the inactivity threshold", async () => {
    const r = await saveSettingsForm(db, shopId, form({ cacSpend: "100", inactiveAfterDays: "400" }));
    expect(r).toEqual({
      ok: false,
      errors: {
        cacNewCustomers: "Fill in both CAC fields, or neither",
        activeWindowDays: "Must be at least the inactivity threshold",
      },
    });
  });
});
