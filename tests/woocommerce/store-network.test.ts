// How the app reaches a WooCommerce store (app/platforms/woocommerce/store-network.server.ts):
// every address of the host checked as public, the connection pinned to the checked address
// (a later DNS answer is never used), the certificate verified for the host name, no redirect,
// nothing but the store's own origin, and a bounded answer. DNS is injected: no test leaves
// this machine.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  checkStoreAddress,
  createStoreFetch,
  readLimited,
  refusedAddress,
  StoreNetworkError,
  type LookupAll,
} from "~/platforms/woocommerce/store-network.server";
import { fetchConnectProof } from "~/platforms/woocommerce/store.server";
import { connectProof } from "~/core/signed-query";
import { parseEnv, storeNetworkEnv } from "~/env.server";
import { startFakeWooCommerce, type FakeWooCommerce } from "../fakes/woocommerce";

const SECRET = "ab".repeat(32);
const NONCE = "n".repeat(32);

/** A DNS that answers `answers[i]` to the i-th question (the last one ever after) and counts. */
function scriptedDns(...answers: string[][]) {
  const asked: string[] = [];
  const lookup: LookupAll = async (host) => {
    asked.push(host);
    const list = answers[Math.min(asked.length - 1, answers.length - 1)];
    return list.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
  };
  return { lookup, asked };
}

function selfSignedFor(host: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-cert-"));
  execFileSync(
    "openssl",
    ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2"].concat([
      "-subj",
      `/CN=${host}`,
      "-addext",
      `subjectAltName=DNS:${host}`,
      "-keyout",
      path.join(dir, "key.pem"),
      "-out",
      path.join(dir, "cert.pem"),
    ]),
    { stdio: "ignore" },
  );
  const pair = {
    key: fs.readFileSync(path.join(dir, "key.pem"), "utf8"),
    cert: fs.readFileSync(path.join(dir, "cert.pem"), "utf8"),
  };
  fs.rmSync(dir, { recursive: true, force: true });
  return pair;
}

const port = (fake: FakeWooCommerce) => new URL(fake.url).port;

describe("which addresses a store may have", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "linkLocal"],
    ["100.100.100.200", "carrierGradeNat"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["192.0.0.192", "reserved"],
    ["::1", "loopback"],
    ["fe80::1", "linkLocal"],
    ["fd00:ec2::254", "uniqueLocal"],
    ["::ffff:127.0.0.1", "ipv4Mapped"],
    ["64:ff9b::a00:1", "rfc6052"],
    ["2002:7f00:1::", "6to4"],
  ])("refuses %s (%s)", (address, range) => {
    expect(refusedAddress(address, false)).toBe(range);
  });

  it("allows public unicast addresses, and loopback only when the test setting allows it", () => {
    expect(refusedAddress("93.184.215.14", false)).toBeNull();
    expect(refusedAddress("2606:4700::1111", false)).toBeNull();
    expect(refusedAddress("127.0.0.1", true)).toBeNull();
    expect(refusedAddress("::ffff:127.0.0.1", true)).toBe("ipv4Mapped");
    expect(refusedAddress("10.0.0.1", true)).toBe("private");
  });

  it("refuses a name when any of its addresses is not public, and http or another port for a public one", async () => {
    const strict = (answers: string[]) => ({ allowLoopback: false, lookup: scriptedDns(answers).lookup });
    await expect(checkStoreAddress(new URL("https://shop.example.com"), strict(["93.184.215.14"]))).resolves.toEqual({
      address: "93.184.215.14",
      family: 4,
    });
    for (const answers of [["93.184.215.14", "10.0.0.1"], ["169.254.169.254"], ["::ffff:10.0.0.1"], ["127.0.0.1"]])
      await expect(checkStoreAddress(new URL("https://shop.example.com"), strict(answers))).rejects.toMatchObject({
        kind: "address",
      });
    await expect(
      checkStoreAddress(new URL("http://shop.example.com"), strict(["93.184.215.14"])),
    ).rejects.toMatchObject({ kind: "address" });
    await expect(
      checkStoreAddress(new URL("https://shop.example.com:8443"), strict(["93.184.215.14"])),
    ).rejects.toMatchObject({ kind: "address" });
    const noAnswer: LookupAll = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(
      checkStoreAddress(new URL("https://gone.example.com"), { allowLoopback: false, lookup: noAnswer }),
    ).rejects.toMatchObject({ kind: "unreachable", message: "the store could not be reached" });
  });
});

