// Referral links (…/?ref=CODE): the code is kept in this browser until the visitor is signed
// in, then claimed once through the app proxy, which checks it (no self-referral) and answers
// with the friend's first-order discount code.
import { ApiError, type Api } from "./api";

export const REFERRAL_KEY = "retention_ref";
const CODE = /^[0-9A-Za-z-]{4,40}$/;

type Store = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Remembers a well-formed ?ref= code from the address; anything else is ignored. */
export function captureReferral(search: string, store: Store) {
  const code = new URLSearchParams(search).get("ref");
  if (code && CODE.test(code)) store.setItem(REFERRAL_KEY, code);
}

/**
 * Claims a remembered code for a signed-in shopper. The code is forgotten once the shop has
 * answered (claimed, or refused with a reason); a network failure keeps it for the next page.
 * Returns the friend's discount code to show, if any.
 */
export async function claimReferral(api: Pick<Api, "me" | "referral">, store: Store): Promise<string | null> {
  const code = store.getItem(REFERRAL_KEY);
  if (!code) return null;
  const me = await api.me().catch(() => null);
  if (!me?.loggedIn) return null;
  try {
    const result = await api.referral(code);
    store.removeItem(REFERRAL_KEY);
    return result.code;
  } catch (e) {
    if (e instanceof ApiError && !e.network) store.removeItem(REFERRAL_KEY);
    return null;
  }
}
