// The app backend the extension calls. Set APP_URL to the app's URL (shopify.app.toml's
// application_url) when deploying; `shopify app dev` serves it from the tunnel.
// Every call carries the extension's session token (the app verifies it and takes the shop and the
// customer from it) and the buyer's language as ?locale= (only a language choice).
export const APP_URL = "https://retention.example.com";

export interface LoyaltyProfile {
  loggedIn: boolean;
  /** false: signed in but not in the program; they join with the Join button (absent from older apps: a member). */
  member?: boolean;
  points: { available: number; pending: number } | null;
  tier: string | null;
  /** The benefits the merchant wrote for the member's tier (absent from older apps). */
  tierBenefits?: string | null;
  rewards: { id: string; title: string; points: number }[];
  referralUrl: string | null;
  /** What joining brings ("Join and get 50 points straight away."), for a shopper who has not joined. */
  incentive?: string | null;
}

const endpoint = (locale: string) =>
  `${APP_URL}/api/customer-account/loyalty${locale ? `?locale=${encodeURIComponent(locale)}` : ""}`;

async function call(
  getToken: () => Promise<string>,
  fetchImpl: typeof fetch,
  locale: string,
  join: boolean,
): Promise<LoyaltyProfile> {
  const headers: Record<string, string> = { Authorization: `Bearer ${await getToken()}` };
  const res = await fetchImpl(
    endpoint(locale),
    join
      ? { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: '{"join":true}' }
      : { headers },
  );
  const body = (await res.json().catch(() => null)) as (LoyaltyProfile & { error?: string }) | null;
  if (!res.ok || !body) throw new Error(body?.error ?? `Loyalty is unavailable (HTTP ${res.status}).`);
  return body;
}

/** GET the shopper's loyalty profile. Reading never enrols anyone. */
export const fetchProfile = (getToken: () => Promise<string>, fetchImpl: typeof fetch = fetch, locale = "") =>
  call(getToken, fetchImpl, locale, false);

/** POST the shopper's choice to join the program; answers their member profile. */
export const joinProgram = (getToken: () => Promise<string>, fetchImpl: typeof fetch = fetch, locale = "") =>
  call(getToken, fetchImpl, locale, true);
