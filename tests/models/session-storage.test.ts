// The session storage loads sessions on the raw connection: the Session it returns must be
// exactly the one @shopify/shopify-app-session-storage-prisma builds from the same row.
import { Session } from "@shopify/shopify-api";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import { describe, expect, it } from "vitest";
import { RetentionSessionStorage } from "~/models/sessions.server";
import { testDatabaseKind, useTestDb } from "../helpers/db";

const { db } = await useTestDb();

describe(`session storage (${testDatabaseKind()})`, () => {
  const ours = new RetentionSessionStorage(db);
  const prismas = new PrismaSessionStorage(db as never);

  it("loads an offline session as Prisma's storage does", async () => {
    const offline = new Session({
      id: "offline_a.myshopify.com",
      shop: "a.myshopify.com",
      state: "st",
      isOnline: false,
      scope: "read_orders,write_discounts",
      accessToken: "shpat_1",
    });
    await ours.storeSession(offline);
    const loaded = await ours.loadSession(offline.id);
    expect(loaded).toBeInstanceOf(Session);
    expect(loaded).toEqual(await prismas.loadSession(offline.id));
    expect(loaded!.toObject()).toEqual(offline.toObject());
    expect(loaded!.isActive("read_orders,write_discounts")).toBe(true);
  });

  it("loads an online session with its user, expiry and refresh token field for field", async () => {
    const online = new Session({
      id: "b.myshopify.com_9007199254740993",
      shop: "b.myshopify.com",
      state: "st",
      isOnline: true,
      scope: "read_orders",
      accessToken: "shpua_2",
      expires: new Date("2026-11-28T01:30:00.123Z"),
      refreshToken: "rt",
      refreshTokenExpires: new Date(1_795_000_000_123),
      onlineAccessInfo: {
        expires_in: 86_400,
        associated_user_scope: "read_orders",
        associated_user: {
          // eslint-disable-next-line no-loss-of-precision -- the point: an id above 2^53 as JSON.parse would see it
          id: 9_007_199_254_740_993 as never,
          first_name: "Anne",
          last_name: "de Vries",
          email: "anne@example.nl",
          email_verified: true,
          account_owner: true,
          locale: "nl",
          collaborator: false,
        },
      },
    });
    await ours.storeSession(online);
    // A user id above 2^53 is stored by Prisma as a BigInt; set it exactly, as Shopify sends it.
    await db.session.update({ where: { id: online.id }, data: { userId: 9_007_199_254_740_993n } });
    const loaded = await ours.loadSession(online.id);
    expect(loaded).toEqual(await prismas.loadSession(online.id));
    expect(loaded!.expires?.toISOString()).toBe("2026-11-28T01:30:00.123Z");
    expect(loaded!.onlineAccessInfo?.associated_user.id).toBe(Number("9007199254740993"));
    expect(loaded!.refreshTokenExpires?.getTime()).toBe(1_795_000_000_123);
  });

  it("loads nothing for an unknown id, and nothing after the session is deleted", async () => {
    expect(await ours.loadSession("offline_nobody.myshopify.com")).toBeUndefined();
    await ours.storeSession(
      new Session({
        id: "offline_c.myshopify.com",
        shop: "c.myshopify.com",
        state: "",
        isOnline: false,
        accessToken: "t",
      }),
    );
    await ours.deleteSession("offline_c.myshopify.com");
    expect(await ours.loadSession("offline_c.myshopify.com")).toBeUndefined();
  });
});
