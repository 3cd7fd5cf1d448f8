// The app backend the extension calls. Set APP_URL to the app's URL (shopify.app.toml's
// application_url) when deploying; `shopify app dev` serves it from the tunnel.
export const APP_URL = "https://retention.example.com";

export interface LoyaltyProfile {
  loggedIn: boolean;
  points: { available: number; pending: number } | null;
  tier: string | null;
  /** The benefits the merchant wrote for the member's tier (absent from older apps). */
  tierBenefits?: string | null;
  rewards: { id: string; title: string; points: number }[];
  referralUrl: string | null;
}

/** GET the shopper's loyalty profile with the extension's session token (verified by the app). */
export async function fetchProfile(
  getToken: () => Promise<string>,
  fetchImpl: typeof fetch = fetch,
): Promise<LoyaltyProfile> {
  const res = await fetchImpl(`${APP_URL}/api/customer-account/loyalty`, {
    headers: { Authorization: `Bearer ${await getToken()}` },
  });
  const body = (await res.json().catch(() => null)) as (LoyaltyProfile & { error?: string }) | null;
  if (!res.ok || !body) throw new Error(body?.error ?? `Loyalty is unavailable (HTTP ${res.status}).`);
  return body;
}
