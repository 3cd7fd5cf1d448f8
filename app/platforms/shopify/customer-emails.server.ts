// The current e-mail address of the two parties of a referral, as Shopify holds it now: the
// app's own copy may be older (an account opened before customers/create arrived, or an address
// changed since), and a self-referral check on a stale copy lets a "+tag" twin through.
import { adminQuery, type AdminGraphql } from "./admin-graphql.server";
import { REFERRAL_PARTIES_QUERY } from "./graphql/referrals";

type Party = { id: string; defaultEmailAddress: { emailAddress: string | null } | null } | null;

const gid = (id: string) => (id.startsWith("gid://") ? id : `gid://shopify/Customer/${id}`);

/**
 * Both parties' e-mail addresses now (null: the customer has none); `exists` false when Shopify
 * does not know the customer. Throws AdminApiError when Shopify cannot answer.
 */
export async function fetchReferralParties(graphql: AdminGraphql, friendId: string, referrerId: string) {
  const { data } = await adminQuery<{ friend: Party; referrer: Party }>(graphql, REFERRAL_PARTIES_QUERY, {
    variables: { friend: gid(friendId), referrer: gid(referrerId) },
    maxAttempts: 3,
    timeoutMs: 10_000,
  });
  const read = (p: Party) => ({ exists: p !== null, email: p?.defaultEmailAddress?.emailAddress ?? null });
  return { friend: read(data.friend), referrer: read(data.referrer) };
}
