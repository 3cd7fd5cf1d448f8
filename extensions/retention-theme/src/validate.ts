// Client-side checks mirror the server's rules so a visitor sees the problem before a round trip;
// the server still validates everything.
export const MAX_COMMENT_LENGTH = 1000;

export type NpsInputError = "score" | "comment";

export function validateNps(score: unknown, comment: string): NpsInputError | null {
  if (typeof score !== "number" || !Number.isInteger(score) || score < 0 || score > 10) return "score";
  if (comment.length > MAX_COMMENT_LENGTH) return "comment";
  return null;
}

/** A proxy path must stay on the shop's own origin (e.g. "/apps/retention"). */
export function safeProxyPath(value: string | undefined, fallback = "/apps/retention"): string {
  return value && /^\/[A-Za-z0-9/_-]*$/.test(value) && !value.startsWith("//") ? value.replace(/\/+$/, "") : fallback;
}

/** A WordPress REST nonce (10 hex characters today); anything else is not sent as a header. */
export function safeNonce(value: string | undefined): string {
  return value && /^[0-9A-Za-z]{1,64}$/.test(value) ? value : "";
}

/**
 * The shopper's language tag as the page names it ("nl", "nl-NL", "de_DE"), sent to the app so its own
 * texts (default tiers and rewards, errors) come in that language; anything else is not sent.
 */
export function safeLocale(value: string | undefined): string {
  return value && /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8}){0,3}$/.test(value) ? value : "";
}
