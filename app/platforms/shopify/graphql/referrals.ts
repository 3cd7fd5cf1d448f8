// Admin GraphQL document for the self-referral check (../customer-emails.server.ts): both
// parties' current default e-mail address.
export const REFERRAL_PARTIES_QUERY = `#graphql
  query RetentionReferralParties($friend: ID!, $referrer: ID!) {
    friend: customer(id: $friend) {
      id
      defaultEmailAddress {
        emailAddress
      }
    }
    referrer: customer(id: $referrer) {
      id
      defaultEmailAddress {
        emailAddress
      }
    }
  }
`;
