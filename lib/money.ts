/**
 * Money is integer minor units of an ISO 4217 currency; nothing here uses floating point for amounts.
 * Tax is a rate in basis points (2000 = 20 %) rounded half-up per line, as invoices print it.
 */

/** Digits after the decimal point per currency (ISO 4217); 2 unless listed. */
const minorDigits: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
};

export const currencyDigits = (currency: string) => minorDigits[currency.toUpperCase()] ?? 2;

export type LineAmounts = { quantity: number; unitAmountMinor: number; taxRateBps: number };

/** Net amount of a line: quantity × unit amount. */
export const lineNetMinor = (line: LineAmounts) => line.quantity * line.unitAmountMinor;

/** Tax of a line, rounded half-up to a whole minor unit (integer arithmetic only). */
export function lineTaxMinor(line: LineAmounts): number {
  const numerator = lineNetMinor(line) * line.taxRateBps;
  if (!Number.isSafeInteger(numerator)) {
    // Beyond 2^53 a float product is no longer exact (new lines are capped well below; older ones
    // may not be): the same half-up rounding in BigInt.
    const exact = BigInt(line.quantity) * BigInt(line.unitAmountMinor) * BigInt(line.taxRateBps);
    const magnitude = ((exact < 0n ? -exact : exact) + 5000n) / 10_000n;
    return Number(exact < 0n ? -magnitude : magnitude);
  }
  const sign = numerator < 0 ? -1 : 1;
  return sign * Math.floor((Math.abs(numerator) + 5000) / 10_000);
}

/** Subtotal, tax and total of an invoice's lines. */
export function invoiceTotals(lines: LineAmounts[]) {
  let subtotalMinor = 0;
  let taxMinor = 0;
  for (const line of lines) {
    subtotalMinor += lineNetMinor(line);
    taxMinor += lineTaxMinor(line);
  }
  if (!Number.isSafeInteger(subtotalMinor + taxMinor)) throw new RangeError("Invoice total is too large");
  return { subtotalMinor, taxMinor, totalMinor: subtotalMinor + taxMinor };
}

/** "1234.50" for 123450 minor units of a 2-digit currency: exact, for providers that take decimal strings. */
export function minorToDecimalString(amountMinor: number, currency: string): string {
  const digits = currencyDigits(currency);
  const negative = amountMinor < 0;
  const text = String(Math.abs(amountMinor)).padStart(digits + 1, "0");
  const whole = digits ? text.slice(0, -digits) : text;
  const fraction = digits ? `.${text.slice(-digits)}` : "";
  return `${negative ? "-" : ""}${whole}${fraction}`;
}

/** Parses a provider's decimal amount ("1234.5", 1234.5) into exact minor units. */
export function decimalToMinor(value: string | number, currency: string): number {
  const digits = currencyDigits(currency);
  const text = typeof value === "number" ? value.toFixed(digits) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new RangeError(`Not a decimal amount: ${text}`);
  const [, sign, whole = "0", fraction = ""] = match;
  const padded = (fraction + "0".repeat(digits)).slice(0, digits);
  const rest = fraction.slice(digits);
  let minor = Number(whole) * 10 ** digits + Number(padded || "0");
  if (rest && Number(rest[0]) >= 5) minor += 1;
  return sign ? -minor : minor;
}

/** Tax rate as a percentage string, exact: 2000 bps → "20", 1250 → "12.5". */
export const bpsToPercentString = (bps: number) =>
  minorToDecimalString(bps, "XXX").replace(/\.?0+$/, "") || "0";

/** Formats minor units for people, e.g. "£1,234.50". */
export function formatMoney(amountMinor: number, currency: string, locale = "en-US"): string {
  const digits = currencyDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(Number(minorToDecimalString(amountMinor, currency)));
}
