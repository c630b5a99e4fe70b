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
 * "599,94 kr", `formatMoney(500, 'AUD', 'en-AU')` → "A$5.00". For the UI edge only; never parse the result back. The currency may come
 * straight from a database column: one that is not ours shows as "59994 XYZ (minor units)"
 * rather than as a guess at its decimals.
 */
export function formatMoney(amountMinor: number, currency: string, locale: string): string {
  if (!isCurrencyCode(currency)) return `${amountMinor} ${currency} (minor units)`;
  // Intl formats a decimal string exactly (ES2023), so no division by 100 happens.
  const parts = new Intl.NumberFormat(locale, { style: 'currency', currency }).formatToParts(
    minorToDecimalString(amountMinor, currency) as `${number}`,
  );
  const symbol = UNAMBIGUOUS_SYMBOLS[currency];
  return parts.map((part) => (part.type === 'currency' && symbol ? symbol : part.value)).join('');
}

/**
 * Dollars are written with their country, in every locale: en-AU and en-US both print a bare "$",
 * and the shop sells in both. The other currencies' symbols (kr, €, £) are already unambiguous here.
 */
const UNAMBIGUOUS_SYMBOLS: Partial<Record<CurrencyCode, string>> = { USD: 'US$', AUD: 'A$' };

/** A typed amount read as minor units, or why it could not be read (a sentence for the person). */
export type MoneyInputReading = { ok: true; amount: number } | { ok: false; message: string };

/**
 * Reads a non-negative decimal amount typed by a person as minor units, string-based:
 * "99.99" → 9999, "99,99" → 9999, "99.9" → 9990, "99" → 9900, " 5.00 " → 500.
 *
 * One decimal mark, a point or a comma (the decimal comma of sv-SE, de-DE and most of Europe).
 * It never guesses, and says why instead:
 * - grouping separators ("1,000.00", "1 000", "1.000,50"): which mark is the decimal one differs
 *   between locales;
 * - more decimals than the currency has ("99.999", or "1,000" for a two-decimal currency): money
 *   is never silently rounded, and "1,000" may mean a thousand;
 * - signs, currency symbols, exponents, empty input, a bare "." or a trailing "99.";
 * - values beyond Number.MAX_SAFE_INTEGER minor units.
 */
export function readMoneyInput(text: string, currency: CurrencyCode): MoneyInputReading {
  const digits = minorUnitDigits(currency);
  const example = digits === 0 ? '120' : `120.${'5'.padEnd(digits, '0')} or 120,${'5'.padEnd(digits, '0')}`;
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, message: `Enter an amount in ${currency}, like ${example}.` };
  if (/^[-+]/.test(trimmed)) return { ok: false, message: 'Enter the amount without a sign.' };
  const separators = trimmed.match(/[.,]/g)?.length ?? 0;
  if (separators > 1 || /\d[\s'\u00a0\u202f]+\d/.test(trimmed)) {
    return { ok: false, message: `Write the amount without thousands separators, like ${example}.` };
  }
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(trimmed);
  if (!match) return { ok: false, message: `That is not an amount. Enter digits only, like ${example}.` };
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length > digits) {
    const thousands = trimmed.includes(',') && fraction.length === 3 ? ' For a thousand, write 1000.' : '';
    return {
      ok: false,
      message:
        digits === 0
          ? `${currency} amounts have no decimals; enter a whole number.`
          : `${currency} amounts have at most ${digits} decimals.${thousands}`,
    };
  }
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return { ok: false, message: 'That amount is too large.' };
  return { ok: true, amount: minor };
}

/** `readMoneyInput`'s amount, or null when it cannot be read. */
export function parseMoneyInput(text: string, currency: CurrencyCode): number | null {
  const reading = readMoneyInput(text, currency);
  return reading.ok ? reading.amount : null;
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
