// App-proxy client. Shopify forwards /apps/retention/* to the app with a signature and the
// logged-in customer's id, so the browser never sends who it is itself. The WordPress plugin's
// REST route (/wp-json/retention/v1/proxy) does the same; it needs the REST nonce (X-WP-Nonce),
// without which WordPress treats the shopper as a guest and the plugin refuses the request.
// Every call carries the page's language as `?locale=`: Shopify's proxy signs every query parameter
// and so does the plugin, so the app answers its own texts in it (one it has; else the shop's).
import type { Strings } from "./i18n";

export interface Points {
  available: number;
  pending: number;
}

export interface Reward {
  id: string;
  title: string;
  /** Points the reward costs. */
  points: number;
}

export interface Me {
  loggedIn: boolean;
  /** false: signed in but not in the program (they choose to join); absent from older apps: a member. */
  member?: boolean;
  points?: Points | null;
  tier?: string | { name: string } | null;
  rewards?: Reward[] | null;
  referralUrl?: string | null;
  incentive?: string | null;
  /** The shopper's active codes, newest first (absent from older apps). */
  codes?: { code: string; title: string | null; createdAt: string }[];
}

/** GET /api/program: the program's numbers from the merchant's settings (minor units for money). */
export interface Program {
  currency: string;
  pointsPerUnit: number;
  signupBonus: number;
  approvalDays: number;
  referral: { referrerPoints: number; friendDiscount: { type: "fixed_amount" | "percentage"; value: number } | null };
  rewards: Reward[];
  /** The tiers, with the benefits the merchant wrote for members (absent from older apps). */
  tiers?: { name: string; minSpendMinor: number; earnMultiplier: number; benefits?: string }[];
  /** A signed-in shopper's spend over the last year and the next tier, if any. */
  progress: { spendMinor: number; tier: string | null; next: { name: string; minSpendMinor: number } | null } | null;
}

export interface RedeemResult {
  code?: string;
  points?: Points;
}

/** An error whose message is fit to show the visitor. */
export class ApiError extends Error {
  constructor(
    message: string,
    /** The shop could not be reached (as opposed to answering with a refusal). */
    readonly network = false,
  ) {
    super(message);
  }
}

export function createApi(proxy: string, t: Strings, nonce = "", locale = "") {
  const query = locale ? `?locale=${encodeURIComponent(locale)}` : "";
  const base: Record<string, string> = nonce
    ? { Accept: "application/json", "X-WP-Nonce": nonce }
    : { Accept: "application/json" };
  async function call<T>(path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(proxy + path + query, {
        method: body === undefined ? "GET" : "POST",
        credentials: "same-origin",
        headers: body === undefined ? base : { ...base, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw new ApiError(t.errNetwork, true);
    }
    let data: unknown = null;
    try {
      data = await res.json();
    } catch {
      // Non-JSON (an HTML error page, say): fall through to the generic message.
    }
    const error = data && typeof data === "object" ? (data as { error?: unknown }).error : undefined;
    if (!res.ok || error) throw new ApiError(typeof error === "string" && error.trim() ? error : t.errGeneric);
    return data as T;
  }

  let me: Promise<Me> | undefined;
  let program: Promise<Program | null> | undefined;
  return {
    /** Shared by every widget on the page: one request per page load unless refreshed. */
    me(refresh = false): Promise<Me> {
      if (!me || refresh) {
        // A failed load is not cached, so the next widget or retry asks again.
        me = call<Me>("/api/me").catch((e: unknown) => {
          me = undefined;
          throw e;
        });
      }
      return me;
    },
    /** The program's numbers; null when the shop cannot say (an older app): texts then leave them out. */
    program(refresh = false): Promise<Program | null> {
      if (!program || refresh)
        program = call<Program>("/api/program")
          // Anything that is not the program's shape (an older app's answer) reads as "cannot say".
          .then((p) =>
            p && typeof p.pointsPerUnit === "number" && p.referral && typeof p.currency === "string" ? p : null,
          )
          .catch(() => {
            program = undefined; // not cached: the next widget asks again
            return null;
          });
      return program;
    },
    redeem: (rewardId: string) => call<RedeemResult>("/api/redeem", { rewardId }),
    nps: (score: number, comment: string) => call<unknown>("/api/nps", { score, comment }),
    referral: (code: string) => call<{ code: string | null }>("/api/referral", { code }),
    /** The shopper's choice to join the program: answers their member profile. */
    join: () => call<Me>("/api/join", {}),
  };
}

export type Api = ReturnType<typeof createApi>;
