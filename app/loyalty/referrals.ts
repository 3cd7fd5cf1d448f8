// Referral codes and the referrer's reward.
//
// A code is the first 50 bits of HMAC-SHA256(shop secret, "loyalty-referral:v1:" + customer
// id) in Crockford base32: 10 characters from 0-9 A-Z without I, L, O, U — URL-safe, easy to
// read aloud, the same every time for the same customer, and impossible to derive for
// another customer without the secret. The code does not contain the customer id: the
// database stores each account's code (unique index) and looks it up. 50 bits make a
// collision unlikely below tens of millions of customers per shop; the unique index is the
// backstop.
//
// Self-referral is refused for the same customer id or the same normalised e-mail
// (see `referralEmailKey`).
import { createHmac, timingSafeEqual } from "node:crypto";
import { LoyaltyInputError, SelfReferralError } from "./errors";
import type { LedgerEntry } from "./ledger";
import { addDays, byTimeThenId, isCancelled, isFullyRefunded, isPaid, type LoyaltyOrder } from "./orders";
import type { LoyaltyProgram } from "./program";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford base32
export const REFERRAL_CODE_LENGTH = 10;
const MIN_SECRET_LENGTH = 16;

function mac(shopSecret: string, customerId: string): Buffer {
  if (typeof shopSecret !== "string" || shopSecret.length < MIN_SECRET_LENGTH) {
    throw new LoyaltyInputError(`the shop secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (!customerId) throw new LoyaltyInputError("customerId is required");
  return createHmac("sha256", shopSecret).update(`loyalty-referral:v1:${customerId}`).digest();
}

/** The customer's referral code: 10 Crockford base32 characters, deterministic per (secret, customer). */
export function referralCode(shopSecret: string, customerId: string): string {
  const digest = mac(shopSecret, customerId);
  let bits = 0n;
  for (let i = 0; i < 7; i++) bits = (bits << 8n) | BigInt(digest[i]); // 56 bits, keep the top 50
  bits >>= 6n;
  let out = "";
  for (let i = REFERRAL_CODE_LENGTH - 1; i >= 0; i--) out += ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return out;
}

/**
 * What a customer typed or a link carried, as a canonical code, or null if it cannot be one.
 * Case-insensitive; spaces and hyphens are ignored; O reads as 0, I and L as 1 (Crockford).
 */
export function parseReferralCode(input: string | null | undefined): string | null {
  if (typeof input !== "string") return null;
  const s = input.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");
  if (s.length !== REFERRAL_CODE_LENGTH) return null;
  for (const ch of s) if (!ALPHABET.includes(ch)) return null;
  return s;
}

/** True when `code` (in any accepted spelling) is this customer's code. Constant-time comparison. */
export function verifyReferralCode(shopSecret: string, code: string | null | undefined, customerId: string): boolean {
  const parsed = parseReferralCode(code);
  if (!parsed) return false;
  const expected = Buffer.from(referralCode(shopSecret, customerId));
  return timingSafeEqual(Buffer.from(parsed), expected);
}

/**
 * The form of an e-mail address used to spot self-referral (not for sending mail):
 * trimmed and lower-cased; the "+tag" of the local part removed for every domain
 * (sub-addressing, RFC 5233, is offered by Gmail, Outlook, iCloud, Fastmail, Proton...);
 * for gmail.com / googlemail.com also the dots of the local part removed and the domain
 * made gmail.com, since Gmail ignores them. Null for an empty address.
 * A stricter rule only refuses a referral between two addresses that differ by a +tag;
 * it never merges accounts.
 */
export function referralEmailKey(email: string | null | undefined): string | null {
  const e = email?.trim().toLowerCase();
  if (!e) return null;
  const at = e.lastIndexOf("@");
  if (at <= 0 || at === e.length - 1) return e;
  let local = e.slice(0, at);
  let domain = e.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (domain === "gmail.com" || domain === "googlemail.com") {
    domain = "gmail.com";
    local = local.replace(/\./g, "");
  }
  return `${local}@${domain}`;
}

export interface ReferralParty {
  customerId: string | null; // null: the friend has no account yet
  email: string | null;
}

/** Throws SelfReferralError when the friend is the referrer (same customer id or same referralEmailKey). */
export function checkReferral({ referrer, friend }: { referrer: ReferralParty; friend: ReferralParty }): void {
  if (!referrer.customerId) throw new LoyaltyInputError("the referrer must have an account");
  if (friend.customerId !== null && friend.customerId === referrer.customerId)
    throw new SelfReferralError("same_customer");
  const a = referralEmailKey(referrer.email);
  if (a !== null && a === referralEmailKey(friend.email)) throw new SelfReferralError("same_email");
}

export const referralKey = (friendCustomerId: string) => `referral:${friendCustomerId}`;
export const referralReversalKey = (friendCustomerId: string) => `referral:${friendCustomerId}:reverse`;

export interface ReferralRewardInput {
  referrer: ReferralParty;
  friend: ReferralParty & { customerId: string };
  /** The friend's orders as known now (others' orders are ignored). */
  friendOrders: readonly LoyaltyOrder[];
  program: LoyaltyProgram;
  now: Date;
  /** When the friend used the code; a friend who had already bought before is not a new customer. */
  referredAt?: Date;
}

/**
 * The referrer's reward, keyed `referral:<friend id>` so it is awarded at most once, or null.
 * The qualifying order is the friend's first order, by (processedAt, id), that is paid, not
 * cancelled and not fully refunded — an earlier order that was cancelled or fully refunded
 * does not use up the referral. If the friend has a paid order before `referredAt`, there
 * is no reward. The points are pending until the qualifying order's approval period ends,
 * like the friend's own points; `reverseReferralReward` takes them back if that order is
 * then cancelled or fully refunded.
 */
export function referrerRewardOnFirstPaidOrder(input: ReferralRewardInput): LedgerEntry | null {
  const { referrer, friend, program, now, referredAt } = input;
  checkReferral({ referrer, friend });
  if (program.referral.referrerPoints <= 0) return null;
  const orders = input.friendOrders
    .filter((o) => o.customerId === friend.customerId && isPaid(o))
    .sort(byTimeThenId((o: LoyaltyOrder) => o.processedAt));
  // Platforms date orders in whole seconds (WooCommerce's date_created, Shopify's processed_at): an
  // order placed in the same second as the claim, a moment after it, reads as a little before it.
  const claimedSecond = referredAt && Math.floor(referredAt.getTime() / 1000) * 1000;
  if (claimedSecond && orders.some((o) => o.processedAt.getTime() < claimedSecond)) return null;
  const first = orders.find((o) => !isCancelled(o) && !isFullyRefunded(o));
  if (!first) return null;
  return {
    key: referralKey(friend.customerId),
    customerId: referrer.customerId as string, // checked by checkReferral
    kind: "referral",
    points: program.referral.referrerPoints,
    createdAt: now,
    availableAt: addDays(first.processedAt, program.approvalDays),
    orderId: first.id,
  };
}

/**
 * Takes back a referral reward whose qualifying order was cancelled or fully refunded (one
 * entry per friend, keyed `referral:<friend id>:reverse`), or null while that order still
 * counts. Partial refunds keep the reward. The reward is not re-awarded for a later order.
 */
export function reverseReferralReward(reward: LedgerEntry, friendOrder: LoyaltyOrder): LedgerEntry | null {
  if (reward.kind !== "referral" || !reward.key.startsWith("referral:"))
    throw new LoyaltyInputError(`entry ${reward.key} is not a referral reward`);
  if (reward.orderId !== friendOrder.id)
    throw new LoyaltyInputError(`reward ${reward.key} was earned on order ${reward.orderId}, not ${friendOrder.id}`);
  const friendId = reward.key.slice("referral:".length);
  let at: Date;
  let kind: "reverse_cancel" | "reverse_refund";
  if (friendOrder.cancelledAt) {
    at = friendOrder.cancelledAt;
    kind = "reverse_cancel";
  } else if (isFullyRefunded(friendOrder)) {
    const last = [...friendOrder.refunds]
      .sort(byTimeThenId((r: { processedAt: Date; id: string }) => r.processedAt))
      .at(-1);
    at = last?.processedAt ?? reward.createdAt;
    kind = "reverse_refund";
  } else return null;
  return {
    key: referralReversalKey(friendId),
    customerId: reward.customerId,
    kind,
    points: -reward.points,
    createdAt: at,
    availableAt: at,
    orderId: friendOrder.id,
  };
}
