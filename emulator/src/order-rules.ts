import { findMarket, regionOf } from './markets.js';
import type { OrderLine, OrderLineType, Region } from './types.js';

/**
 * Klarna's business rules on a cart (api-reference §3.6 rules 2–7), applied after the field
 * constraints pass. Each function returns the paths to report as `Bad value: <path>`.
 */

export interface CartFields {
  purchase_country: string;
  purchase_currency: string;
  locale?: string | undefined;
  order_amount: number;
  order_tax_amount?: number | undefined;
  order_lines: readonly OrderLine[];
}

/** Line types whose unit price and total may be negative (they reduce the order). */
const NEGATIVE_LINE_TYPES: ReadonlySet<OrderLineType> = new Set(['discount', 'gift_card', 'store_credit']);

/** Purchase country, currency and locale must form one of Klarna's markets, served by this region. */
export function marketIssues(
  cart: Omit<CartFields, 'order_amount' | 'order_lines'>,
  region: Region,
): string[] {
  const market = findMarket(cart.purchase_country);
  if (!market || regionOf(market.country) !== region) return ['purchase_country'];
  const issues: string[] = [];
  if (cart.purchase_currency.toUpperCase() !== market.currency) issues.push('purchase_currency');
  if (cart.locale !== undefined) {
    const locale = cart.locale.toLowerCase();
    if (!market.locales.some((candidate) => candidate.toLowerCase() === locale)) issues.push('locale');
  }
  return issues;
}

/**
 * The tax Klarna expects on a line: the tax part of a tax-inclusive total,
 * `total_amount − total_amount × 10000 / (10000 + tax_rate)`, unrounded.
 */
export function expectedLineTax(totalAmount: number, taxRate: number): number {
  return totalAmount - (totalAmount * 10000) / (10000 + taxRate);
}

/** US carts carry tax on separate `sales_tax` lines instead of per-line rates. */
export function usesSalesTaxLines(lines: readonly OrderLine[]): boolean {
  return lines.some((line) => line.type === 'sales_tax');
}

function linePath(index: number, field: string): string {
  return `order_lines[${index}].${field}`;
}

export function arithmeticIssues(cart: CartFields): string[] {
  const issues: string[] = [];
  const salesTaxModel = usesSalesTaxLines(cart.order_lines);
  let linesTotal = 0;
  let linesTax = 0;
  let salesTaxTotal = 0;

  // A plain loop and paths built only on failure: this runs on every session and order.
  for (let index = 0; index < cart.order_lines.length; index++) {
    const line = cart.order_lines[index] as OrderLine;
    const type = line.type ?? 'physical';
    const mayBeNegative = NEGATIVE_LINE_TYPES.has(type);
    if (!mayBeNegative && line.unit_price < 0) issues.push(linePath(index, 'unit_price'));

    const expectedTotal = line.quantity * line.unit_price - (line.total_discount_amount ?? 0);
    if (line.total_amount !== expectedTotal || (!mayBeNegative && line.total_amount < 0)) {
      issues.push(linePath(index, 'total_amount'));
    }

    if (salesTaxModel) {
      if (type === 'sales_tax') {
        salesTaxTotal += line.total_amount;
      } else {
        if ((line.tax_rate ?? 0) !== 0) issues.push(linePath(index, 'tax_rate'));
        if ((line.total_tax_amount ?? 0) !== 0) issues.push(linePath(index, 'total_tax_amount'));
      }
    } else if (line.tax_rate !== undefined) {
      const tax = line.total_tax_amount ?? 0;
      if (Math.abs(tax - expectedLineTax(line.total_amount, line.tax_rate)) > 1)
        issues.push(linePath(index, 'total_tax_amount'));
    }
    linesTotal += line.total_amount;
    linesTax += line.total_tax_amount ?? 0;
  }

  if (cart.order_amount !== linesTotal) issues.push('order_amount');

  if (cart.order_tax_amount !== undefined) {
    if (salesTaxModel) {
      if (cart.order_tax_amount !== salesTaxTotal) issues.push('order_tax_amount');
    } else {
      // "Error tolerance ±items": one minor unit per order line of rounding slack.
      const tolerance = cart.order_lines.length;
      if (Math.abs(cart.order_tax_amount - linesTax) > tolerance) issues.push('order_tax_amount');
    }
  }
  return issues;
}
