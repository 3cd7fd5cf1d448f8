import { useApi } from "@shopify/ui-extensions-react/customer-account";
import { useEffect, useState } from "react";
import { fetchProfile, type LoyaltyProfile } from "./loyalty-api";

export function useLoyalty() {
  const { sessionToken } = useApi();
  const [state, setState] = useState<{ profile: LoyaltyProfile | null; error: string | null }>({
    profile: null,
    error: null,
  });
  useEffect(() => {
    fetchProfile(() => sessionToken.get())
      .then((profile) => setState({ profile, error: null }))
      .catch((e: Error) => setState({ profile: null, error: e.message }));
  }, [sessionToken]);
  return state;
}
