// Decimal money strings ("404.95") to integer minor units, without ever passing through a
// float. The number of decimals comes from ISO 4217 (JPY 0, EUR 2, KWD 3).

const ZERO_DECIMALS = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "ISK",
  "JPY",
  "KMF",
  "KRW",
  "PYG",
  "RWF",
  "UGX",
  "UYI",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
]);
const THREE_DECIMALS = new Set(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]);
const FOUR_DECIMALS = new Set(["CLF", "UYW"]);

export class MoneyFormatError extends Error {
  readonly code = "MONEY_FORMAT";
}

export function currencyDecimals(currency: string): number {
  const c = currency.toUpperCase();
  if (!/^[A-Z]{3}$/.test(c)) throw new MoneyFormatError(`not an ISO 4217 currency code: "${currency}"`);
  if (ZERO_DECIMALS.has(c)) return 0;
  if (THREE_DECIMALS.has(c)) return 3;
  if (FOUR_DECIMALS.has(c)) return 4;
  return 2;
}

/** "404.95" EUR -> 40495n. Extra decimals beyond the currency's are rounded half away from zero. */
export function decimalToMinor(amount: string | number, currency: string): bigint {
  const text = typeof amount === "number" ? amount.toFixed(currencyDecimals(currency) + 2) : amount.trim();
  const m = /^(-)?(\d*)(?:\.(\d*))?$/.exec(text);
  if (!m || (m[2] === "" && (m[3] ?? "") === "")) throw new MoneyFormatError(`not a money amount: "${amount}"`);
  const decimals = currencyDecimals(currency);
  const frac = (m[3] ?? "").padEnd(decimals + 1, "0");
  let minor = BigInt((m[2] || "0") + frac.slice(0, decimals));
  if (Number(frac[decimals]) >= 5) minor += 1n; // round half away from zero on the next digit
  return m[1] ? -minor : minor;
}

/** 40495n EUR -> 404.95, 40495 JPY -> 40495, 40495 KWD -> 40.495: for display only (a float). */
export function minorToUnits(minor: bigint | number, currency: string): number {
  return Number(minor) / 10 ** currencyDecimals(currency);
}

/** 40495n EUR -> "404.95" */
export function minorToDecimal(minor: bigint | number, currency: string): string {
  const decimals = currencyDecimals(currency);
  const v = BigInt(minor);
  const neg = v < 0n;
  const digits = (neg ? -v : v).toString().padStart(decimals + 1, "0");
  const whole = digits.slice(0, digits.length - decimals);
  const frac = decimals ? "." + digits.slice(-decimals) : "";
  return (neg ? "-" : "") + whole + frac;
}
