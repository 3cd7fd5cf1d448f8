// A failed sync's stored error in the merchant's words: what failed and what to do. The raw
// error stays visible below it (support needs it), but is not the message.
export type SyncFailureKind = "access" | "keys" | "unreachable" | "rate" | "other";

export function syncFailureKind(error: string | null): SyncFailureKind {
  const e = (error ?? "").toLowerCase();
  if (/access_denied|access denied|forbidden|403|scope/.test(e)) return "access";
  if (/401|unauthori[sz]ed|consumer key|invalid signature|woocommerce_rest_cannot/.test(e)) return "keys";
  if (/enotfound|econnrefused|econnreset|etimedout|timeout|timed out|fetch failed|network|socket|certificate/.test(e))
    return "unreachable";
  if (/429|throttl|rate limit/.test(e)) return "rate";
  return "other";
}
