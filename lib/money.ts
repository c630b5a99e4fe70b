/**
 * Money as integer minor units plus a currency. Everything here is pure integer
 * (or decimal-string) arithmetic: no `amount * 100`, no floats. Format with
 * `Intl` only at the edge, through `formatMoney`.
 */

export type CurrencyCode = 'SEK' | 'EUR' | 'GBP' | 'USD' | 'AUD';

export const CURRENCIES: readonly CurrencyCode[] = ['SEK', 'EUR', 'GBP', 'USD', 'AUD'];

/** Narrows an arbitrary string (a DB column, a query param) to one of our currencies. */
export function isCurrencyCode(value: string): value is CurrencyCode {
  return (CURRENCIES as readonly string[]).includes(value);
}

const minorDigitsCache = new Map<string, number>();

/**
 * Number of minor-unit digits of a currency (2 for all of ours), as ISO 4217
 * data in `Intl` says, so a zero- or three-decimal currency needs no code change.
 */
export function minorUnitDigits(currency: CurrencyCode): number {
  const cached = minorDigitsCache.get(currency);
  if (cached !== undefined) return cached;
  const digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
    .maximumFractionDigits;
  if (digits === undefined) throw new Error(`Intl reports no minor units for ${currency}`);
  minorDigitsCache.set(currency, digits);
  return digits;
}

function assertSafeInteger(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${what} must be a safe integer, got ${String(value)}`);
  }
}

/**
 * Renders minor units as an exact decimal string ("-1234.05") without floats,
 * so formatting can never be off by a rounding error.
 */
export function minorToDecimalString(amountMinor: number, currency: CurrencyCode): string {
  assertSafeInteger(amountMinor, 'amountMinor');
  const digits = minorUnitDigits(currency);
  const sign = amountMinor < 0 ? '-' : '';
  const abs = String(Math.abs(amountMinor)).padStart(digits + 1, '0');
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/**
 * Formats minor units for display, e.g. `formatMoney(59994, 'SEK', 'sv-SE')` →
 * "599,94 kr". For the UI edge only; never parse the result back. The currency may come
 * straight from a database column: one that is not ours shows as "59994 XYZ (minor units)"
 * rather than as a guess at its decimals.
 */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  if (!isCurrencyCode(currency)) return `${amountMinor} ${currency} (minor units)`;
  // Intl formats a decimal string exactly (ES2023), so no division by 100 happens.
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(
    minorToDecimalString(amountMinor, currency) as `${number}`,
  );
}

/**
 * Parses a non-negative decimal amount typed by a person into minor units,
 * string-based: "99.99" → 9999, "99.9" → 9990, "99" → 9900, " 5.00 " → 500.
 *
 * Returns null for anything ambiguous rather than guessing:
 * - more decimals than the currency has ("99.999"): we never silently round money;
 * - grouping separators or a decimal comma ("1,000.00", "1 000", "99,99"): a comma is a
 *   thousands separator in en-US but the decimal mark in sv-SE/de-DE, so it is rejected;
 * - signs, currency symbols, exponents, empty input, a bare "." or a trailing "99.";
 * - values beyond Number.MAX_SAFE_INTEGER minor units.
 */
export function parseMoneyInput(text: string, currency: CurrencyCode): number | null {
  const digits = minorUnitDigits(currency);
  const match = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!match) return null;
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/**
 * Integer division rounded half away from zero: 5/2 → 3, -5/2 → -3, 4/3 → 1.
 * This is the one rounding rule used for tax and percentage maths; being
 * symmetric, a negative (discount) amount gets exactly the negated result.
 * Exact for any safe-integer operands (BigInt inside, so products of amounts
 * and basis points cannot lose precision).
 */
export function divideRoundHalfAwayFromZero(numerator: number, denominator: number): number {
  assertSafeInteger(numerator, 'numerator');
  assertSafeInteger(denominator, 'denominator');
  if (denominator === 0) throw new RangeError('division by zero');
  return Number(divideRoundHalfAwayFromZeroBig(BigInt(numerator), BigInt(denominator)));
}

/**
 * `amount × basisPoints / 10000`, rounded half away from zero, e.g. 10 % (1000 bp) of 1999 → 200.
 */
export function applyBasisPoints(amount: number, basisPoints: number): number {
  assertSafeInteger(amount, 'amount');
  assertSafeInteger(basisPoints, 'basisPoints');
  return Number(divideRoundHalfAwayFromZeroBig(BigInt(amount) * BigInt(basisPoints), 10000n));
}

/**
 * The tax already included in a gross amount at `taxRate` basis points:
 * `amount × rate / (10000 + rate)`, rounded half away from zero. This is Klarna's
 * `total_amount − total_amount × 10000 / (10000 + tax_rate)` computed exactly, so the
 * result is always within ±0.5 of it (Klarna allows ±1). Negative for negative amounts.
 */
export function includedTax(amount: number, taxRate: number): number {
  assertSafeInteger(amount, 'amount');
  assertSafeInteger(taxRate, 'taxRate');
  if (taxRate < 0) throw new RangeError(`taxRate must not be negative, got ${taxRate}`);
  return Number(divideRoundHalfAwayFromZeroBig(BigInt(amount) * BigInt(taxRate), 10000n + BigInt(taxRate)));
}

function divideRoundHalfAwayFromZeroBig(n: bigint, d: bigint): bigint {
  const negative = n < 0n !== d < 0n;
  const absN = n < 0n ? -n : n;
  const absD = d < 0n ? -d : d;
  const quotient = (2n * absN + absD) / (2n * absD);
  return negative ? -quotient : quotient;
}

/**
 * Splits `total` into parts proportional to `weights` that sum to exactly `total`
 * (largest-remainder method). Each part gets floor(total × w / Σw); the minor units
 * left over go one each to the parts with the largest remainders, ties to the
 * earlier index, so the result is deterministic. With 0 ≤ total ≤ Σw no part ever
 * exceeds its weight. All weights 0 (or no weights) → all parts 0 and total must be 0.
 */
export function allocateProportionally(total: number, weights: readonly number[]): number[] {
  assertSafeInteger(total, 'total');
  if (total < 0) throw new RangeError(`total must not be negative, got ${total}`);
  weights.forEach((w, i) => {
    assertSafeInteger(w, `weights[${i}]`);
    if (w < 0) throw new RangeError(`weights[${i}] must not be negative, got ${w}`);
  });
  const weightSum = weights.reduce((sum, w) => sum + BigInt(w), 0n);
  if (weightSum === 0n) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total over zero weights');
    return weights.map(() => 0);
  }
  const bigTotal = BigInt(total);
  const shares = weights.map((w, index) => {
    const exact = bigTotal * BigInt(w);
    return { index, floor: exact / weightSum, remainder: exact % weightSum };
  });
  let leftover = bigTotal - shares.reduce((sum, s) => sum + s.floor, 0n);
  const byRemainder = [...shares].sort((a, b) =>
    a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1,
  );
  const parts = shares.map((s) => s.floor);
  for (const share of byRemainder) {
    if (leftover === 0n) break;
    parts[share.index] = share.floor + 1n;
    leftover -= 1n;
  }
  return parts.map(Number);
}
