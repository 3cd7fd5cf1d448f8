// The loyalty program's pure rules: settings, the points ledger, tiers and referrals.
// Pure TypeScript over plain data: no framework, database or clock (time is passed in).
// The database layer stores LedgerEntry rows (unique on key) and calls these functions.
export * from "./errors";
export * from "./ledger";
export * from "./orders";
export * from "./program";
export * from "./referrals";
export * from "./tiers";
