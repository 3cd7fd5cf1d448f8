// The only way the app reaches a WooCommerce store. A store's address comes from outside (the
// plugin's connect request names it), so without care the app could be made to fetch its own
// loopback, the private network or a cloud metadata service. Here:
// - the host is resolved once (every address), and every address must be public: loopback,
//   private, link-local (169.254.169.254 metadata), CGNAT, unique-local, multicast, reserved,
//   IPv4-mapped/translated IPv6 (::ffff:, 64:ff9b::, 6to4, Teredo) and the like are refused;
// - the connection is then made to exactly the address that was checked (the socket's DNS
//   lookup answers with it), so a second, different DNS answer (rebinding) is never used; TLS
//   still verifies the certificate for the host name;
// - https on the default port only, no redirect followed, every request to the same origin;
// - errors name the problem class only, never what the store answered.
// WOOCOMMERCE_ALLOW_LOOPBACK_STORES=1 (tests only; refused in production) additionally lets a
// store live on loopback, over http as well: the fake WooCommerce and the WordPress test stack.
import dns from "node:dns";
import type { LookupAddress } from "node:dns";
import ipaddr from "ipaddr.js";
import { Agent, fetch as undiciFetch } from "undici";
import { storeNetworkEnv } from "~/env.server";

export type StoreNetworkProblem =
  | "address" // not https on a public host (before or after resolving it)
  | "unreachable" // DNS failure, refused, reset, timed out, TLS failure
  | "redirect" // the store answered with a redirect
  | "too-large"; // the answer exceeded the size allowed for it

const MESSAGES: Record<StoreNetworkProblem, string> = {
  address: "the store's address is not an https address on a public host",
  unreachable: "the store could not be reached",
  redirect: "the store answered with a redirect",
  "too-large": "the store's answer was too large",
};

export class StoreNetworkError extends Error {
  readonly code = "WOOCOMMERCE_STORE_NETWORK";
  constructor(readonly kind: StoreNetworkProblem) {
    super(MESSAGES[kind]);
  }
}

export type LookupAll = (host: string) => Promise<{ address: string; family: number }[]>;

export interface StoreNetworkPolicy {
  /** Loopback stores (and http to them): tests and local development only. */
  allowLoopback: boolean;
  /** DNS resolution (all addresses); injectable for tests. */
  lookup?: LookupAll;
  /** Extra TLS options for the connection (a test's own CA); the host name is always verified. */
  tls?: { ca?: string | Buffer };
}

/** The policy of this process: public stores only unless WOOCOMMERCE_ALLOW_LOOPBACK_STORES=1 (never in production). */
export function defaultStorePolicy(): StoreNetworkPolicy {
  return { allowLoopback: storeNetworkEnv().allowLoopbackStores };
}

const systemLookup: LookupAll = async (host) =>
  (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a: LookupAddress) => ({
    address: a.address,
    family: a.family,
  }));

/** Why `address` may not be connected to, or null when it may (a public unicast address). */
export function refusedAddress(address: string, allowLoopback: boolean): string | null {
  if (!ipaddr.isValid(address)) return "not an IP address";
  const parsed = ipaddr.parse(address);
  const range = parsed.range();
  if (range === "unicast") return null;
  if (range === "loopback" && allowLoopback) return null;
  return range;
}

/** `host` as the URL parser gives it ("[::1]" for IPv6): without the brackets. */
const bareHost = (hostname: string) => hostname.replace(/^\[(.*)\]$/, "$1");

/**
 * A public store: https on the default port only (another port would let the app probe other
 * services on a host). A store whose every address is loopback, under the test setting: http or
 * https on any port.
 */
function checkUrlShape(url: URL, loopbackStore: boolean): void {
  if (url.username || url.password) throw new StoreNetworkError("address");
  if (loopbackStore) {
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new StoreNetworkError("address");
    return;
  }
  if (url.protocol !== "https:" || (url.port !== "" && url.port !== "443")) throw new StoreNetworkError("address");
}

export interface CheckedAddress {
  address: string;
  family: 4 | 6;
}

