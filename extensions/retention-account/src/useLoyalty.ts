import { useEffect, useState } from "preact/hooks";
import { fetchProfile, type LoyaltyProfile } from "./loyalty-api";

/** The shopper's loyalty profile, fetched once with the extension's session token. */
export function useLoyalty(getToken: () => Promise<string>) {
  const [state, setState] = useState<{ profile: LoyaltyProfile | null; error: string | null }>({
    profile: null,
    error: null,
  });
  useEffect(() => {
    fetchProfile(getToken)
      .then((profile) => setState({ profile, error: null }))
      .catch((e: Error) => setState({ profile: null, error: e.message }));
  }, [getToken]);
  return state;
}
