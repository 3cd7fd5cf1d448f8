import { useCallback, useEffect, useState } from "preact/hooks";
import { fetchProfile, joinProgram, type LoyaltyProfile } from "./loyalty-api";

/**
 * The shopper's loyalty profile, fetched once with the extension's session token, and `join`, the
 * shopper's explicit choice to join (the profile then becomes the member's).
 */
export function useLoyalty(getToken: () => Promise<string>, locale: string) {
  const [state, setState] = useState<{ profile: LoyaltyProfile | null; error: string | null; joining: boolean }>({
    profile: null,
    error: null,
    joining: false,
  });
  useEffect(() => {
    fetchProfile(getToken, fetch, locale)
      .then((profile) => setState({ profile, error: null, joining: false }))
      .catch((e: Error) => setState({ profile: null, error: e.message, joining: false }));
  }, [getToken, locale]);
  const join = useCallback(() => {
    setState((s) => ({ ...s, error: null, joining: true }));
    joinProgram(getToken, fetch, locale)
      .then((profile) => setState({ profile, error: null, joining: false }))
      .catch((e: Error) => setState((s) => ({ ...s, error: e.message, joining: false })));
  }, [getToken, locale]);
  return { ...state, join };
}