/**
 * Resolves the URL's host and checks every address it has. Returns the address to connect to;
 * throws StoreNetworkError "address" (a refused address or shape) or "unreachable" (no DNS answer).
 */
export async function checkStoreAddress(url: URL, policy: StoreNetworkPolicy): Promise<CheckedAddress> {
  if (url.username || url.password) throw new StoreNetworkError("address");
  const host = bareHost(url.hostname);
  let addresses: { address: string; family: number }[];
  try {
    addresses = ipaddr.isValid(host)
      ? [{ address: host, family: ipaddr.parse(host).kind() === "ipv6" ? 6 : 4 }]
      : await (policy.lookup ?? systemLookup)(host);
  } catch {
    throw new StoreNetworkError("unreachable");
  }
  if (addresses.length === 0) throw new StoreNetworkError("unreachable");
  // Every address must pass: a name that also resolves to a private address is refused
  // outright rather than hoping the public one is picked.
  if (addresses.some((a) => refusedAddress(a.address, policy.allowLoopback) !== null))
    throw new StoreNetworkError("address");
  checkUrlShape(url, policy.allowLoopback && addresses.every((a) => ipaddr.parse(a.address).range() === "loopback"));
  const [first] = addresses;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** What the REST client needs of an answer (undici's Response, like the global fetch's). */
export interface StoreResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  readonly body: { cancel(): Promise<void> } | null;
  text(): Promise<string>;
}

export interface StoreRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type StoreFetch = (url: URL | string, init?: StoreRequestInit) => Promise<StoreResponse>;

/**
 * A fetch bound to one store (`siteUrl`'s origin): the first request resolves and checks the
 * host, and every request of this fetch connects to that checked address. Requests to another
 * origin, redirects and any network failure throw StoreNetworkError.
 */
export function createStoreFetch(siteUrl: string, policy: StoreNetworkPolicy = defaultStorePolicy()): StoreFetch {
  const origin = new URL(siteUrl).origin;
  let pinned: Promise<Agent> | null = null;

  const agentFor = async (url: URL) => {
    const { address, family } = await checkStoreAddress(url, policy);
    return new Agent({
      connect: {
        ...policy.tls,
        // net/tls call this instead of DNS: the socket goes to the checked address, whatever
        // the name resolves to now. (With autoSelectFamily Node asks for all addresses.)
        lookup: (_hostname, options, callback) => {
          if ((options as { all?: boolean }).all) callback(null, [{ address, family }]);
          else (callback as (e: null, a: string, f: number) => void)(null, address, family);
        },
        timeout: 15_000,
      },
      connections: 4, // a sync reads page after page; a few sockets are plenty
    });
  };

  return async (input, init = {}) => {
    const url = new URL(input);
    if (url.origin !== origin) throw new StoreNetworkError("address");
    pinned ??= agentFor(url);
    let agent: Agent;
    try {
      agent = await pinned;
    } catch (e) {
      pinned = null; // a later request checks again (the store may have been down)
      throw e;
    }
    let response: Awaited<ReturnType<typeof undiciFetch>>;
    try {
      response = await undiciFetch(url, {
        method: init.method ?? "GET",
        headers: init.headers,
        body: init.body,
        signal: init.signal,
        redirect: "manual",
        dispatcher: agent,
      });
    } catch (e) {
      // The caller's timeout stays a timeout (the REST client retries on it); every other
      // failure is "unreachable", without the system's message (which can tell open from
      // closed ports).
      if (e instanceof Error && (e.name === "TimeoutError" || e.name === "AbortError")) throw e;
      throw new StoreNetworkError("unreachable");
    }
    if (response.status >= 300 && response.status < 400) {
      await response.body?.cancel();
      throw new StoreNetworkError("redirect");
    }
    return response as unknown as StoreResponse;
  };
}

/** The answer's text, at most `maxBytes` (a longer one throws "too-large" without reading on). */
export async function readLimited(response: StoreResponse, maxBytes: number): Promise<string> {
  const stream = (response as unknown as { body: ReadableStream<Uint8Array> | null }).body;
  if (!stream) return "";
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new StoreNetworkError("too-large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}
