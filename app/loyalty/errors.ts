// Typed failures of the loyalty rules: callers get a code and a sentence, never NaN and
// never a silently wrong balance.

export type LoyaltyErrorCode = "INVALID_INPUT" | "INSUFFICIENT_POINTS" | "UNKNOWN_REWARD" | "SELF_REFERRAL";

export class LoyaltyError extends Error {
  constructor(
    readonly code: LoyaltyErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule (a ledger mixing customers, a refund of another order, a bad secret, ...). */
export class LoyaltyInputError extends LoyaltyError {
  constructor(message: string) {
    super("INVALID_INPUT", message);
  }
}

/** A redemption asked for more points than are available now (pending points do not count). */
export class InsufficientPointsError extends LoyaltyError {
  constructor(
    readonly available: number,
    readonly required: number,
  ) {
    super("INSUFFICIENT_POINTS", `${required} points needed, ${available} available`);
  }
}

/** The reward id is not in the program's catalogue. */
export class UnknownRewardError extends LoyaltyError {
  constructor(readonly rewardId: string) {
    super("UNKNOWN_REWARD", `no reward "${rewardId}" in the catalogue`);
  }
}

/** A customer tried to refer themselves (same customer id, or the same normalised e-mail). */
export class SelfReferralError extends LoyaltyError {
  constructor(readonly reason: "same_customer" | "same_email") {
    super(
      "SELF_REFERRAL",
      reason === "same_customer"
        ? "a customer cannot refer themselves"
        : "the friend's e-mail address is the referrer's own",
    );
  }
}