describe("a store's fetch", () => {
  let fake: FakeWooCommerce;
  beforeAll(async () => {
    fake = await startFakeWooCommerce({ pluginSecret: SECRET });
  });
  afterAll(async () => {
    await fake.close();
  });

  it("connects to the address it checked, even when the name later resolves elsewhere (DNS rebinding)", async () => {
    // GIVEN a store name whose DNS answers loopback first and a private address ever after
    const dns = scriptedDns(["127.0.0.1"], ["10.9.9.9"]);
    const storeFetch = createStoreFetch(`http://store-a.localhost:${port(fake)}`, {
      allowLoopback: true,
      lookup: dns.lookup,
    });
    // WHEN the app asks the store three times
    const before = fake.state.requests.length;
    for (let i = 0; i < 3; i++) {
      const proof = await fetchConnectProof(storeFetch, `http://store-a.localhost:${port(fake)}`, NONCE);
      expect(proof).toBe(connectProof(SECRET, NONCE));
    }
    // THEN the name was resolved once and every request reached the checked address
    expect(dns.asked).toEqual(["store-a.localhost"]);
    expect(fake.state.requests.length - before).toBe(3);
  });

  it("refuses a request to another origin than the store's", async () => {
    const storeFetch = createStoreFetch(fake.url, { allowLoopback: true });
    await expect(storeFetch(`http://127.0.0.2:${port(fake)}/wp-json/`)).rejects.toMatchObject({ kind: "address" });
    await expect(storeFetch(`https://127.0.0.1:${port(fake)}/wp-json/`)).rejects.toMatchObject({ kind: "address" });
  });

  it("does not follow a redirect", async () => {
    fake.answerProofWith({ status: 301, body: "", headers: { location: "http://169.254.169.254/" } });
    const storeFetch = createStoreFetch(fake.url, { allowLoopback: true });
    await expect(fetchConnectProof(storeFetch, fake.url, NONCE)).rejects.toMatchObject({ kind: "redirect" });
  });

  it("stops reading an answer larger than allowed", async () => {
    fake.answerProofWith({ status: 200, body: "x".repeat(100_000) });
    const storeFetch = createStoreFetch(fake.url, { allowLoopback: true });
    await expect(fetchConnectProof(storeFetch, fake.url, NONCE)).rejects.toMatchObject({ kind: "too-large" });
    const small = await storeFetch(`${fake.url}/wp-json/`);
    await expect(readLimited(small, 10)).rejects.toBeInstanceOf(StoreNetworkError);
  });

  it("names a closed port only as unreachable, with no system message", async () => {
    const closed = await startFakeWooCommerce();
    const url = closed.url;
    await closed.close();
    const storeFetch = createStoreFetch(url, { allowLoopback: true });
    const error = await storeFetch(`${url}/wp-json/`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreNetworkError);
    expect((error as Error).message).toBe("the store could not be reached");
  });
});

describe("a store over https", () => {
  let good: FakeWooCommerce;
  let wrongName: FakeWooCommerce;
  const goodCert = selfSignedFor("shop.example.com");
  const otherCert = selfSignedFor("other.example.com");
  beforeAll(async () => {
    good = await startFakeWooCommerce({ pluginSecret: SECRET, tls: goodCert });
    wrongName = await startFakeWooCommerce({ pluginSecret: SECRET, tls: otherCert });
  });
  afterAll(async () => {
    await good.close();
    await wrongName.close();
  });

  it("verifies the certificate for the store's host name while connecting to the pinned address", async () => {
    const site = `https://shop.example.com:${port(good)}`;
    const storeFetch = createStoreFetch(site, {
      allowLoopback: true,
      lookup: scriptedDns(["127.0.0.1"]).lookup,
      tls: { ca: goodCert.cert },
    });
    expect(await fetchConnectProof(storeFetch, site, NONCE)).toBe(connectProof(SECRET, NONCE));
  });

  it("refuses a certificate made out to another name", async () => {
    const site = `https://shop.example.com:${port(wrongName)}`;
    const storeFetch = createStoreFetch(site, {
      allowLoopback: true,
      lookup: scriptedDns(["127.0.0.1"]).lookup,
      tls: { ca: otherCert.cert },
    });
    await expect(fetchConnectProof(storeFetch, site, NONCE)).rejects.toMatchObject({ kind: "unreachable" });
    expect(wrongName.state.requests).toEqual([]);
  });
});

describe("WOOCOMMERCE_ALLOW_LOOPBACK_STORES", () => {
  const app = { SHOPIFY_API_KEY: "k", SHOPIFY_API_SECRET: "s", SHOPIFY_APP_URL: "https://app.example" };

  it("is off unless set, and refused when NODE_ENV=production", () => {
    expect(parseEnv({ ...app, NODE_ENV: "production" }).WOOCOMMERCE_ALLOW_LOOPBACK_STORES).toBe("0");
    expect(() => parseEnv({ ...app, NODE_ENV: "production", WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "1" })).toThrow(
      /WOOCOMMERCE_ALLOW_LOOPBACK_STORES: is for tests only/,
    );
    expect(
      parseEnv({ ...app, NODE_ENV: "test", WOOCOMMERCE_ALLOW_LOOPBACK_STORES: "1" }).WOOCOMMERCE_ALLOW_LOOPBACK_STORES,
    ).toBe("1");
  });

  it("is read by the store network policy, which refuses it in production too", () => {
    const saved = { ...process.env };
    try {
      process.env.NODE_ENV = "production";
      process.env.WOOCOMMERCE_ALLOW_LOOPBACK_STORES = "1";
      expect(() => storeNetworkEnv()).toThrow(/tests only/);
      process.env.WOOCOMMERCE_ALLOW_LOOPBACK_STORES = "0";
      expect(storeNetworkEnv()).toEqual({ allowLoopbackStores: false });
    } finally {
      process.env.NODE_ENV = saved.NODE_ENV;
      process.env.WOOCOMMERCE_ALLOW_LOOPBACK_STORES = saved.WOOCOMMERCE_ALLOW_LOOPBACK_STORES;
    }
  });
});
